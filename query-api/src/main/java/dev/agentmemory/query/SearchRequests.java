package dev.agentmemory.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.MemoryIndex;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Builds the {@code _msearch} a retrieval sends: kNN and BM25 on the tenant's alias, both scoped by
 * the same filter — tenant and user always, then the request's type, time and metadata filters, and
 * superseded memories left out unless asked for. The filter sits inside the kNN query, so the HNSW
 * search itself only visits this user's vectors. Public so the retrieval benchmark sends exactly
 * the same request to the engine. Stateless and thread-safe.
 */
public final class SearchRequests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final MemoryConfig.Retrieval config;

    public SearchRequests(MemoryConfig.Retrieval config) {
        this.config = config;
    }

    /** The NDJSON body: header and body for kNN, then for BM25. */
    public byte[] msearch(RetrievalRequest request, float[] vector) {
        return msearch(request, vectorJson(vector));
    }

    /**
     * The same, with the query vector already written as a JSON array ({@link #vectorJson}). Built as
     * a tree and written in one pass: this runs on every retrieval, and nested maps cost Jackson a
     * serializer look-up per value.
     */
    public byte[] msearch(RetrievalRequest request, RawValue vector) {
        int pool = config.candidatePool();
        ObjectNode header = NODES.objectNode()
                .put("index", MemoryIndex.alias(request.tenantId()))
                .put("ignore_unavailable", true);
        ObjectNode scope = scope(request);

        ObjectNode knn = leg(pool);
        ObjectNode embedding = knn.putObject("query").putObject("knn").putObject("embedding");
        embedding.putRawValue("vector", vector);
        embedding.put("k", pool);
        embedding.set("filter", scope);
        embedding.putObject("method_parameters").put("ef_search", config.hnsw().efSearch());

        ObjectNode bm25 = leg(pool);
        ObjectNode bool = bm25.putObject("query").putObject("bool");
        bool.putObject("must").putObject("match").put("content", request.query());
        bool.set("filter", scope);

        ByteArrayOutputStream out = new ByteArrayOutputStream(8 * 1024);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.setRootValueSeparator(null); // each line ends with a newline, and nothing else between them
            for (ObjectNode line : List.of(header, knn, header, bm25)) {
                json.writeTree(line);
                json.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    /** A leg's body: the candidate pool's size, stored documents without their vector. */
    private static ObjectNode leg(int pool) {
        ObjectNode leg = NODES.objectNode().put("size", pool);
        leg.putObject("_source").putArray("excludes").add("embedding");
        return leg;
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

    static ObjectNode scope(RetrievalRequest request) {
        ObjectNode bool = NODES.objectNode();
        ArrayNode filters = bool.putArray("filter");
        filters.addObject().putObject("term").put("tenant_id", request.tenantId());
        filters.addObject().putObject("term").put("user_id", request.userId());
        if (!request.types().isEmpty()) {
            ArrayNode types = filters.addObject().putObject("terms").putArray("type");
            request.types().forEach(types::add);
        }
        if (request.occurredAfter() != null || request.occurredBefore() != null) {
            ObjectNode range = filters.addObject().putObject("range").putObject("occurred_at");
            if (request.occurredAfter() != null) {
                range.put("gte", request.occurredAfter().toString());
            }
            if (request.occurredBefore() != null) {
                range.put("lte", request.occurredBefore().toString());
            }
        }
        request.metadata()
                .forEach((key, value) ->
                        filters.addObject().putObject("term").put("metadata." + key, String.valueOf(value)));
        ArrayNode excluded = bool.putArray("must_not");
        // a duplicate folded into another memory is never returned: its canonical memory is
        excluded.addObject().putObject("exists").put("field", "merged_into");
        if (request.asOf() != null) {
            // as the memory stood then, in event time like superseded_at: true by then (occurred_at,
            // else acceptance), and not replaced by then
            String asOf = request.asOf().toString();
            ObjectNode then = filters.addObject().putObject("bool");
            ArrayNode should = then.putArray("should");
            should.addObject().putObject("range").putObject("occurred_at").put("lte", asOf);
            ObjectNode acceptedThen = should.addObject().putObject("bool");
            acceptedThen.putObject("must_not").putObject("exists").put("field", "occurred_at");
            acceptedThen
                    .putObject("filter")
                    .putObject("range")
                    .putObject("created_at")
                    .put("lte", asOf);
            then.put("minimum_should_match", 1);
            if (!request.includeSuperseded()) {
                excluded.addObject()
                        .putObject("range")
                        .putObject("superseded_at")
                        .put("lte", asOf);
            }
        } else if (!request.includeSuperseded()) {
            excluded.addObject().putObject("exists").put("field", "superseded_by");
        }
        ObjectNode scope = NODES.objectNode();
        scope.set("bool", bool);
        return scope;
    }
}
