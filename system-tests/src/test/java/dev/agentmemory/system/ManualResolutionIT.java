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
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code conflict_resolution: manual} end to end: the consistency stream is restarted with the
 * manual policy, a contradiction is listed for the operator instead of being settled, the operator
 * keeps the older fact, and from then on retrieval returns the kept one, the history shows the manual
 * decision, and the stream no longer compares new facts with the one set aside.
 */
class ManualResolutionIT {

    private static final String QUERY = "what is bob's favourite colour";

    @BeforeAll
    static void manualPolicy() {
        StackControl.stop("consistency-stream", false);
        StackControl.upAgain(Map.of("SUPERSESSION_CONFLICT_RESOLUTION", "manual"));
    }

    @AfterAll
    static void defaultPolicy() {
        StackControl.stop("consistency-stream", false);
        StackControl.upAgain();
    }

    private final Tenant tenant = Gateway.newTenant("manual");

    private String say(String content, String occurredAt) {
        return tenant.ingest("bob", content, "preference", "favorite.color", occurredAt);
    }

    private List<JsonNode> contradictions() {
        Reply reply = Gateway.get("/api/admin/contradictions?tenant_id=" + tenant.id(), Stack.adminKey());
        assertEquals(200, reply.status(), () -> String.valueOf(reply.body()));
        List<JsonNode> open = new ArrayList<>();
        reply.body().get("contradictions").forEach(open::add);
        return open;
    }

    private static Set<String> pair(JsonNode contradiction) {
        return Set.of(
                contradiction.get("memory_id").asText(),
                contradiction.get("other_memory_id").asText());
    }

    private List<String> retrieved() {
        Reply reply = tenant.retrieve("bob", QUERY, 10);
        assertEquals(200, reply.status(), () -> String.valueOf(reply.body()));
        List<String> ids = new ArrayList<>();
        reply.body().get("results").forEach(r -> ids.add(r.get("memory_id").asText()));
        return ids;
    }

    private static <T> T await(String what, java.util.function.Supplier<T> read, Predicate<T> done) {
        Instant start = Instant.now();
        T last = null;
        while (Duration.between(start, Instant.now()).toSeconds() < 60) {
            last = read.get();
            if (done.test(last)) {
                return last;
            }
            Gateway.sleep(200);
        }
        return fail(what + " not reached within 60 s; last: " + last);
    }

    @Test
    void anOperatorSettlesAContradictionAndTheSettlementHolds() {
        String blue = say("My favourite colour is blue", "2026-05-01T10:00:00Z");
        tenant.awaitSearchable("bob", QUERY, blue);
        String green = say("My favourite colour is green", "2026-06-01T10:00:00Z");

        // listed, not settled: both facts still answer
        JsonNode listed = await("the contradiction listed", this::contradictions, open -> open.size() == 1)
                .get(0);
        assertEquals(Set.of(blue, green), pair(listed));
        assertEquals("same_key", listed.get("evidence").get("rule").asText(), listed::toString);
        await("both facts retrievable", this::retrieved, ids -> ids.containsAll(List.of(blue, green)));

        // the operator keeps the older one
        Reply settled = Gateway.post(
                "/api/admin/contradictions/" + listed.get("decision_id").asText() + "/resolve",
                Stack.adminKey(),
                Map.of("tenant_id", tenant.id(), "keep", blue));
        assertEquals(200, settled.status(), () -> String.valueOf(settled.body()));
        // a second operator, at once, keeps the other one: refused (409 while the first decision is on
        // its way, 404 once it closed the contradiction), or both facts would be hidden
        Reply opposite = Gateway.post(
                "/api/admin/contradictions/" + listed.get("decision_id").asText() + "/resolve",
                Stack.adminKey(),
                Map.of("tenant_id", tenant.id(), "keep", green));
        assertTrue(opposite.status() == 409 || opposite.status() == 404, () -> String.valueOf(opposite.body()));

        List<String> after = await("only the kept fact retrievable", this::retrieved, ids -> !ids.contains(green));
        assertTrue(after.contains(blue), after::toString);
        assertTrue(contradictions().isEmpty(), "a settled contradiction is no longer open");

        Reply history = Gateway.get("/api/memory/" + green + "/history", tenant.key());
        assertEquals(200, history.status(), () -> String.valueOf(history.body()));
        assertEquals("superseded", history.body().get("status").asText(), history.body()::toString);
        JsonNode decision = null;
        for (JsonNode d : history.body().get("decisions")) {
            if (d.get("kind").asText().equals("superseded")) {
                decision = d;
            }
        }
        assertTrue(decision != null, history.body()::toString);
        assertEquals(blue, decision.get("other_memory_id").asText());
        assertEquals("manual", decision.get("evidence").get("rule").asText());

        // the stream read the settlement back: a new value conflicts with the kept fact only
        String red = say("My favourite colour is red", "2026-07-01T10:00:00Z");
        List<JsonNode> open = await("the new contradiction listed", this::contradictions, o -> !o.isEmpty());
        Set<String> involved = open.stream().flatMap(c -> pair(c).stream()).collect(Collectors.toSet());
        assertEquals(Set.of(blue, red), involved, open::toString);
        // decisions of one memory are published together; give the indexer a moment to apply them all
        Gateway.sleep(2000);
        Reply redHistory = Gateway.get("/api/memory/" + red + "/history", tenant.key());
        assertEquals(200, redHistory.status(), () -> String.valueOf(redHistory.body()));
        for (JsonNode d : redHistory.body().get("decisions")) {
            assertFalse(
                    d.toString().contains(green),
                    "the fact set aside is no longer compared with new ones: " + redHistory.body());
        }
        assertFalse(retrieved().contains(green));
    }
}
