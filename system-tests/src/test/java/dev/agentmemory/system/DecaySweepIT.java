package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.system.Gateway.Reply;
import dev.agentmemory.system.Gateway.Tenant;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The reference's checklist item on the decay sweep, through the running stack, whose test
 * configuration sweeps every minute ({@code bin/memory-stack}: {@code DECAY_SWEEP_SCHEDULE}): an old
 * fact's weight is recorded in its history, a fresh one keeps its weight, the sweep counts what it
 * processed, and the search index is not rewritten for it.
 */
class DecaySweepIT {

    private final Tenant tenant = Gateway.newTenant("decay");

    private String say(String content, Instant occurredAt) {
        return tenant.ingest("erin", content, "fact", null, occurredAt.toString());
    }

    @Test
    void aSweepRecordsAnOldFactsLowerWeightInItsHistoryWithoutRewritingTheIndex() {
        double processedBefore = sweptRecords();
        Instant now = Instant.now();
        String old = say("I played the cello in a youth orchestra", now.minus(Duration.ofDays(180)));
        String fresh = say("I am reading Middlemarch this month", now);
        tenant.awaitSearchable("erin", "cello orchestra", old);
        tenant.awaitSearchable("erin", "which book is erin reading", fresh);
        JsonNode indexedBefore = document(old);

        // one minute at most until the next sweep, then the indexer applies its decisions
        JsonNode decayed = null;
        Instant deadline = Instant.now().plus(Duration.ofSeconds(150));
        while (decayed == null && Instant.now().isBefore(deadline)) {
            decayed = decayedDecision(old);
            Gateway.sleep(1000);
        }
        assertTrue(decayed != null, "no decayed decision for a 180-day-old fact within 150 s");
        // two half-lives of 90 days: 0.25, less the few seconds since
        assertEquals(0.25, decayed.get("weight").asDouble(), 0.01, decayed::toString);
        assertEquals("decay_sweep", decayed.at("/evidence/rule").asText(), decayed::toString);
        // the fresh fact is the same user's, so the same sweep step has looked at it: weight 1, nothing recorded
        assertEquals(null, decayedDecision(fresh));
        assertTrue(sweptRecords() > processedBefore, "memory_decay_sweep_records_total did not move");

        JsonNode indexedAfter = document(old);
        assertEquals(
                indexedBefore.get("_seq_no"),
                indexedAfter.get("_seq_no"),
                "a decay decision rewrote the indexed document (and its vector)");
        assertTrue(!indexedAfter.path("_source").has("decay_weight"), indexedAfter::toString);
    }

    /** The memory's decayed decision, from its history; null while there is none. */
    private JsonNode decayedDecision(String memoryId) {
        Reply history = Gateway.get("/api/memory/" + memoryId + "/history", tenant.key());
        assertEquals(200, history.status(), () -> String.valueOf(history.body()));
        for (JsonNode decision : history.body().get("decisions")) {
            if (decision.get("kind").asText().equals("decayed")) {
                return decision;
            }
        }
        return null;
    }

    private JsonNode document(String memoryId) {
        JsonNode document = Backends.http(
                "GET", "/memory-" + tenant.id() + "/_doc/" + memoryId + "?_source_excludes=embedding", null);
        assertTrue(document.path("found").asBoolean(), document::toString);
        return document;
    }

    /** consistency-stream's {@code memory_decay_sweep_records_total}, summed over its series. */
    private static double sweptRecords() {
        try {
            String text = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create(Stack.consistencyMetricsUrl()))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return text.lines()
                    .filter(l -> l.startsWith("memory_decay_sweep_records_total"))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                    .sum();
        } catch (Exception e) {
            return fail("consistency-stream metrics: " + e);
        }
    }
}
