package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.system.Gateway.Reply;
import dev.agentmemory.system.Gateway.Tenant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Idempotency keys, the batch endpoint, quotas and rate limits, through the gateway. */
class IngestContractIT {

    private static Map<String, Object> memory(String content) {
        return Map.of("user_id", "u1", "content", content, "type", "fact");
    }

    @Test
    void aRetriedRequestWithTheSameIdempotencyKeyCreatesOneMemory() {
        Tenant tenant = Gateway.newTenant("idem");
        String key = UUID.randomUUID().toString();
        Map<String, Object> body =
                Map.of("tenant_id", tenant.id(), "user_id", "u1", "content", "paid invoice 42", "type", "event");
        Reply first = Gateway.post("/api/memory/ingest", tenant.key(), body, Map.of("Idempotency-Key", key));
        Reply retry = Gateway.post("/api/memory/ingest", tenant.key(), body, Map.of("Idempotency-Key", key));
        assertEquals(201, first.status(), () -> String.valueOf(first.body()));
        assertEquals(201, retry.status(), () -> String.valueOf(retry.body()));
        String id = first.body().get("memory_id").asText();
        assertEquals(id, retry.body().get("memory_id").asText());

        tenant.awaitSearchable("u1", "invoice 42", id);
        Gateway.sleep(1500);
        assertEquals(1, Backends.count("select count(*) from memories where tenant_id = ?", tenant.id()));
        // another key is another memory
        Reply other = Gateway.post("/api/memory/ingest", tenant.key(), body, Map.of("Idempotency-Key", key + "-2"));
        assertTrue(!id.equals(other.body().get("memory_id").asText()));
        // the key again for another memory: refused, not answered with the first one (which would drop it)
        Map<String, Object> changed =
                Map.of("tenant_id", tenant.id(), "user_id", "u1", "content", "paid invoice 43", "type", "event");
        Reply reused = Gateway.post("/api/memory/ingest", tenant.key(), changed, Map.of("Idempotency-Key", key));
        assertEquals(422, reused.status(), () -> String.valueOf(reused.body()));
        assertTrue(reused.contentType().startsWith("application/problem+json"));
    }

    @Test
    void aBatchAnswersEachItemAndStoresTheValidOnes() {
        Tenant tenant = Gateway.newTenant("batch");
        List<Object> items = List.of(
                memory("likes green tea in the morning"),
                Map.of("user_id", "u1", "content", "", "type", "fact"),
                memory("allergic to peanuts"),
                Map.of("user_id", "u1", "content", "x", "type", "fact", "tenant_id", "someone-else"));
        Reply reply = Gateway.post(
                "/api/memory/ingest/batch", tenant.key(), Map.of("tenant_id", tenant.id(), "items", items));
        assertEquals(200, reply.status(), () -> String.valueOf(reply.body()));
        JsonNode results = reply.body().get("results");
        assertEquals(List.of(201, 400, 201, 400), statuses(results));
        assertTrue(results.get(1).get("problem").get("detail").asText().contains("schema violation"));
        tenant.awaitSearchable(
                "u1", "peanuts allergy", results.get(2).get("memory_id").asText());
        tenant.awaitSearchable(
                "u1", "green tea", results.get(0).get("memory_id").asText());
    }

