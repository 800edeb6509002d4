package dev.agentmemory.query;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.runtime.config.MemoryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses the kNN and BM25 candidate lists into one ranking. Each leg is brought to [0, 1] before
 * weighting, because their raw scales differ:
 *
 * <ul>
 *   <li>vector: OpenSearch's cosine score is (1 + cos) / 2; we use cos itself, floored at 0, so an
 *       unrelated text (cos ≈ 0) adds nothing instead of half the weight;
 *   <li>lexical: BM25 is unbounded and query-dependent, so it is divided by the best BM25 score of
 *       this query (the top lexical match gets 1);
 *   <li>temporal: 0.5^(age / half-life), from {@code consistency.decay.half_life_days}.
 * </ul>
 *
 * A candidate missing from one leg scores 0 there. Ties are broken by newest first, then by id, so
 * the same candidates always give the same order. Pure and thread-safe.
 */
final class Fusion {

    /** One candidate as a leg returned it: the stored document (without its vector) and the raw score. */
    record Hit(String id, double score, JsonNode source) {}

    private final MemoryConfig.Retrieval weights;
    private final double halfLifeDays;

    Fusion(MemoryConfig.Retrieval weights, MemoryConfig.Decay decay) {
        this.weights = weights;
        this.halfLifeDays = decay.halfLifeDays();
    }

    List<RetrievedMemory> fuse(List<Hit> vectorHits, List<Hit> lexicalHits, Instant now, int topK) {
        Map<String, RetrievedMemory.Builder> byId = new LinkedHashMap<>();
        for (Hit hit : vectorHits) {
            builder(byId, hit).vector = Math.max(0, 2 * hit.score() - 1);
        }
        double bestLexical = lexicalHits.stream().mapToDouble(Hit::score).max().orElse(1);
        for (Hit hit : lexicalHits) {
            builder(byId, hit).lexical = bestLexical > 0 ? hit.score() / bestLexical : 0;
        }
        return byId.values().stream()
                .map(b -> b.build(weights, recency(b.createdAt, now)))
                .sorted(Comparator.comparingDouble(RetrievedMemory::score)
                        .reversed()
                        .thenComparing(RetrievedMemory::createdAt, Comparator.reverseOrder())
                        .thenComparing(RetrievedMemory::memoryId))
                .limit(topK)
                .toList();
    }

    double recency(Instant createdAt, Instant now) {
        double ageDays = Math.max(0, Duration.between(createdAt, now).toMillis() / 86_400_000.0);
        return Math.pow(0.5, ageDays / halfLifeDays);
    }

    private static RetrievedMemory.Builder builder(Map<String, RetrievedMemory.Builder> byId, Hit hit) {
        return byId.computeIfAbsent(hit.id(), id -> new RetrievedMemory.Builder(hit.source()));
    }
}
