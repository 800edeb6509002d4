package dev.agentmemory.query;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.http.HttpBasics;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.runtime.tenant.Authenticator;
import io.javalin.Javalin;
import io.javalin.http.ContentType;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;

/**
 * The query service's HTTP surface, built unstarted. Every route checks the API key before it
 * touches any store: {@code POST /api/memory/retrieve}, {@code GET /api/memory/{id}}, {@code GET
 * /api/memory/{id}/history} (versions and consistency decisions), {@code GET
 * /api/memory?user_id=…} (a user's memories, newest first, paginated), {@code POST
 * /api/memory/feedback}, and {@code GET /openapi.yaml}.
 */
public final class QueryApi {

    /** The largest request body accepted: a retrieval's JSON is far smaller (the gateway refuses larger ones too). */
    static final long MAX_BODY_BYTES = 16 * 1024;

    /** A judgement on one result of a retrieval. */
    record Feedback(String retrievalId, String memoryId, Boolean relevant) {}

    private QueryApi() {}

    static Javalin create(
            MemoryConfig config,
            ObjectMapper mapper,
            Authenticator auth,
            HybridRetriever retriever,
            MemoryBrowser browser,
            RelevanceFeedback feedback,
            PrometheusMeterRegistry registry) {
        ObjectMapper strict = strict(mapper);
        return Javalin.create(app -> {
            HttpBasics.install(app, "query-api", config.server(), mapper, registry, MAX_BODY_BYTES, () -> true);
            HttpBasics.serveOpenApi(app, "/openapi/query-api.yaml");
            app.routes.post("/api/memory/retrieve", ctx -> {
                String owner = auth.tenant(ctx.header(Header.AUTHORIZATION)); // 401 before the body is read
                RetrievalRequest request =
                        read(strict, ctx, RetrievalRequest.class).validated(config.retrieval());
                Authenticator.requireOwner(owner, request.tenantId());
                // written as UTF-8 bytes in one pass (ctx.json goes through a String)
                ctx.contentType(ContentType.APPLICATION_JSON)
                        .result(mapper.writeValueAsBytes(retriever.retrieve(request)));
            });
            app.routes.post("/api/memory/feedback", ctx -> {
                String tenant = auth.tenant(ctx.header(Header.AUTHORIZATION));
                Feedback judged = read(strict, ctx, Feedback.class);
                if (judged.retrievalId() == null || judged.memoryId() == null || judged.relevant() == null) {
                    throw ProblemException.badRequest("retrieval_id, memory_id and relevant (true/false) are required");
                }
                feedback.judge(tenant, judged.retrievalId(), judged.memoryId(), judged.relevant());
                ctx.status(204);
            });
            app.routes.get("/api/memory/{memory_id}", ctx -> {
                String tenant = auth.tenant(ctx.header(Header.AUTHORIZATION));
                ctx.json(browser.memory(tenant, ctx.pathParam("memory_id")));
            });
            app.routes.get("/api/memory/{memory_id}/history", ctx -> {
                String tenant = auth.tenant(ctx.header(Header.AUTHORIZATION));
                ctx.json(browser.history(tenant, ctx.pathParam("memory_id")));
            });
            app.routes.get("/api/memory", ctx -> {
                String tenant = auth.tenant(ctx.header(Header.AUTHORIZATION));
                ctx.json(browser.page(
                        tenant, ctx.queryParam("user_id"), ctx.queryParam("limit"), ctx.queryParam("cursor")));
            });
        });
    }

    /**
     * Refuses unknown fields and type coercions: {@code "query": 7}, {@code "top_k": "10"}, {@code
     * "top_k": 10.9} or {@code "explain": 1} are errors.
     */
    private static ObjectMapper strict(ObjectMapper mapper) {
        ObjectMapper strict = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        strict.setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE);
        strict.coercionConfigFor(LogicalType.Integer)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.String, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return strict;
    }

    private static <T> T read(ObjectMapper mapper, Context ctx, Class<T> type) {
        T value;
        try {
            value = mapper.readValue(ctx.bodyAsBytes(), type);
        } catch (IOException e) {
            String message = e.getMessage() == null
                    ? "unreadable body"
                    : e.getMessage().lines().findFirst().orElse("");
            throw ProblemException.badRequest("malformed request: " + message);
        }
        if (value == null) {
            throw ProblemException.badRequest("the body must be a JSON object");
        }
        return value;
    }
}
