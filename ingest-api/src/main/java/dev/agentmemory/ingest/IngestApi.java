package dev.agentmemory.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.http.HttpBasics;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.runtime.tenant.Authenticator;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ingest service's HTTP surface, built unstarted so tests can start it on any port:
 *
 * <ul>
 *   <li>{@code POST /api/memory/ingest}: tenant key; an ingest event without the fields the
 *       service assigns; optional {@code Idempotency-Key} header; {@code 201 {memory_id, …}} once
 *       Kafka has it (the same answer again for a retried key).
 *   <li>{@code POST /api/memory/ingest/batch}: {@code {tenant_id, items: […]}}, up to {@code
 *       ingest.max_batch_items}; {@code 200 {results: […]}} with one status per item, in order.
 *   <li>{@code POST /api/admin/tenants}: admin key; {@code {tenant_id, max_memories?}}; {@code 201
 *       {tenant_id, api_key}}, or 409 when it exists.
 *   <li>{@code PATCH /api/admin/tenants/{tenant_id}}: admin key; {@code {max_memories}} (null: the
 *       default); {@code 200 {tenant_id, max_memories, is_default, accepted_memories}}, or 404.
 *   <li>{@code POST /api/admin/index/rebuild}: admin key; {@code {tenant, index?, optimize?}};
 *       {@code 202} with the rebuild's status, followed at {@code GET
 *       /api/admin/index/rebuild/{rebuild_id}} ({@link IndexRebuildService}).
 * </ul>
 */
public final class IngestApi {

    static final long MAX_BODY_BYTES = 1024 * 1024;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private IngestApi() {}

    public static Javalin create(
            MemoryConfig config,
            EventCodec codec,
            Authenticator auth,
            IngestService ingest,
            TenantAdminService tenants,
            ContradictionAdminService contradictions,
            IndexRebuildService rebuilds,
            PrometheusMeterRegistry registry) {
        IngestRequests requests = new IngestRequests(codec, config.ingest());
        return Javalin.create(app -> {
            HttpBasics.install(
                    app, "ingest-api", config.server(), codec.mapper(), registry, MAX_BODY_BYTES, () -> true);
            HttpBasics.serveOpenApi(app, "/openapi/ingest-api.yaml");
            app.routes.post("/api/memory/ingest", ctx -> {
                String owner = auth.tenant(ctx.header(Header.AUTHORIZATION)); // 401 before the body is read
                IngestEvent event = requests.single(ctx.bodyAsBytes());
                Authenticator.requireOwner(owner, event.tenantId());
                String key = idempotencyKey(ctx);
                var outcome = ingest.ingest(event.tenantId(), List.of(new IngestService.Submission(event, key)))
                        .get(0);
                if (!outcome.accepted()) {
                    throw outcome.refusal();
                }
                if (outcome.replayed()) {
                    ctx.header("Idempotent-Replayed", "true");
                }
                ctx.status(201).json(receipt(event.tenantId(), event.userId(), outcome));
            });
            app.routes.post("/api/memory/ingest/batch", ctx -> batch(ctx, config, requests, auth, ingest));
            app.routes.post("/api/admin/tenants", ctx -> {
                auth.requireAdmin(ctx.header(Header.AUTHORIZATION));
                JsonNode body = requests.object(ctx.bodyAsBytes());
                var created = tenants.create(textOrNull(body.get("tenant_id")), maxMemories(body));
                ctx.status(201).json(Map.of("tenant_id", created.tenantId(), "api_key", created.apiKey()));
            });
            app.routes.patch("/api/admin/tenants/{tenant_id}", ctx -> {
                auth.requireAdmin(ctx.header(Header.AUTHORIZATION));
                JsonNode body = requests.object(ctx.bodyAsBytes());
                if (!body.has("max_memories")) {
                    throw ProblemException.badRequest(
                            "max_memories is required: a positive whole number, or null for the default quota");
                }
                ctx.json(tenants.setQuota(ctx.pathParam("tenant_id"), maxMemories(body)));
            });
            app.routes.get("/api/admin/contradictions", ctx -> {
                auth.requireAdmin(ctx.header(Header.AUTHORIZATION));
                String tenantId = ctx.queryParam("tenant_id");
                if (tenantId == null || tenantId.isBlank()) {
                    throw ProblemException.badRequest("tenant_id is required");
                }
                ctx.json(Map.of("contradictions", contradictions.open(tenantId)));
            });
            app.routes.post("/api/admin/index/rebuild", ctx -> {
                auth.requireAdmin(ctx.header(Header.AUTHORIZATION));
                JsonNode body = requests.object(ctx.bodyAsBytes());
                String tenant = textOrNull(body.get("tenant"));
                if (tenant == null) {
                    throw ProblemException.badRequest("tenant is required: a tenant id, or \"all\"");
                }
                JsonNode index = body.get("index");
                if (index != null && !"hnsw".equals(index.asText(null))) {
                    throw ProblemException.badRequest("index must be \"hnsw\" (the only index there is to rebuild)");
                }
                JsonNode optimize = body.get("optimize");
                if (optimize != null && !optimize.isBoolean()) {
                    throw ProblemException.badRequest("optimize must be true or false");
                }
                var started = rebuilds.start(tenant, optimize != null && optimize.asBoolean());
                ctx.status(202)
                        .header(Header.LOCATION, "/api/admin/index/rebuild/" + started.rebuildId())
                        .json(started);
            });
            app.routes.get("/api/admin/index/rebuild/{rebuild_id}", ctx -> {
                auth.requireAdmin(ctx.header(Header.AUTHORIZATION));
                ctx.json(rebuilds.status(ctx.pathParam("rebuild_id")));
            });
            app.routes.post("/api/admin/contradictions/{decision_id}/resolve", ctx -> {
                auth.requireAdmin(ctx.header(Header.AUTHORIZATION));
                JsonNode body = requests.object(ctx.bodyAsBytes());
                String tenantId = textOrNull(body.get("tenant_id"));
                String keep = textOrNull(body.get("keep"));
                if (tenantId == null || keep == null) {
                    throw ProblemException.badRequest("tenant_id and keep (the memory id to keep) are required");
                }
                ctx.json(contradictions.resolve(tenantId, ctx.pathParam("decision_id"), keep));
            });
        });
    }

