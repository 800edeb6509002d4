package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.system.Gateway.Reply;
import dev.agentmemory.system.Gateway.Tenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Retrieval options, browsing and feedback, through the gateway. */
class RetrievalIT {

    private static Tenant tenant;
    private static final Map<String, String> ids = new HashMap<>();

    @BeforeAll
    static void memories() {
        tenant = Gateway.newTenant("retrieval");
        ids.put(
                "tea",
                ingest(Map.of(
                        "content",
                        "I drink green tea every morning",
                        "type",
                        "preference",
                        "metadata",
                        Map.of("source", "chat", "topic", "food"),
                        "occurred_at",
                        "2026-01-10T08:00:00Z")));
        ids.put(
                "coffee",
                ingest(Map.of(
                        "content",
                        "I stopped drinking coffee last year",
                        "type",
                        "fact",
                        "metadata",
                        Map.of("source", "email"),
                        "occurred_at",
                        "2025-03-01T08:00:00Z")));
        ids.put(
                "meeting",
                ingest(Map.of(
                        "content",
                        "Team meeting about tea supplies on Friday",
                        "type",
                        "event",
                        "metadata",
                        Map.of("source", "chat"))));
        for (String id : ids.values()) {
            tenant.awaitSearchable("alice", "tea coffee meeting", id);
        }
    }

    private static String ingest(Map<String, Object> fields) {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("tenant_id", tenant.id());
        body.put("user_id", "alice");
        Reply reply = Gateway.post("/api/memory/ingest", tenant.key(), body);
        assertEquals(201, reply.status(), () -> String.valueOf(reply.body()));
        return reply.body().get("memory_id").asText();
    }

    private static List<String> retrieve(Map<String, Object> options) {
        Map<String, Object> body = new HashMap<>(options);
        body.put("tenant_id", tenant.id());
        body.put("user_id", "alice");
        body.putIfAbsent("query", "tea");
        Reply reply = Gateway.post("/api/memory/retrieve", tenant.key(), body);
        assertEquals(200, reply.status(), () -> String.valueOf(reply.body()));
        assertFalse(reply.body().get("retrieval_id").asText().isEmpty());
        List<String> found = new ArrayList<>();
        reply.body().get("results").forEach(r -> found.add(r.get("memory_id").asText()));
        return found;
    }

    @Test
    void filtersNarrowTheResults() {
        assertEquals(List.of(ids.get("tea")), retrieve(Map.of("types", List.of("preference"))));
        assertEquals(List.of(ids.get("coffee")), retrieve(Map.of("occurred_before", "2025-12-31T00:00:00Z")));
        assertEquals(List.of(ids.get("tea")), retrieve(Map.of("occurred_after", "2026-01-01T00:00:00Z")));
        var chat = retrieve(Map.of("metadata", Map.of("source", "chat")));
        assertEquals(2, chat.size());
        assertTrue(chat.containsAll(List.of(ids.get("tea"), ids.get("meeting"))));
        assertEquals(List.of(ids.get("tea")), retrieve(Map.of("metadata", Map.of("source", "chat", "topic", "food"))));
    }

    @Test
    void explainShowsThePartsOfEachScore() {
        Reply reply = Gateway.post(
                "/api/memory/retrieve",
                tenant.key(),
                Map.of("tenant_id", tenant.id(), "user_id", "alice", "query", "green tea", "explain", true));
        for (JsonNode result : reply.body().get("results")) {
            JsonNode p = result.get("explain");
            double sum = p.get("decay").asDouble()
                    * (0.6 * p.get("vector").asDouble()
                            + 0.25 * p.get("lexical").asDouble()
                            + 0.15 * p.get("temporal").asDouble());
            assertEquals(result.get("score").asDouble(), sum, 1e-9);
        }
        assertFalse(Gateway.post(
                        "/api/memory/retrieve",
                        tenant.key(),
                        Map.of("tenant_id", tenant.id(), "user_id", "alice", "query", "green tea"))
                .body()
                .get("results")
                .get(0)
                .has("explain"));
    }

    @Test
    void aMemoryCanBeReadByIdAndAUsersMemoriesPagedNewestFirst() throws Exception {
        JsonNode memory = get("/api/memory/" + ids.get("tea"), tenant.key());
        assertEquals("I drink green tea every morning", memory.get("content").asText());
        assertEquals("food", memory.get("metadata").get("topic").asText());

        JsonNode first = get("/api/memory?user_id=alice&limit=2", tenant.key());
        assertEquals(2, first.get("memories").size());
        JsonNode second = get(
                "/api/memory?user_id=alice&limit=2&cursor="
                        + first.get("next_cursor").asText(),
                tenant.key());
        assertEquals(1, second.get("memories").size());
        assertFalse(second.has("next_cursor"));
        JsonNode whole = get("/api/memory?user_id=alice&limit=3", tenant.key());
        assertEquals(3, whole.get("memories").size());
        assertFalse(whole.has("next_cursor"), "a full last page has no next page");
        assertEquals(
                ids.get("tea"), second.get("memories").get(0).get("memory_id").asText(), "the oldest comes last");

        Tenant stranger = Gateway.newTenant("stranger");
        assertEquals(
                404, status("/api/memory/" + ids.get("tea"), stranger.key()), "another tenant's memory is not there");
        assertEquals(
                0,
                get("/api/memory?user_id=alice", stranger.key()).get("memories").size());
        assertEquals(401, status("/api/memory/" + ids.get("tea"), null));
    }

    @Test
    void feedbackIsAcceptedOnlyForWhatARetrievalReturned() {
        Reply reply = Gateway.post(
                "/api/memory/retrieve",
                tenant.key(),
                Map.of("tenant_id", tenant.id(), "user_id", "alice", "query", "green tea", "top_k", 1));
        String retrieval = reply.body().get("retrieval_id").asText();
        String returned = reply.body().get("results").get(0).get("memory_id").asText();
        String notReturned = ids.values().stream()
                .filter(id -> !id.equals(returned))
                .findFirst()
                .orElseThrow();

        assertEquals(
                204,
                Gateway.post(
                                "/api/memory/feedback",
                                tenant.key(),
                                Map.of("retrieval_id", retrieval, "memory_id", returned, "relevant", true))
                        .status());
        assertEquals(
                400,
                Gateway.post(
                                "/api/memory/feedback",
                                tenant.key(),
                                Map.of("retrieval_id", retrieval, "memory_id", notReturned, "relevant", true))
                        .status());
        assertEquals(
                404,
                Gateway.post(
                                "/api/memory/feedback",
                                Gateway.newTenant("other").key(),
                                Map.of("retrieval_id", retrieval, "memory_id", returned, "relevant", true))
                        .status());
    }

    private static HttpResponse<String> raw(String path, String key) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + path)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode get(String path, String key) throws Exception {
        HttpResponse<String> response = raw(path, key);
        assertEquals(200, response.statusCode(), response.body());
        return Gateway.JSON.readTree(response.body());
    }

    private static int status(String path, String key) throws Exception {
        return raw(path, key).statusCode();
    }
}
