package dev.agentmemory.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.runtime.config.MemoryConfig;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchRequestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final SearchRequests requests = new SearchRequests(
            new MemoryConfig.Retrieval(0.6, 0.25, 0.15, new MemoryConfig.Hnsw(200, 32, 128), 50, 10, 50));

    private static List<JsonNode> lines(byte[] ndjson) throws Exception {
        String text = new String(ndjson, StandardCharsets.UTF_8);
        assertTrue(text.endsWith("\n"), "NDJSON ends with a newline");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            assertFalse(line.isBlank() || Character.isWhitespace(line.charAt(0)), "one JSON object a line: " + line);
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    @Test
    void knnAndBm25OnTheTenantAliasScopedToTheUserInsideBothLegs() throws Exception {
        var lines = lines(requests.msearch(
                RetrievalRequest.plain("acme", "alice", "which theme?", 10), new float[] {0.25f, -1f}));

        assertEquals(4, lines.size());
        assertEquals("memory-acme", lines.get(0).path("index").asText());
        assertEquals(lines.get(0), lines.get(2));
        JsonNode knn = lines.get(1);
        assertEquals(50, knn.path("size").asInt());
        assertEquals("embedding", knn.path("_source").path("excludes").path(0).asText());
        JsonNode embedding = knn.path("query").path("knn").path("embedding");
        assertEquals(JSON.readTree("[0.25,-1.0]"), embedding.path("vector"));
        assertEquals(50, embedding.path("k").asInt());
        assertEquals(128, embedding.path("method_parameters").path("ef_search").asInt());
        JsonNode bm25 = lines.get(3).path("query").path("bool");
        assertEquals(
                "which theme?", bm25.path("must").path("match").path("content").asText());

        JsonNode scope = embedding.path("filter");
        assertEquals(scope, bm25.path("filter"), "the same scope in both legs");
        assertEquals(JSON.readTree("""
                        {"bool":{"filter":[{"term":{"tenant_id":"acme"}},{"term":{"user_id":"alice"}}],
                                 "must_not":[{"exists":{"field":"merged_into"}},{"exists":{"field":"superseded_by"}}]}}
                        """), scope);
    }

    @Test
    void filtersAndAsOfJoinTheScope() throws Exception {
        Instant after = Instant.parse("2026-01-01T00:00:00Z");
        Instant asOf = Instant.parse("2026-06-01T00:00:00Z");
        var request = new RetrievalRequest(
                "acme",
                "alice",
                "q",
                5,
                List.of("fact", "event"),
                after,
                null,
                Map.of("source", "chat"),
                false,
                false,
                asOf);
        JsonNode scope = lines(requests.msearch(request, new float[] {1f}))
                .get(1)
                .path("query")
                .path("knn")
                .path("embedding")
                .path("filter")
                .path("bool");

        JsonNode filters = scope.path("filter");
        assertEquals(JSON.readTree("{\"terms\":{\"type\":[\"fact\",\"event\"]}}"), filters.get(2));
        assertEquals(JSON.readTree("{\"range\":{\"occurred_at\":{\"gte\":\"2026-01-01T00:00:00Z\"}}}"), filters.get(3));
        assertEquals(JSON.readTree("{\"term\":{\"metadata.source\":\"chat\"}}"), filters.get(4));
        assertEquals(1, filters.get(5).path("bool").path("minimum_should_match").asInt());
        assertEquals(
                JSON.readTree("{\"range\":{\"superseded_at\":{\"lte\":\"2026-06-01T00:00:00Z\"}}}"),
                scope.path("must_not").get(1),
                "as of a time, what was replaced by then is left out, not everything replaced since");
    }
}
