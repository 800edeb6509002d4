package dev.agentmemory.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.http.HttpBasics;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.runtime.tenant.Authenticator;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.InvalidEventException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ingest service's HTTP surface, built unstarted so tests can start it on any port:
 *
 * <ul>
 *   <li>{@code POST /api/memory/ingest}: tenant key; an ingest event without the fields the
 *       service assigns; {@code 201 {memory_id, …}} once Kafka has it.
 *   <li>{@code POST /api/admin/tenants}: admin key; {@code {tenant_id}}; {@code 201 {tenant_id,
 *       api_key}}, or 409 when it exists.
 * </ul>
 */
public final class IngestApi {

    static final long MAX_BODY_BYTES = 64 * 1024;

    private IngestApi() {}

    public static Javalin create(
            MemoryConfig config,
            EventCodec codec,
            Authenticator auth,
            IngestService ingest,
            TenantAdminService tenants,
            PrometheusMeterRegistry registry) {
        ObjectMapper mapper = codec.mapper();
        return Javalin.create(app -> {
            HttpBasics.install(app, "ingest-api", config.server(), mapper, registry, MAX_BODY_BYTES, () -> true);
            app.routes.post("/api/memory/ingest", ctx -> {
                IngestEvent submitted = parse(codec, ctx);
                auth.requireTenant(ctx.header(Header.AUTHORIZATION), submitted.tenantId());
                IngestEvent stored = ingest.ingest(submitted);
                ctx.status(201).json(receipt(stored));
            });
            app.routes.post("/api/admin/tenants", ctx -> {
                auth.requireAdmin(ctx.header(Header.AUTHORIZATION));
                JsonNode body = readTree(mapper, ctx);
                JsonNode tenantId = body.get("tenant_id");
                var created = tenants.create(tenantId != null && tenantId.isTextual() ? tenantId.asText() : null);
                ctx.status(201).json(Map.of("tenant_id", created.tenantId(), "api_key", created.apiKey()));
            });
        });
    }

    private static IngestEvent parse(EventCodec codec, Context ctx) {
        IngestEvent event;
        try {
            event = codec.decodeIngest(ctx.bodyAsBytes());
        } catch (InvalidEventException e) {
            throw ProblemException.badRequest(e.getMessage());
        }
        if (event.memoryId() != null || event.acceptedAt() != null) {
            throw ProblemException.badRequest("memory_id and accepted_at are assigned by the service; leave them out");
        }
        return event;
    }

    private static JsonNode readTree(ObjectMapper mapper, Context ctx) {
        try {
            JsonNode tree = mapper.readTree(ctx.bodyAsBytes());
            if (tree == null || !tree.isObject()) {
                throw ProblemException.badRequest("the body must be a JSON object");
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw ProblemException.badRequest("unreadable body: " + e.getMessage());
        }
    }

    private static Map<String, Object> receipt(IngestEvent event) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("memory_id", event.memoryId());
        body.put("tenant_id", event.tenantId());
        body.put("user_id", event.userId());
        body.put("accepted_at", event.acceptedAt().toString());
        body.put("status", "accepted");
        return body;
    }
}
