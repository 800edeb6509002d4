package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.system.Gateway.Reply;
import dev.agentmemory.system.Gateway.Tenant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys and bad input: the exact statuses the contract promises, every error as problem+json, never a 5xx. */
class ErrorContractIT {

    private static Tenant tenant;

    @BeforeAll
    static void tenant() {
        tenant = Gateway.newTenant("errors");
    }

    private static void assertProblem(Reply reply, int status) {
        assertEquals(status, reply.status(), () -> "body: " + reply.body());
        assertTrue(reply.contentType().startsWith("application/problem+json"), reply.contentType());
        assertEquals(status, reply.body().get("status").asInt());
        assertTrue(reply.body().hasNonNull("type"));
        assertTrue(reply.body().hasNonNull("title"));
        assertTrue(reply.body().hasNonNull("detail"));
    }

    private Map<String, Object> memory() {
        return Map.of("tenant_id", tenant.id(), "user_id", "u", "content", "hello", "type", "fact");
    }

    @Test
    void noKeyIs401() {
        assertProblem(Gateway.post("/api/memory/ingest", null, memory()), 401);
        assertProblem(
                Gateway.post(
                        "/api/memory/retrieve", null, Map.of("tenant_id", tenant.id(), "user_id", "u", "query", "q")),
                401);
    }

    @Test
    void unknownKeyIs401() {
        assertProblem(Gateway.post("/api/memory/ingest", "mk_not-a-real-key", memory()), 401);
        assertProblem(
                Gateway.post(
                        "/api/memory/retrieve",
                        "mk_not-a-real-key",
                        Map.of("tenant_id", tenant.id(), "user_id", "u", "query", "q")),
                401);
    }

    @Test
    void theKeyIsCheckedBeforeTheBodyIsRead() {
        // a body that would be a 400 says nothing to a client without a valid key
        Map<String, Object> bad = Map.of("tenant_id", tenant.id(), "content", "", "type", "rumour");
        assertProblem(Gateway.post("/api/memory/ingest", null, bad), 401);
        assertProblem(Gateway.post("/api/memory/ingest", "mk_not-a-real-key", bad), 401);
        assertProblem(Gateway.post("/api/memory/ingest/batch", null, Map.of("items", "none")), 401);
        assertProblem(Gateway.post("/api/memory/retrieve", "mk_not-a-real-key", Map.of("top_k", -1)), 401);
    }

    @Test
    void adminEndpointsNeedTheAdminKey() {
        assertProblem(Gateway.post("/api/admin/tenants", tenant.key(), Map.of("tenant_id", "sneaky")), 401);
        assertProblem(Gateway.post("/api/admin/tenants", null, Map.of("tenant_id", "sneaky")), 401);
    }

    @Test
    void creatingAnExistingTenantIs409AndABadNameIs400() {
        assertProblem(Gateway.post("/api/admin/tenants", Stack.adminKey(), Map.of("tenant_id", tenant.id())), 409);
        assertProblem(Gateway.post("/api/admin/tenants", Stack.adminKey(), Map.of("tenant_id", "Not Valid!")), 400);
        assertProblem(Gateway.post("/api/admin/tenants", Stack.adminKey(), "{oops"), 400);
        // names another tenant's index could use, and the rebuild's "every tenant"
        assertProblem(
                Gateway.post("/api/admin/tenants", Stack.adminKey(), Map.of("tenant_id", tenant.id() + "-v1")), 400);
        assertProblem(Gateway.post("/api/admin/tenants", Stack.adminKey(), Map.of("tenant_id", "all")), 400);
    }

