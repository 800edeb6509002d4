package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.system.Gateway.Reply;
import dev.agentmemory.system.Gateway.Tenant;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The reference's checklist item through every service: ingest contradictory facts and the
 * retrieval returns the current version; the replaced one is kept and shown only when asked for.
 */
class SupersessionIT {

    private final Tenant tenant = Gateway.newTenant("consistency");

    private String say(String user, String content, String key, String occurredAt) {
        return tenant.ingest(user, content, "preference", key, occurredAt);
    }

    private List<JsonNode> retrieve(String user, String query, boolean includeSuperseded) {
        Reply reply = Gateway.post(
                "/api/memory/retrieve",
                tenant.key(),
                Map.of(
                        "tenant_id",
                        tenant.id(),
                        "user_id",
                        user,
                        "query",
                        query,
                        "top_k",
                        10,
                        "include_superseded",
                        includeSuperseded));
        assertEquals(200, reply.status(), () -> String.valueOf(reply.body()));
        List<JsonNode> results = new ArrayList<>();
        reply.body().get("results").forEach(results::add);
        return results;
    }

    /** Retrieves until the results satisfy the condition (the pipeline is asynchronous), at most 60 s. */
    private List<JsonNode> await(String user, String query, boolean includeSuperseded, Predicate<List<JsonNode>> done) {
        Instant start = Instant.now();
        List<JsonNode> results = List.of();
        while (Duration.between(start, Instant.now()).toSeconds() < 60) {
            results = retrieve(user, query, includeSuperseded);
            if (done.test(results)) {
                return results;
            }
            Gateway.sleep(200);
        }
        return fail("not reached within 60 s; last results: " + results);
    }

    private static List<String> ids(List<JsonNode> results) {
        return results.stream().map(r -> r.get("memory_id").asText()).toList();
    }

    @Test
    void theCurrentFactIsReturnedAndTheReplacedOneOnlyWhenAskedFor() {
        String dark = say("alice", "I prefer dark mode", null, "2026-03-01T10:00:00Z");
        tenant.awaitSearchable("alice", "which theme does alice like", dark);
        String light = say("alice", "I switched to light mode", null, "2026-04-01T10:00:00Z");

        List<JsonNode> current = await(
                "alice", "which theme does alice like", false, r -> ids(r).contains(light) && !ids(r).contains(dark));
        assertFalse(ids(current).contains(dark));

        List<JsonNode> all = await("alice", "which theme does alice like", true, r -> ids(r).contains(dark));
        JsonNode replaced = all.stream()
                .filter(r -> r.get("memory_id").asText().equals(dark))
                .findFirst()
                .orElseThrow();
        assertEquals(light, replaced.get("superseded_by").asText());
        assertEquals("2026-04-01T10:00:00Z", replaced.get("superseded_at").asText());

        Reply before = Gateway.post(
                "/api/memory/retrieve",
                tenant.key(),
                Map.of(
                        "tenant_id",
                        tenant.id(),
                        "user_id",
                        "alice",
                        "query",
                        "which theme does alice like",
                        "as_of",
                        "2026-03-15T00:00:00Z"));
        assertEquals(200, before.status(), () -> String.valueOf(before.body()));
        List<String> then = new ArrayList<>();
        before.body().get("results").forEach(r -> then.add(r.get("memory_id").asText()));
        assertEquals(List.of(dark), then, "as of mid-March, dark mode was the preference");
        JsonNode asItStood = before.body().get("results").get(0);
        assertFalse(asItStood.has("superseded_by"), () -> "replaced only in April: " + asItStood);

        Reply history = Gateway.get("/api/memory/" + dark + "/history", tenant.key());
        assertEquals(200, history.status(), () -> String.valueOf(history.body()));
        assertEquals("superseded", history.body().get("status").asText());
        List<String> versions = new ArrayList<>();
        history.body()
                .get("versions")
                .forEach(v -> versions.add(v.get("memory_id").asText()));
        assertEquals(List.of(dark, light), versions);
        JsonNode decision = null;
        for (JsonNode d : history.body().get("decisions")) {
            if (d.get("kind").asText().equals("superseded")) {
                decision = d;
            }
        }
        assertTrue(decision != null, () -> history.body().toString());
        assertEquals(light, decision.get("other_memory_id").asText());
        assertEquals("judge", decision.at("/evidence/rule").asText());
        assertTrue(decision.at("/evidence/similarity").isNumber());
    }