    @Test
    void aBatchIsCheckedAsAWhole() {
        Tenant tenant = Gateway.newTenant("batch-shape");
        Tenant other = Gateway.newTenant("batch-other");
        assertEquals(
                400,
                Gateway.post(
                                "/api/memory/ingest/batch",
                                tenant.key(),
                                Map.of("tenant_id", tenant.id(), "items", List.of()))
                        .status());
        List<Object> tooMany = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            tooMany.add(memory("item " + i));
        }
        assertEquals(
                400,
                Gateway.post(
                                "/api/memory/ingest/batch",
                                tenant.key(),
                                Map.of("tenant_id", tenant.id(), "items", tooMany))
                        .status());
        assertEquals(
                403,
                Gateway.post(
                                "/api/memory/ingest/batch",
                                other.key(),
                                Map.of("tenant_id", tenant.id(), "items", List.of(memory("x"))))
                        .status());
        assertEquals(
                400,
                Gateway.post("/api/memory/ingest/batch", tenant.key(), Map.of("items", List.of(memory("x"))))
                        .status());
    }

    @Test
    void pastItsQuotaATenantGets429WithRetryAfter() {
        Reply created = Gateway.post(
                "/api/admin/tenants",
                Stack.adminKey(),
                Map.of("tenant_id", "quota-" + UUID.randomUUID().toString().substring(0, 8), "max_memories", 3));
        assertEquals(201, created.status());
        Tenant tenant = new Tenant(
                created.body().get("tenant_id").asText(),
                created.body().get("api_key").asText());
        tenant.ingest("u1", "one", "fact");
        tenant.ingest("u1", "two", "fact");
        Reply batch = Gateway.post(
                "/api/memory/ingest/batch",
                tenant.key(),
                Map.of("tenant_id", tenant.id(), "items", List.of(memory("three"), memory("four"))));
        assertEquals(
                List.of(429, 429), statuses(batch.body().get("results")), "a batch that does not fit is refused whole");
        tenant.ingest("u1", "three", "fact");
        Reply over = Gateway.post(
                "/api/memory/ingest",
                tenant.key(),
                Map.of("tenant_id", tenant.id(), "user_id", "u1", "content", "four", "type", "fact"));
        assertEquals(429, over.status());
        assertTrue(over.contentType().startsWith("application/problem+json"));
        assertTrue(over.headers().firstValue("Retry-After").isPresent());

        // a keyed request refused for the quota frees its key: the retry is judged afresh, not 409
        Map<String, Object> four = Map.of("tenant_id", tenant.id(), "user_id", "u1", "content", "four", "type", "fact");
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        assertEquals(
                429, Gateway.post("/api/memory/ingest", tenant.key(), four, key).status());
        assertEquals(
                429, Gateway.post("/api/memory/ingest", tenant.key(), four, key).status());

        // the operator raises the quota; the same key is then stored once, and replayed with its receipt
        String path = "/api/admin/tenants/" + tenant.id();
        Reply raised = Gateway.patch(path, Stack.adminKey(), Map.of("max_memories", 4));
        assertEquals(200, raised.status(), () -> String.valueOf(raised.body()));
        assertEquals(4, raised.body().get("max_memories").asLong());
        assertEquals(3, raised.body().get("accepted_memories").asLong());
        Reply stored = Gateway.post("/api/memory/ingest", tenant.key(), four, key);
        assertEquals(201, stored.status(), () -> String.valueOf(stored.body()));
        Reply replayed = Gateway.post("/api/memory/ingest", tenant.key(), four, key);
        assertEquals(201, replayed.status());
        assertEquals(
                "true", replayed.headers().firstValue("Idempotent-Replayed").orElse(""));
        assertEquals(stored.body().get("memory_id"), replayed.body().get("memory_id"));
        assertEquals(stored.body().get("accepted_at"), replayed.body().get("accepted_at"));
    }

    @Test
    void theAdminChangesATenantsQuota() {
        Tenant tenant = Gateway.newTenant("quota-admin");
        String path = "/api/admin/tenants/" + tenant.id();
        assertEquals(
                401,
                Gateway.patch(path, tenant.key(), Map.of("max_memories", 5)).status());
        assertEquals(
                400,
                Gateway.patch(path, Stack.adminKey(), Map.of("max_memories", 0)).status());
        assertEquals(400, Gateway.patch(path, Stack.adminKey(), Map.of()).status());
        assertEquals(
                404,
                Gateway.patch("/api/admin/tenants/no-such-" + tenant.id(), Stack.adminKey(), Map.of("max_memories", 5))
                        .status());
        Reply set = Gateway.patch(path, Stack.adminKey(), Map.of("max_memories", 5));
        assertEquals(200, set.status(), () -> String.valueOf(set.body()));
        assertEquals(5, set.body().get("max_memories").asLong());
        assertEquals(false, set.body().get("is_default").asBoolean());
        var reset = new HashMap<String, Object>();
        reset.put("max_memories", null);
        Reply back = Gateway.patch(path, Stack.adminKey(), reset);
        assertEquals(200, back.status(), () -> String.valueOf(back.body()));
        assertEquals(true, back.body().get("is_default").asBoolean());
        assertEquals(100_000, back.body().get("max_memories").asLong());
    }

    @Test
    void beyondItsIngestRateATenantGets429WithRetryAfter() {
        Tenant tenant = Gateway.newTenant("rate");
        List<Object> hundred = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            hundred.add(memory("rate probe " + i));
        }
        // the burst is 1000 memories and 500/s refill: up to 100 batches of 100, 32 at a time, outrun
        // it however slowly the machine answers each one (each request waits for Kafka's acks)
        var limited = new java.util.concurrent.atomic.AtomicReference<Reply>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(32)) {
            for (int i = 0; i < 100; i++) {
                pool.submit(() -> {
                    if (limited.get() == null) {
                        Reply reply = Gateway.post(
                                "/api/memory/ingest/batch",
                                tenant.key(),
                                Map.of("tenant_id", tenant.id(), "items", hundred));
                        if (reply.status() == 429) {
                            limited.compareAndSet(null, reply);
                        }
                    }
                });
            }
        }
        assertTrue(limited.get() != null, "no 429 after up to 10,000 memories, 32 batches at a time");
        Reply refused = limited.get();
        assertEquals("rate-limited", refused.body().get("type").asText().replaceAll(".*:", ""));
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());
    }

    private static List<Integer> statuses(JsonNode results) {
        List<Integer> statuses = new ArrayList<>();
        results.forEach(r -> statuses.add(r.get("status").asInt()));
        return statuses;
    }
}
