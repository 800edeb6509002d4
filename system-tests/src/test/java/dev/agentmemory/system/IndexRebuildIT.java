package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.system.Gateway.Reply;
import dev.agentmemory.system.Gateway.Tenant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/admin/index/rebuild} against the real stack: a tenant's index is rebuilt while
 * memories keep arriving; afterwards the alias points to a new index with the configured HNSW
 * layout, the old one is gone, and every memory is there exactly once.
 */
class IndexRebuildIT {

    private static final String REBUILD = "/api/admin/index/rebuild";

    @Test
    void aTenantIndexIsRebuiltWhileMemoriesArriveAndNoneIsLostOrRepeated() throws Exception {
        Tenant tenant = Gateway.newTenant("rebuild");
        List<String> ids = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 30; i++) {
            ids.add(tenant.ingest("user-" + (i % 3), "memory number " + i + " about gardening and tomatoes", "fact"));
        }
        Backends.await("the first 30 memories indexed", () -> Backends.indexedCount(tenant.id()) == 30);
        String before = currentIndex(tenant.id());

        // memories keep arriving before, during and after the rebuild
        CompletableFuture<Void> arriving = CompletableFuture.runAsync(() -> {
            for (int i = 30; i < 70; i++) {
                ids.add(tenant.ingest("user-" + (i % 3), "memory number " + i + " about sailing and wind", "fact"));
                Gateway.sleep(50);
            }
        });
        Gateway.sleep(300);
        Reply started = Gateway.post(REBUILD, Stack.adminKey(), Map.of("tenant", tenant.id(), "optimize", true));
        assertEquals(202, started.status(), () -> "start: " + started.body());
        String location = started.headers().firstValue("Location").orElseThrow();
        assertEquals("running", started.body().get("state").asText());

        JsonNode[] status = new JsonNode[1];
        Backends.await("the rebuild to finish", () -> {
            status[0] = Gateway.get(location, Stack.adminKey()).body();
            return !status[0].get("state").asText().equals("running");
        });
        JsonNode part = status[0].get("tenants").get(0);
        assertEquals("done", status[0].get("state").asText(), () -> "rebuild: " + status[0]);
        assertEquals(tenant.id(), part.get("tenant_id").asText());
        assertEquals(before, part.get("from_index").asText());
        assertTrue(part.get("documents").asLong() >= 30, () -> "rebuild: " + part);
        arriving.get();

        String after = currentIndex(tenant.id());
        assertEquals(part.get("to_index").asText(), after);
        assertTrue(after.startsWith("memory-" + tenant.id() + "-v1-r"), after);
        assertEquals(
                404, Backends.http("GET", "/" + before, null).path("status").asInt(), "the old index is deleted");
        JsonNode hnsw = Backends.http("GET", "/" + after + "/_mapping", null)
                .at("/" + after + "/mappings/properties/embedding/method/parameters");
        assertEquals(32, hnsw.get("m").asInt());
        assertEquals(200, hnsw.get("ef_construction").asInt());
        assertFalse(
                Backends.http("GET", "/" + after + "/_settings", null)
                        .at("/" + after + "/settings/index/blocks/write")
                        .asBoolean(false),
                "the new index takes writes");

        Backends.await("all 70 memories indexed", () -> Backends.indexedCount(tenant.id()) == 70);
        for (String id : ids) {
            assertEquals(1, Backends.indexedCopies(tenant.id(), id), "memory " + id);
        }
        tenant.awaitSearchable("user-0", "memory number 69 about sailing", ids.get(69));
    }

    @Test
    void badRebuildRequestsAreProblems() {
        assertEquals(401, Gateway.post(REBUILD, null, Map.of("tenant", "all")).status());
        Tenant tenant = Gateway.newTenant("rebuild-key");
        assertEquals(
                401,
                Gateway.post(REBUILD, tenant.key(), Map.of("tenant", tenant.id()))
                        .status());
        assertEquals(
                400,
                Gateway.post(REBUILD, Stack.adminKey(), Map.of("optimize", true))
                        .status());
        assertEquals(
                400,
                Gateway.post(REBUILD, Stack.adminKey(), Map.of("tenant", tenant.id(), "index", "ivf"))
                        .status());
        assertEquals(
                400,
                Gateway.post(REBUILD, Stack.adminKey(), Map.of("tenant", tenant.id(), "optimize", "yes"))
                        .status());
        Reply unknown = Gateway.post(REBUILD, Stack.adminKey(), Map.of("tenant", "no-such-tenant-4711"));
        assertEquals(404, unknown.status(), () -> "unknown tenant: " + unknown.body());
        assertEquals(
                404, Gateway.get(REBUILD + "/no-such-rebuild", Stack.adminKey()).status());
    }

    private static String currentIndex(String tenantId) {
        JsonNode aliases = Backends.http("GET", "/_alias/memory-" + tenantId, null);
        List<String> indices = new ArrayList<>();
        aliases.fieldNames().forEachRemaining(indices::add);
        assertEquals(1, indices.size(), () -> "alias: " + aliases);
        return indices.get(0);
    }
}