    @Test
    void badAdministrativeInputIs400() {
        assertProblem(Gateway.post("/api/admin/index/rebuild", Stack.adminKey(), Map.of("tenant", "*")), 400);
        assertProblem(Gateway.get("/api/admin/contradictions?tenant_id=%00", Stack.adminKey()), 400);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "[]",
                "\"just a string\"",
                "{}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"type\":\"fact\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"content\":\"   \",\"type\":\"fact\"}",
                // nothing visible: a NUL, a zero-width space, a no-break space (JSON Schema's non-space pattern lets
                // them through)
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"content\":\"\\u0000\\u200b\\u00a0\",\"type\":\"fact\"}",
                // text the document store cannot keep (a NUL) or would garble (an unpaired surrogate)
                "{\"tenant_id\":\"%s\",\"user_id\":\"\\udc00\",\"content\":\"x\",\"type\":\"fact\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"content\":\"dark\\u0000mode\",\"type\":\"fact\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"\\u0000\",\"content\":\"x\",\"type\":\"fact\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"content\":42,\"type\":\"fact\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":[\"u\"],\"content\":\"x\",\"type\":\"fact\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"content\":\"x\",\"type\":\"gossip\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"content\":\"x\",\"type\":\"fact\",\"surprise\":1}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"content\":\"x\",\"type\":\"fact\",\"occurred_at\":\"yesterday\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"content\":\"x\",\"type\":\"fact\",\"memory_id\":\"00000000-0000-0000-0000-000000000000\"}"
            })
    void malformedIngestIs400(String body) {
        assertProblem(Gateway.post("/api/memory/ingest", tenant.key(), body.replace("%s", tenant.id())), 400);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{not json",
                "{}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":7}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"top_k\":0}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"top_k\":100000}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"top_k\":\"ten\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"top_k\":\"10\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":true}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"\\u0000\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\" \\u200b \"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"extra\":true}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"types\":[null]}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"top_k\":10.9}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"explain\":1}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"as_of\":\"+1000000000-01-01T00:00:00Z\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"occurred_after\":\"-5000-01-01T00:00:00Z\"}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"metadata\":{\"_value\":\"x\"}}",
                "{\"tenant_id\":\"%s\",\"user_id\":\"u\",\"query\":\"q\",\"metadata\":{\"topic..x\":\"x\"}}"
            })
    void malformedRetrieveIs400(String body) {
        assertProblem(Gateway.post("/api/memory/retrieve", tenant.key(), body.replace("%s", tenant.id())), 400);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "user_id=%00",
                "user_id=u&limit=0",
                "user_id=u&cursor=not-a-cursor",
                // a well-formed cursor with a time PostgreSQL cannot hold
                "user_id=u&cursor=KzI5NDI3Ny0wMS0wMVQwMDowMDowMFp8MDAwMDAwMDAtMDAwMC0wMDAwLTAwMDAtMDAwMDAwMDAwMDAw"
            })
    void malformedBrowsingIs400(String query) {
        assertProblem(Gateway.get("/api/memory?" + query, tenant.key()), 400);
    }

    @Test
    void anOversizedBodyIsRefusedWithoutA5xx() {
        String huge = "x".repeat(200_000);
        Reply reply = Gateway.post(
                "/api/memory/ingest",
                tenant.key(),
                Map.of("tenant_id", tenant.id(), "user_id", "u", "content", huge, "type", "fact"));
        assertTrue(reply.status() == 413 || reply.status() == 400, "status " + reply.status());
    }

    @Test
    void aBodyOverAServicesLimitIs413FromTheGateway() {
        // larger than query-api's 16 KiB and ingest-api's 1 MiB: refused before it reaches the service
        assertProblem(
                Gateway.post(
                        "/api/memory/retrieve",
                        tenant.key(),
                        Map.of("tenant_id", tenant.id(), "user_id", "u", "query", "q".repeat(100_000))),
                413);
        assertProblem(
                Gateway.post(
                        "/api/memory/ingest/batch",
                        tenant.key(),
                        Map.of("tenant_id", tenant.id(), "items", List.of(Map.of("content", "x".repeat(1_100_000))))),
                413);
    }

    @Test
    void aRequestTheGatewayCannotReadIsA400Problem() {
        assertProblem(Gateway.get("/api/memory/%00", tenant.key()), 400);
    }

    @Test
    void unknownPathsAre404Problems() {
        assertProblem(Gateway.post("/api/memory/nope", tenant.key(), "{}"), 404);
    }
}
