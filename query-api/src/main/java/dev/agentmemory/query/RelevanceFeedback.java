package dev.agentmemory.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentmemory.runtime.http.Problem;
import dev.agentmemory.runtime.http.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Remembers recent retrievals (an hour, by {@code retrieval_id}) so that feedback on a result can
 * be checked against what was actually returned, and turns the feedback into {@code
 * memory_retrieval_relevance_score{tenant}}: the share of results judged relevant, as a moving
 * average ({@link TenantAverages}). Thread-safe.
 */
final class RelevanceFeedback {

    private record Retrieval(String tenantId, Set<String> memoryIds) {}

    private final Cache<String, Retrieval> recent = Caffeine.newBuilder()
            .maximumSize(200_000)
            .expireAfterWrite(Duration.ofHours(1))
            .build();
    private final TenantAverages relevance;

    RelevanceFeedback(MeterRegistry registry) {
        this.relevance = new TenantAverages(
                "memory_retrieval_relevance_score",
                "share of retrieved memories judged relevant (feedback, moving average)",
                registry);
    }

    void remember(String retrievalId, String tenantId, List<RetrievedMemory> results) {
        recent.put(
                retrievalId,
                new Retrieval(
                        tenantId,
                        Set.copyOf(
                                results.stream().map(RetrievedMemory::memoryId).toList())));
    }

    /** Records one judgement; the retrieval must be the caller's tenant's and must have returned the memory. */
    void judge(String tenantId, String retrievalId, String memoryId, boolean relevant) {
        Retrieval retrieval = recent.getIfPresent(retrievalId);
        if (retrieval == null || !retrieval.tenantId().equals(tenantId)) {
            throw new ProblemException(
                    Problem.of(
                            404,
                            "unknown-retrieval",
                            "Unknown retrieval",
                            "no recent retrieval '" + retrievalId + "' for this tenant (retrievals are kept an hour)"),
                    null);
        }
        if (!retrieval.memoryIds().contains(memoryId)) {
            throw ProblemException.badRequest(
                    "memory '" + memoryId + "' was not a result of retrieval '" + retrievalId + "'");
        }
        relevance.record(tenantId, relevant ? 1 : 0);
    }
}
