package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.system.Gateway.Reply;
import dev.agentmemory.system.Gateway.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Outages of the real components: Kafka stopped under the ingest API, workers killed in the
 * middle of a batch, the consistency stream killed mid-stream. Each test brings the stack back with {@code bin/memory-stack up}.
 */
class FailureRecoveryIT {

    @AfterEach
    void restoreTheStack() {
        StackControl.upAgain();
    }

    /** 503 problem+json with Retry-After: the client is told to come back. */
    private static void assertUnavailable(Reply refused) {
        assertEquals(503, refused.status(), () -> String.valueOf(refused.body()));
        assertTrue(refused.contentType().startsWith("application/problem+json"));
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void withKafkaStoppedIngestAnswers503AndNothingAcknowledgedIsLost() {
        Tenant tenant = Gateway.newTenant("outage");
        Set<String> acknowledged = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            acknowledged.add(tenant.ingest("u1", "before the outage " + i, "fact"));
        }

        StackControl.stop("kafka", false);
        assertUnavailable(tenant.tryIngest("u1", "during the outage", "fact"));
        Map<String, Object> keyed =
                Map.of("tenant_id", tenant.id(), "user_id", "u1", "content", "retried", "type", "fact");
        Map<String, String> key = Map.of("Idempotency-Key", "outage-retry-1");
        assertUnavailable(Gateway.post("/api/memory/ingest", tenant.key(), keyed, key));

        StackControl.upAgain();
        for (int i = 0; i < 10; i++) {
            acknowledged.add(tenant.ingest("u1", "after the outage " + i, "fact"));
        }
        // the client retries the refused one with its key: one memory, whatever became of the first try
        Reply retried = Gateway.post("/api/memory/ingest", tenant.key(), keyed, key);
        assertEquals(201, retried.status(), () -> String.valueOf(retried.body()));
        acknowledged.add(retried.body().get("memory_id").asText());
        awaitExactly(tenant, acknowledged);
    }

    @Test
    void withOpenSearchStoppedRetrievalAnswers503AndRecoversWhenItReturns() {
        Tenant tenant = Gateway.newTenant("search-outage");
        String id = tenant.ingest("u1", "the spare key is under the blue pot", "fact");
        tenant.awaitSearchable("u1", "spare key", id);

        StackControl.stop("opensearch", false);
        assertUnavailable(tenant.retrieve("u1", "spare key", 5));
        // ingest does not need the index: it is accepted and waits in Kafka
        String during = tenant.ingest("u1", "the garage code is 2580", "fact");

        StackControl.upAgain();
        tenant.awaitSearchable("u1", "spare key", id);
        tenant.awaitSearchable("u1", "garage code", during);
    }

    @Test
    void withPostgresStoppedTheApisAnswer503AndRecoverWhenItReturns() {
        Tenant tenant = Gateway.newTenant("store-outage");

        StackControl.stop("postgres", false);
        assertUnavailable(tenant.tryIngest("u1", "while the store is down", "fact"));
        assertUnavailable(Gateway.get("/api/memory?tenant_id=" + tenant.id() + "&user_id=u1", tenant.key()));

        StackControl.upAgain();
        String after = tenant.ingest("u1", "the store is back and so is ingest", "fact");
        tenant.awaitSearchable("u1", "store is back", after);
    }

    @Test
    void workersKilledInTheMiddleOfABatchLoseAndDuplicateNothing() {
        Tenant tenant = Gateway.newTenant("crash");
        Set<String> acknowledged = new HashSet<>();
        for (int batch = 0; batch < 5; batch++) {
            List<Object> items = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                items.add(Map.of(
                        "user_id",
                        "u" + (i % 5),
                        "content",
                        "crash test memory " + batch + "-" + i,
                        "type",
                        "observation"));
            }
            Reply reply = Gateway.post(
                    "/api/memory/ingest/batch", tenant.key(), Map.of("tenant_id", tenant.id(), "items", items));
            assertEquals(200, reply.status());
            reply.body()
                    .get("results")
                    .forEach(r -> acknowledged.add(r.get("memory_id").asText()));
        }
        // kill them while they are busy: as soon as the first memories have reached the store
        Backends.await(
                "the first memories stored",
                () -> Backends.count("select count(*) from memories where tenant_id = ?", tenant.id()) > 0);
        StackControl.stop("embedder-worker", true);
        StackControl.stop("indexer-worker", true);
        long stored = Backends.count("select count(*) from memories where tenant_id = ?", tenant.id());
        System.out.println("stored when the workers were killed: " + stored + " of " + acknowledged.size());

