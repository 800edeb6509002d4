package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.system.Gateway.Reply;
import dev.agentmemory.system.Gateway.Tenant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Canary memories under concurrent load: many tenants query the same words at once, and every
 * answer must hold only the asking tenant's canary. Overload may refuse (429), never leak or fail.
 */
class ConcurrentIsolationIT {

    private static final int TENANTS = 8;
    private static final int QUERIES_PER_TENANT = 40;

    @Test
    void canariesNeverCrossTenantsUnderConcurrentQueries() throws Exception {
        List<Tenant> tenants = new ArrayList<>();
        List<String> canaries = new ArrayList<>();
        for (int i = 0; i < TENANTS; i++) {
            Tenant tenant = Gateway.newTenant("canary");
            String canary = "canary token " + tenant.id() + " lives in the shared user slot";
            tenant.awaitSearchable("shared-user", "canary token", tenant.ingest("shared-user", canary, "fact"));
            tenants.add(tenant);
            canaries.add(canary);
        }

        ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            List<Future<?>> work = new ArrayList<>();
            // interleaved, so the queries in flight at any moment come from many tenants
            for (int q = 0; q < QUERIES_PER_TENANT; q++) {
                for (int i = 0; i < TENANTS; i++) {
                    Tenant tenant = tenants.get(i);
                    String own = canaries.get(i);
                    work.add(pool.submit(() -> {
                        Reply reply = Gateway.post(
                                "/api/memory/retrieve",
                                tenant.key(),
                                Map.of(
                                        "tenant_id",
                                        tenant.id(),
                                        "user_id",
                                        "shared-user",
                                        "query",
                                        "canary token shared user"));
                        // refusals are allowed (the per-tenant limit; an overloaded index answering past
                        // storage.vector_db.timeout_ms), as problems; leaks and any other answer are not
                        if (reply.status() == 429 || reply.status() == 503 || reply.status() == 504) {
                            if (!reply.contentType().startsWith("application/problem+json")) {
                                violations.add("HTTP " + reply.status() + " without a problem body");
                            }
                            refused.incrementAndGet();
                            return;
                        }
                        if (reply.status() != 200) {
                            violations.add("HTTP " + reply.status() + " " + reply.body());
                            return;
                        }
                        answered.incrementAndGet();
                        for (JsonNode result : reply.body().get("results")) {
                            if (!result.get("tenant_id").asText().equals(tenant.id())
                                    || !result.get("content").asText().equals(own)) {
                                violations.add(tenant.id() + " saw " + result);
                            }
                        }
                    }));
                }
            }
            for (Future<?> f : work) {
                f.get();
            }
        }
        assertEquals(List.of(), List.copyOf(violations), "CRITICAL: cross-tenant leak or failure");
        assertTrue(answered.get() > 0);
        System.out.println(
                "concurrent canary queries: " + answered + " answered, " + refused + " refused (429/503/504)");
    }
}
