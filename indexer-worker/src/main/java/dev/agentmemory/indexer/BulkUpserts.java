package dev.agentmemory.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.runtime.search.OpenSearch;
import dev.agentmemory.runtime.search.TenantIndices;
import dev.agentmemory.schemas.MemoryIndex;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Partial upserts of memory documents in one {@code _bulk}: each merges its fields into the
 * document (creating it if need be), so a memory and the decisions about it can be written in any
 * order. Used by both indexer loops. Thread-safe.
 */
final class BulkUpserts {

    /** Fields to merge into the document of one memory. */
    record Upsert(String tenantId, String memoryId, Map<String, Object> fields) {}

    private final OpenSearch search;
    private final TenantIndices indices;
    private final Counter bulkErrors;

    BulkUpserts(OpenSearch search, TenantIndices indices, MeterRegistry registry) {
        this.search = search;
        this.indices = indices;
        this.bulkErrors = Counter.builder("memory_index_bulk_errors_total")
                .description("bulk requests or items OpenSearch did not accept")
                .register(registry);
    }

    /**
     * Writes them; answers the positions of those OpenSearch refused for good (400: the mapping
     * refuses them) with OpenSearch's reason, throws on anything retriable (the caller's loop backs
     * off and retries).
     */
    Map<Integer, String> send(List<Upsert> upserts) throws IOException {
        if (upserts.isEmpty()) {
            return Map.of();
        }
        List<Object> lines = new ArrayList<>(upserts.size() * 2);
        for (Upsert u : upserts) {
            indices.ensure(u.tenantId());
            lines.add(Map.of("update", MemoryIndex.upsertAction(u.tenantId(), u.memoryId())));
            lines.add(Map.of("doc", u.fields(), "doc_as_upsert", true));
        }
        OpenSearch.Reply reply = search.ndjson("/_bulk", Map.of("refresh", "false"), lines);
        if (!reply.ok()) {
            bulkErrors.increment();
            throw new IOException("bulk request failed with HTTP " + reply.status() + ": " + reply.body());
        }
        Map<Integer, String> refused = new LinkedHashMap<>();
        if (reply.body().path("errors").asBoolean(false)) {
            JsonNode items = reply.body().path("items");
            for (int i = 0; i < items.size(); i++) {
                JsonNode result = items.get(i).path("update");
                int status = result.path("status").asInt();
                if (status >= 300) {
                    bulkErrors.increment();
                }
                if (status == 400) {
                    JsonNode error = result.path("error");
                    refused.put(
                            i,
                            "refused by the index mapping: "
                                    + error.path("type").asText("?") + ": "
                                    + error.path("reason").asText(""));
                } else if (status >= 300) {
                    throw new IOException("bulk item failed with HTTP " + status + ": " + result.path("error"));
                }
            }
        }
        return refused;
    }
}
