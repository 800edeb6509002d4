package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.system.Gateway.Reply;
import dev.agentmemory.system.Gateway.Tenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A memory goes in through the ingest API and comes back out of the query API, through every service. */
class IngestToSearchIT {

    @Test
    void anIngestedMemoryBecomesSearchableWithItsTenantAndFields() {
        Tenant tenant = Gateway.newTenant("e2e");
        String id = tenant.ingest("alice", "I prefer dark mode in all applications", "preference");
        tenant.ingest("alice", "My timezone is UTC-5 (EST)", "fact");

        Duration delay = tenant.awaitSearchable("alice", "what theme does alice like?", id);
        System.out.println("ingest -> searchable: " + delay.toMillis() + " ms");

        Reply reply = tenant.retrieve("alice", "display theme preference dark mode", 5);
        assertEquals(200, reply.status());
        JsonNode top = reply.body().get("results").get(0);
        assertEquals(id, top.get("memory_id").asText(), "the matching memory ranks first");
        assertEquals(tenant.id(), top.get("tenant_id").asText());
        assertEquals("alice", top.get("user_id").asText());
        assertEquals("preference", top.get("type").asText());
        assertEquals(
                "I prefer dark mode in all applications", top.get("content").asText());
        assertTrue(top.get("score").asDouble() > 0);
        assertTrue(top.hasNonNull("created_at"));
    }

    private static List<String> ids(Reply reply) {
        assertEquals(200, reply.status());
        List<String> ids = new ArrayList<>();
        reply.body().get("results").forEach(r -> ids.add(r.get("memory_id").asText()));
        return ids;
    }

    @Test
    void anotherUserOfTheSameTenantSeesNothingOfAlice() {
        Tenant tenant = Gateway.newTenant("users");
        String id = tenant.ingest("alice", "Alice's locker combination is 12-34-56", "fact");
        tenant.awaitSearchable("alice", "locker combination", id);

        Reply bob = tenant.retrieve("bob", "locker combination", 10);
        assertEquals(200, bob.status());
        assertEquals(0, bob.body().get("results").size());
    }

    @Test
    void rankingIsDeterministicAcrossCalls() {
        Tenant tenant = Gateway.newTenant("det");
        String last = null;
        for (int i = 0; i < 5; i++) {
            last = tenant.ingest("carol", "identical note about the weekly sync", "observation");
        }
        tenant.awaitSearchable("carol", "weekly sync", last);
        Gateway.sleep(1500); // let every copy reach the index
        // equal but for recency: the order must not change from call to call, and the newest leads
        List<String> first = ids(tenant.retrieve("carol", "weekly sync", 10));
        for (int i = 0; i < 5; i++) {
            assertEquals(first, ids(tenant.retrieve("carol", "weekly sync", 10)));
        }
        assertEquals(5, first.size());
        assertEquals(last, first.get(0));
    }
}