    private static void batch(
            Context ctx, MemoryConfig config, IngestRequests requests, Authenticator auth, IngestService ingest) {
        String owner = auth.tenant(ctx.header(Header.AUTHORIZATION)); // 401 before the body is read
        JsonNode body = requests.object(ctx.bodyAsBytes());
        String tenantId = textOrNull(body.get("tenant_id"));
        if (tenantId == null) {
            throw ProblemException.badRequest("tenant_id is required at the top of a batch");
        }
        Authenticator.requireOwner(owner, tenantId);
        JsonNode items = body.get("items");
        int max = config.ingest().maxBatchItems();
        if (items == null || !items.isArray() || items.isEmpty() || items.size() > max) {
            throw ProblemException.badRequest("items must be an array of 1 to " + max + " memories");
        }
        String key = idempotencyKey(ctx);
        List<Map<String, Object>> results = new ArrayList<>();
        List<IngestService.Submission> valid = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            try {
                IngestEvent event = requests.item(items.get(i), tenantId);
                // one key for the batch; each item is remembered under it and its position
                valid.add(new IngestService.Submission(event, key == null ? null : key + "#" + i));
                positions.add(i);
                results.add(null);
            } catch (ProblemException e) {
                results.add(refusal(i, e));
            }
        }
        if (!valid.isEmpty()) {
            var outcomes = ingest.ingest(tenantId, valid);
            for (int j = 0; j < outcomes.size(); j++) {
                var outcome = outcomes.get(j);
                int i = positions.get(j);
                results.set(i, outcome.accepted() ? itemReceipt(i, outcome) : refusal(i, outcome.refusal()));
            }
        }
        ctx.status(200).json(Map.of("results", results));
    }

    private static String idempotencyKey(Context ctx) {
        String key = ctx.header(IDEMPOTENCY_KEY);
        if (key == null) {
            return null;
        }
        if (key.isBlank() || key.length() > 200) {
            throw ProblemException.badRequest("Idempotency-Key must be 1-200 characters");
        }
        return key;
    }

    /** The body's {@code max_memories}: null when absent or null, else a positive whole number. */
    private static Long maxMemories(JsonNode body) {
        JsonNode limit = body.get("max_memories");
        if (limit == null || limit.isNull()) {
            return null;
        }
        if (!limit.isIntegralNumber() || !limit.canConvertToLong() || limit.asLong() < 1) {
            throw ProblemException.badRequest("max_memories must be a positive whole number");
        }
        return limit.asLong();
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.asText() : null;
    }

    private static Map<String, Object> receipt(String tenantId, String userId, IngestService.Outcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("memory_id", outcome.memoryId());
        body.put("tenant_id", tenantId);
        body.put("user_id", userId);
        if (outcome.acceptedAt() != null) {
            body.put("accepted_at", outcome.acceptedAt().toString());
        }
        body.put("status", outcome.replayed() ? "already_accepted" : "accepted");
        return body;
    }

    private static Map<String, Object> itemReceipt(int index, IngestService.Outcome o) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("index", index);
        body.put("status", 201);
        body.put("memory_id", o.memoryId());
        body.put("replayed", o.replayed());
        return body;
    }

    private static Map<String, Object> refusal(int index, ProblemException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("index", index);
        body.put("status", e.problem().status());
        body.put("problem", e.problem());
        if (e.retryAfter() != null) {
            body.put("retry_after_seconds", Math.max(1, e.retryAfter().toSeconds()));
        }
        return body;
    }
}
