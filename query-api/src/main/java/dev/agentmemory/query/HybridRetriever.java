package dev.agentmemory.query;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.util.RawValue;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.runtime.http.Problem;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.runtime.retry.ModelApiErrors;
import dev.agentmemory.runtime.search.OpenSearch;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hybrid retrieval for one user of one tenant: embeds the query (cached), sends kNN and BM25 to the
 * tenant's alias in one {@code _msearch} ({@link SearchRequests}) and fuses the two candidate lists
 * ({@link Fusion}). Callers must have checked the API key against the tenant first. Thread-safe.
 */
final class HybridRetriever {

    /** The answer to one retrieval, as the API returns it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record Retrieval(String retrievalId, List<RetrievedMemory> results) {}

    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    /**
     * What the query-vector cache may hold. A cached vector is kept as its JSON text (about 4.6 KB
     * for 384 numbers) with the question: {@code embedding.cache.max_entries} (50,000, sized for
     * the embedder's) of them would take up to half of query-api's heap, so here the cache is
     * bounded by bytes: about 13,000 questions of ordinary length.
     */
    static final long QUERY_CACHE_BYTES = 64L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(HybridRetriever.class);

    private final OpenSearch search;
    private final EmbeddingModels.Named model;
    private final SearchRequests requests;
    private final Fusion fusion;
    private final TenantConcurrency concurrency;
    private final RelevanceFeedback feedback;
    private final Clock clock;
    private final Cache<String, RawValue> queryVectors;
    private final Timer latency;
    private final TenantAverages resultCount;
    private final TenantAverages staleRatio;

    HybridRetriever(
            OpenSearch search,
            EmbeddingModels.Named model,
            MemoryConfig config,
            RelevanceFeedback feedback,
            Clock clock,
            MeterRegistry registry) {
        this.search = search;
        this.model = model;
        this.requests = new SearchRequests(config.retrieval());
        this.fusion = new Fusion(config.retrieval(), config.consistency().decay());
        this.concurrency = new TenantConcurrency(config.tenant().maxRetrievalConcurrent());
        this.feedback = feedback;
        this.clock = clock;
        MemoryConfig.Cache cache = config.embedding().cache();
        this.queryVectors = Caffeine.newBuilder()
                .maximumWeight(cache.enabled() ? QUERY_CACHE_BYTES : 0)
                .weigher((String query, RawValue vector) -> weight(query, vector))
                .expireAfterWrite(Duration.ofSeconds(cache.ttlSeconds()))
                .recordStats()
                .build();
        CaffeineCacheMetrics.monitor(registry, queryVectors, "memory_query_embedding_cache");
        this.latency = Timer.builder("memory_retrieval_latency_seconds")
                .description("time to answer a retrieval, embedding included")
                .publishPercentileHistogram()
                .register(registry);
        this.resultCount = new TenantAverages(
                "memory_retrieval_result_count", "results returned per retrieval", 1, registry, clock::millis);
        this.staleRatio = new TenantAverages(
                "memory_stale_fact_ratio",
                "share of returned memories whose decay weight is at its floor",
                10,
                registry,
                clock::millis);
    }

    Retrieval retrieve(RetrievalRequest request) {
        return concurrency.run(
                request.tenantId(),
                () -> latency.record(() -> {
                    RawValue vector = embed(request.query());
                    List<SearchAnswer.Leg> legs =
                            msearch(requests.msearch(request, vector)).responses();
                    List<RetrievedMemory> results = fusion.fuse(
                            hits(legs.get(0)),
                            hits(legs.get(1)),
                            request.asOf() != null ? request.asOf() : clock.instant(),
                            request.topK(),
                            request.explain());
                    String retrievalId = UUID.randomUUID().toString();
                    feedback.remember(retrievalId, request.tenantId(), results);
                    resultCount.record(request.tenantId(), results.size());
                    if (!results.isEmpty()) {
                        long stale = results.stream()
                                .filter(r -> fusion.stale(r.parts()))
                                .count();
                        staleRatio.record(request.tenantId(), (double) stale / results.size());
                    }
                    return new Retrieval(retrievalId, results);
                }));
    }

    /** Bytes a cached query vector takes: the question (up to 2 bytes a char) and the JSON text. */
    static int weight(String query, RawValue vector) {
        return 2 * query.length() + ((String) vector.rawValue()).length() + 100;
    }

    /**
     * The query's vector as JSON (cached). A remote model that fails answers 504 when it timed out,
     * else 503: never the client's fault, never a 500.
     */
    private RawValue embed(String query) {
        try {
            return queryVectors.get(
                    query,
                    q -> SearchRequests.vectorJson(
                            model.queries().embed(q).content().vector()));
        } catch (RuntimeException e) {
            log.warn("embedding a query failed: {}", ModelApiErrors.describe(e));
            if (timedOut(e)) {
                throw new ProblemException(
                        Problem.of(
                                504,
                                "embedding-timeout",
                                "Embedding timed out",
                                "the embedding model did not answer in time"),
                        null);
            }
            throw ProblemException.unavailable("the embedding model is unavailable", RETRY_AFTER);
        }
    }

    private static boolean timedOut(Throwable error) {
        return ModelApiErrors.find(error, java.util.concurrent.TimeoutException.class) != null
                || ModelApiErrors.find(error, java.net.http.HttpTimeoutException.class) != null
                || ModelApiErrors.find(error, InterruptedIOException.class) != null;
    }

    private SearchAnswer msearch(byte[] ndjson) {
        OpenSearch.Typed<SearchAnswer> reply;
        try {
            reply = search.msearch(ndjson, SearchAnswer.class);
        } catch (InterruptedIOException e) {
            // an answer, a connection or a pooled connection that did not come in time
            // (SocketTimeoutException, ConnectTimeoutException, ConnectionRequestTimeoutException)
            throw new ProblemException(
                    Problem.of(504, "search-timeout", "Search timed out", "the index did not answer in time"), null);
        } catch (IOException e) {
            throw ProblemException.unavailable("the search index is unreachable", RETRY_AFTER);
        }
        if (!reply.ok()
                || reply.body().responses() == null
                || reply.body().responses().size() != 2) {
            throw ProblemException.unavailable("the search index answered HTTP " + reply.status(), RETRY_AFTER);
        }
        return reply.body();
    }

    /** The hits of one search of the {@code _msearch}; a tenant with no index yet simply has none. */
    private static List<Fusion.Hit> hits(SearchAnswer.Leg leg) {
        if (leg.error() != null) {
            if ("index_not_found_exception".equals(leg.error().type())) {
                return List.of();
            }
            throw ProblemException.unavailable(
                    "the search failed: " + leg.error().type(), RETRY_AFTER);
        }
        return leg.hits() == null || leg.hits().hits() == null
                ? List.of()
                : leg.hits().hits();
    }
}
