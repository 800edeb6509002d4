package dev.agentmemory.query;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.http.HttpBasics;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.runtime.tenant.Authenticator;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Header;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The query service's HTTP surface, built unstarted: {@code POST /api/memory/retrieve} with {@code
 * {tenant_id, user_id, query, top_k?}} answers {@code 200 {results: […]}}. The API key is checked
 * against {@code tenant_id} before any index is touched.
 */
public final class QueryApi {

    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,47}");
    private static final int MAX_QUERY_CHARS = 2000;

    /** The request body; unknown fields are refused. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    record RetrieveRequest(String tenantId, String userId, String query, Integer topK) {}

    private QueryApi() {}

    static Javalin create(
            MemoryConfig config,
            ObjectMapper mapper,
            Authenticator auth,
            HybridRetriever retriever,
            PrometheusMeterRegistry registry) {
        ObjectMapper strict = mapper.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        // "query": 7 or "top_k": "10" are type errors, not values to guess at
        strict.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        return Javalin.create(app -> {
            HttpBasics.install(app, "query-api", config.server(), mapper, registry, 16 * 1024, () -> true);
            app.routes.post("/api/memory/retrieve", ctx -> {
                RetrieveRequest request = parse(strict, ctx);
                auth.requireTenant(ctx.header(Header.AUTHORIZATION), request.tenantId());
                int topK = topK(request.topK(), config.retrieval());
                List<RetrievedMemory> results =
                        retriever.retrieve(request.tenantId(), request.userId(), request.query(), topK);
                ctx.json(Map.of("results", results));
            });
        });
    }

    private static RetrieveRequest parse(ObjectMapper mapper, Context ctx) {
        RetrieveRequest request;
        try {
            request = mapper.readValue(ctx.bodyAsBytes(), RetrieveRequest.class);
        } catch (IOException e) {
            String message = e.getMessage() == null
                    ? "unreadable body"
                    : e.getMessage().lines().findFirst().orElse("");
            throw ProblemException.badRequest("malformed request: " + message);
        }
        if (request == null) {
            throw ProblemException.badRequest("the body must be a JSON object");
        }
        if (request.tenantId() == null || !TENANT_ID.matcher(request.tenantId()).matches()) {
            throw ProblemException.badRequest("tenant_id is required: 1-48 characters of a-z, 0-9, '-' and '_'");
        }
        if (request.userId() == null
                || request.userId().isBlank()
                || request.userId().length() > 128) {
            throw ProblemException.badRequest("user_id is required (1-128 characters)");
        }
        if (request.query() == null
                || request.query().isBlank()
                || request.query().length() > MAX_QUERY_CHARS) {
            throw ProblemException.badRequest("query is required (1-" + MAX_QUERY_CHARS + " characters)");
        }
        return request;
    }

    private static int topK(Integer requested, MemoryConfig.Retrieval config) {
        if (requested == null) {
            return config.topK();
        }
        if (requested < 1 || requested > config.maxTopK()) {
            throw ProblemException.badRequest("top_k must be between 1 and " + config.maxTopK());
        }
        return requested;
    }
}