    @Test
    void additionsAndOtherPeoplesFactsStand() {
        String rock = say("bob", "I like rock music", null, "2026-03-01T10:00:00Z");
        String jazz = say("bob", "I also listen to jazz", null, "2026-03-02T10:00:00Z");
        String berlin = say("bob", "I live in Berlin", null, "2026-03-03T10:00:00Z");
        String paris = say("bob", "My sister lives in Paris", null, "2026-03-04T10:00:00Z");
        // a sentinel after them in bob's partition: once its older value shows as superseded, the
        // stream has decided the four before it and the indexer has applied those decisions
        String sentinel = say("bob", "My locker is number 12", "locker", "2026-03-05T10:00:00Z");
        say("bob", "My locker is number 14", "locker", "2026-03-06T10:00:00Z");
        await(
                "bob",
                "locker number",
                true,
                r -> r.stream().anyMatch(x -> x.get("memory_id").asText().equals(sentinel) && x.has("superseded_by")));
        List<String> results = ids(retrieve("bob", "music and where people live", false));
        assertTrue(results.containsAll(List.of(rock, jazz, berlin, paris)), results::toString);
    }

    @Test
    void aFactSlotIsReplacedByItsNewerValueEvenWhenTheOlderArrivesLast() {
        String newer = say("carol", "I work at Stripe", "employer", "2026-05-01T00:00:00Z");
        tenant.awaitSearchable("carol", "where does carol work", newer);
        String older = say("carol", "I work at Google", "employer", "2025-01-01T00:00:00Z");
        List<JsonNode> all = await(
                "carol",
                "where does carol work",
                true,
                r -> r.stream().anyMatch(x -> x.get("memory_id").asText().equals(older) && x.has("superseded_by")));
        assertTrue(ids(all).contains(newer));
        List<String> current = ids(retrieve("carol", "where does carol work", false));
        assertEquals(List.of(newer), current);
    }

    @Test
    void aRepeatedFactIsOneMemoryMentionedAgain() {
        String first = say("dave", "I drink oat milk flat whites", null, "2026-03-01T10:00:00Z");
        tenant.awaitSearchable("dave", "coffee order", first);
        String again = say("dave", "I drink oat milk flat whites.", null, "2026-03-05T10:00:00Z");
        List<JsonNode> results = await(
                "dave", "coffee order", true, r -> r.size() == 1 && r.get(0).has("mention_count"));
        assertEquals(first, results.get(0).get("memory_id").asText());
        assertEquals(2, results.get(0).get("mention_count").asInt());
        assertFalse(ids(results).contains(again));
    }

    @Test
    void contradictionsAreListedForTheAdminAndBadSettlementsAreProblems() {
        Reply list = Gateway.get("/api/admin/contradictions?tenant_id=" + tenant.id(), Stack.adminKey());
        assertEquals(200, list.status(), () -> String.valueOf(list.body()));
        assertTrue(list.body().get("contradictions").isArray());
        assertEquals(
                401,
                Gateway.get("/api/admin/contradictions?tenant_id=" + tenant.id(), tenant.key())
                        .status());
        assertEquals(
                400, Gateway.get("/api/admin/contradictions", Stack.adminKey()).status());

        Reply unknown = Gateway.post(
                "/api/admin/contradictions/contradiction_detected:a:b/resolve",
                Stack.adminKey(),
                Map.of("tenant_id", tenant.id(), "keep", "a"));
        assertEquals(404, unknown.status());
        assertTrue(unknown.contentType().startsWith("application/problem+json"));
        Reply incomplete =
                Gateway.post("/api/admin/contradictions/x/resolve", Stack.adminKey(), Map.of("tenant_id", tenant.id()));
        assertEquals(400, incomplete.status());
    }
}
