package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.system.Gateway.Reply;
import dev.agentmemory.system.Gateway.Tenant;
import org.junit.jupiter.api.Test;

/** The reference's isolation test, over HTTP through the gateway. */
class TenantIsolationIT {

    @Test
    void aTenantsSecretIsFoundByThatTenantAndNeverByAnother() {
        Tenant a = Gateway.newTenant("tenant-a");
        Tenant b = Gateway.newTenant("tenant-b");
        String secret = a.ingest("user-1", "secret A data: the vault code is 4471", "fact");
        // tenant b has a memory of its own, so its index exists and the query really runs
        String own = b.ingest("user-2", "tenant b likes secret data too", "fact");

        a.awaitSearchable("user-1", "secret data", secret);
        b.awaitSearchable("user-2", "secret data", own);

        Reply fromB = b.retrieve("user-2", "secret data vault code", 50);
        assertEquals(200, fromB.status());
        for (JsonNode result : fromB.body().get("results")) {
            assertEquals(b.id(), result.get("tenant_id").asText(), "CRITICAL: cross-tenant leak");
            assertFalse(result.get("content").asText().contains("vault code"), "CRITICAL: cross-tenant leak");
        }
        // the same user id under another tenant is another person
        Reply sameUserId = b.retrieve("user-1", "secret data", 50);
        assertEquals(200, sameUserId.status());
        assertEquals(0, sameUserId.body().get("results").size(), "CRITICAL: cross-tenant leak");

        Reply fromA = a.retrieve("user-1", "secret data", 10);
        assertTrue(fromA.body().get("results").size() > 0, "memory not found for the right tenant");
        fromA.body()
                .get("results")
                .forEach(r -> assertEquals(a.id(), r.get("tenant_id").asText()));
    }

    @Test
    void anotherTenantsKeyCannotReadOrWriteItsData() {
        Tenant a = Gateway.newTenant("owner");
        Tenant b = Gateway.newTenant("intruder");
        Reply read = Gateway.post(
                "/api/memory/retrieve",
                b.key(),
                java.util.Map.of("tenant_id", a.id(), "user_id", "user-1", "query", "anything"));
        assertEquals(403, read.status());
        Reply write = Gateway.post(
                "/api/memory/ingest",
                b.key(),
                java.util.Map.of("tenant_id", a.id(), "user_id", "user-1", "content", "planted", "type", "fact"));
        assertEquals(403, write.status());
    }
}
