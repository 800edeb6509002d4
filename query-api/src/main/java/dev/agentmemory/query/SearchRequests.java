package dev.agentmemory.query;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.MemoryIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the {@code _msearch} a retrieval sends: kNN and BM25 on the tenant's alias, both scoped by
 * the same filter — tenant and user always, then the request's type, time and metadata filters, and
 * superseded memories left out unless asked for. The filter sits inside the kNN query, so the HNSW
 * search itself only visits this user's vectors. Public so the retrieval benchmark sends exactly
 * the same request to the engine. Stateless and thread-safe.
 */
public final class SearchRequests {

    private static final List<String> SOURCE_EXCLUDES = List.of("embedding");

    private final MemoryConfig.Retrieval config;

    public SearchRequests(MemoryConfig.Retrieval config) {
        this.config = config;
    }

    /** The four NDJSON lines: header and body for kNN, then for BM25. */
    public List<Map<String, Object>> msearch(RetrievalRequest request, float[] vector) {
        return msearch(request, vectorJson(vector));
    }

    /** The same, with the query vector already written as a JSON array ({@link #vectorJson}). */
    public List<Map<String, Object>> msearch(RetrievalRequest request, RawValue vector) {
        int pool = config.candidatePool();
        Map<String, Object> header = Map.of("index", MemoryIndex.alias(request.tenantId()), "ignore_unavailable", true);
        Map<String, Object> scope = scope(request);
        Map<String, Object> knn = Map.of(
                "size", pool,
                "_source", Map.of("excludes", SOURCE_EXCLUDES),
                "query",
                        Map.of(
                                "knn",
                                Map.of(
                                        "embedding",
                                        Map.of(
                                                "vector", vector,
                                                "k", pool,
                                                "filter", scope,
                                                "method_parameters",
                                                        Map.of(
                                                                "ef_search",
                                                                config.hnsw().efSearch())))));
        Map<String, Object> bm25 = Map.of(
                "size", pool,
                "_source", Map.of("excludes", SOURCE_EXCLUDES),
                "query",
                        Map.of(
                                "bool",
                                Map.of("must", Map.of("match", Map.of("content", request.query())), "filter", scope)));
        return List.of(header, knn, header, bm25);
    }

    /**
     * A query vector as a JSON array, written once: a cached query's vector is not turned into
     * decimal text again on every retrieval.
     */
    public static RawValue vectorJson(float[] vector) {
        StringBuilder json = new StringBuilder(vector.length * 12).append('[');
        for (int i = 0; i < vector.length; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(vector[i]);
        }
        return new RawValue(json.append(']').toString());
    }

    static Map<String, Object> scope(RetrievalRequest request) {
        List<Object> filters = new ArrayList<>();
        filters.add(Map.of("term", Map.of("tenant_id", request.tenantId())));
        filters.add(Map.of("term", Map.of("user_id", request.userId())));
        if (!request.types().isEmpty()) {
            filters.add(Map.of("terms", Map.of("type", request.types())));
        }
        if (request.occurredAfter() != null || request.occurredBefore() != null) {
            Map<String, Object> range = new java.util.HashMap<>();
            if (request.occurredAfter() != null) {
                range.put("gte", request.occurredAfter().toString());
            }
            if (request.occurredBefore() != null) {
                range.put("lte", request.occurredBefore().toString());
            }
            filters.add(Map.of("range", Map.of("occurred_at", range)));
        }
        request.metadata()
                .forEach((key, value) -> filters.add(Map.of("term", Map.of("metadata." + key, String.valueOf(value)))));
        Map<String, Object> bool = new java.util.HashMap<>();
        bool.put("filter", filters);
        // a duplicate folded into another memory is never returned: its canonical memory is
        List<Object> excluded = new ArrayList<>(List.of(Map.of("exists", Map.of("field", "merged_into"))));
        if (request.asOf() != null) {
            // as the memory stood then, in event time like superseded_at: true by then (occurred_at,
            // else acceptance), and not replaced by then
            String asOf = request.asOf().toString();
            filters.add(Map.of(
                    "bool",
                    Map.of(
                            "should",
                            List.of(
                                    Map.of("range", Map.of("occurred_at", Map.of("lte", asOf))),
                                    Map.of(
                                            "bool",
                                            Map.of(
                                                    "must_not",
                                                    Map.of("exists", Map.of("field", "occurred_at")),
                                                    "filter",
                                                    Map.of("range", Map.of("created_at", Map.of("lte", asOf)))))),
                            "minimum_should_match",
                            1)));
            if (!request.includeSuperseded()) {
                excluded.add(Map.of("range", Map.of("superseded_at", Map.of("lte", asOf))));
            }
        } else if (!request.includeSuperseded()) {
            excluded.add(Map.of("exists", Map.of("field", "superseded_by")));
        }
        bool.put("must_not", excluded);
        return Map.of("bool", bool);
    }
}