        StackControl.upAgain();
        awaitExactly(tenant, acknowledged);
    }

    @Test
    void theConsistencyStreamKilledMidStreamRestoresItsStateAndDecidesEveryFactOnce() throws Exception {
        Tenant tenant = Gateway.newTenant("restart");
        List<String> ids = new ArrayList<>();
        int facts = 60;
        for (int i = 0; i < facts; i++) {
            if (i == 25) {
                StackControl.stop("consistency-stream", true); // SIGKILL, between two of its commits or in one
            }
            if (i == 40) {
                StackControl.upAgain(); // restores its store from the changelog and resumes where it committed
            }
            Reply reply = Gateway.post(
                    "/api/memory/ingest",
                    tenant.key(),
                    Map.of(
                            "tenant_id",
                            tenant.id(),
                            "user_id",
                            "erin",
                            "content",
                            "My lucky number is " + i,
                            "type",
                            "fact",
                            "key",
                            "lucky.number",
                            "occurred_at",
                            java.time.Instant.parse("2026-01-01T00:00:00Z")
                                    .plusSeconds(3600L * i)
                                    .toString()));
            assertEquals(201, reply.status(), () -> String.valueOf(reply.body()));
            ids.add(reply.body().get("memory_id").asText());
        }
        String newest = ids.get(facts - 1);
        // a restarted stream first rejoins its group (the crashed member is noticed after the
        // session timeout) and restores its store; on a busy two-core machine that can take a minute
        Backends.await(
                "every older fact superseded in PostgreSQL",
                Duration.ofSeconds(150),
                () -> Backends.count(
                                "select count(*) from memory_decisions where tenant_id = ? and kind = 'superseded'",
                                tenant.id())
                        >= facts - 1);
        Backends.await("only the newest fact returned", () -> {
            Reply reply = tenant.retrieve("erin", "what is erin's lucky number", 10);
            return reply.status() == 200
                    && reply.body().get("results").size() == 1
                    && reply.body()
                            .get("results")
                            .get(0)
                            .get("memory_id")
                            .asText()
                            .equals(newest);
        });

        // on the decision topic (committed records only): each older fact superseded exactly once, by
        // the fact after it, and no decision twice
        List<String> decisionIds = new ArrayList<>();
        Map<String, String> supersededBy = new java.util.HashMap<>();
        for (var record : Backends.readAll("memory.consistency.v1", r -> (tenant.id() + "/erin").equals(r.key()))) {
            var decision = Gateway.JSON.readTree(record.value());
            decisionIds.add(decision.get("decision_id").asText());
            if (decision.get("kind").asText().equals("superseded")) {
                assertTrue(
                        supersededBy.put(
                                        decision.get("memory_id").asText(),
                                        decision.get("other_memory_id").asText())
                                == null,
                        "superseded twice: " + decision);
            }
        }
        assertEquals(new HashSet<>(decisionIds).size(), decisionIds.size(), "a decision was repeated");
        assertEquals(facts - 1, supersededBy.size());
        for (int i = 0; i < facts - 1; i++) {
            assertEquals(ids.get(i + 1), supersededBy.get(ids.get(i)), "fact " + i);
        }
        assertEquals(
                facts - 1,
                Backends.count(
                        "select count(*) from memory_decisions where tenant_id = ? and kind = 'superseded'",
                        tenant.id()));
    }

    /** Every acknowledged memory is in PostgreSQL and OpenSearch exactly once, and nothing else is. */
    private static void awaitExactly(Tenant tenant, Set<String> acknowledged) {
        Backends.await(
                "all " + acknowledged.size() + " memories in PostgreSQL",
                () -> Backends.count("select count(*) from memories where tenant_id = ?", tenant.id())
                        >= acknowledged.size());
        Gateway.sleep(1500);
        assertEquals(
                acknowledged.size(), Backends.count("select count(*) from memories where tenant_id = ?", tenant.id()));
        assertEquals(
                acknowledged.size(),
                Backends.count(
                        "select count(*) from memories where tenant_id = ? and memory_id::text = any(?)",
                        tenant.id(),
                        acknowledged.toArray(String[]::new)));
        Backends.await(
                "all memories searchable in OpenSearch",
                () -> Backends.indexedCount(tenant.id()) == acknowledged.size());
    }
}
