package dev.agentmemory.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.runtime.http.Problem;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.runtime.search.OpenSearch;
import dev.agentmemory.schemas.MemoryIndex;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hybrid retrieval for one user of one tenant: embeds the query (cached), sends kNN and BM25 for
 * the tenant's alias in one {@code _msearch} with the tenant and user filter inside both queries,
 * and fuses the two candidate lists ({@link Fusion}). Callers must have checked the API key
 * against the tenant before calling. Thread-safe.
 */
final class HybridRetriever {

    private static final List<String> SOURCE_EXCLUDES = List.of("embedding");

    private final OpenSearch search;
    private final EmbeddingModels.Named model;
    private final MemoryConfig.Retrieval config;
    private final Fusion fusion;
    private final Clock clock;
    private final Cache<String, float[]> queryVectors;
    private final Timer latency;
    private final DistributionSummary resultCount;

    HybridRetriever(
            OpenSearch search, EmbeddingModels.Named model, MemoryConfig config, Clock clock, MeterRegistry registry) {
        this.search = search;
        this.model = model;
        this.config = config.retrieval();
        this.fusion = new Fusion(config.retrieval(), config.consistency().decay());
        this.clock = clock;
        MemoryConfig.Cache cache = config.embedding().cache();
        this.queryVectors = Caffeine.newBuilder()
                .maximumSize(cache.enabled() ? cache.maxEntries() : 0)
                .expireAfterWrite(Duration.ofSeconds(cache.ttlSeconds()))
                .build();
        this.latency = Timer.builder("memory_retrieval_latency_seconds")
                .description("time to answer a retrieval, embedding included")
                .publishPercentileHistogram()
                .register(registry);
        this.resultCount = DistributionSummary.builder("memory_retrieval_result_count")
                .description("results returned per retrieval")
                .register(registry);
    }

    List<RetrievedMemory> retrieve(String tenantId, String userId, String query, int topK) {
        Timer.Sample sample = Timer.start();
        float[] vector =
                queryVectors.get(query, q -> model.model().embed(q).content().vector());
        JsonNode responses = msearch(tenantId, userId, query, vector).path("responses");
        List<RetrievedMemory> results =
                fusion.fuse(hits(responses.get(0)), hits(responses.get(1)), clock.instant(), topK);
        sample.stop(latency);
        resultCount.record(results.size());
        return results;
    }

    private JsonNode msearch(String tenantId, String userId, String query, float[] vector) {
        int pool = config.candidatePool();
        Map<String, Object> header = Map.of("index", MemoryIndex.alias(tenantId), "ignore_unavailable", true);
        List<Map<String, Object>> scope =
                List.of(Map.of("term", Map.of("tenant_id", tenantId)), Map.of("term", Map.of("user_id", userId)));
        Map<String, Object> knn = Map.of(
                "size", pool,
                "_source", Map.of("excludes", SOURCE_EXCLUDES),
                "query",
                        Map.of(
                                "knn",
                                Map.of(
                                        "embedding",
                                        Map.of(
                                                "vector",
                                                vector,
                                                "k",
                                                pool,
                                                // the filter runs inside the HNSW search: never a post-filter over
                                                // other tenants' hits
                                                "filter",
                                                Map.of("bool", Map.of("filter", scope)),
                                                "method_parameters",
                                                Map.of(
                                                        "ef_search",
                                                        config.hnsw().efSearch())))));
        Map<String, Object> bm25 = Map.of(
                "size", pool,
                "_source", Map.of("excludes", SOURCE_EXCLUDES),
                "query", Map.of("bool", Map.of("must", Map.of("match", Map.of("content", query)), "filter", scope)));
        OpenSearch.Reply reply;
        try {
            reply = search.ndjson("/_msearch", Map.of(), List.of(header, knn, header, bm25));
        } catch (SocketTimeoutException e) {
            throw new ProblemException(
                    Problem.of(504, "search-timeout", "Search timed out", "the index did not answer in time"), null);
        } catch (IOException e) {
            throw ProblemException.unavailable("the search index is unreachable", Duration.ofSeconds(5));
        }
        if (!reply.ok()) {
            throw ProblemException.unavailable(
                    "the search index answered HTTP " + reply.status(), Duration.ofSeconds(5));
        }
        return reply.body();
    }

    /** The hits of one {@code _msearch} response; a tenant with no index yet simply has none. */
    private static List<Fusion.Hit> hits(JsonNode response) {
        JsonNode error = response.path("error");
        if (!error.isMissingNode()) {
            if ("index_not_found_exception".equals(error.path("type").asText())) {
                return List.of();
            }
            throw ProblemException.unavailable(
                    "the search failed: " + error.path("type").asText(), Duration.ofSeconds(5));
        }
        List<Fusion.Hit> hits = new ArrayList<>();
        for (JsonNode hit : response.path("hits").path("hits")) {
            hits.add(new Fusion.Hit(hit.path("_id").asText(), hit.path("_score").asDouble(), hit.path("_source")));
        }
        return hits;
    }
}
