package dev.agentmemory.runtime.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.store.DocumentStore;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every HTTP service has: JSON with the shared mapper, {@code GET /health} (503 while the
 * service says it is not healthy, e.g. a worker whose loop stopped), {@code GET
 * /metrics}, and one problem+json shape for every error, including the ones Javalin raises itself
 * (404, 405, a body too large). An unexpected exception is logged and answered with a 500 problem
 * that reveals nothing internal.
 */
public final class HttpBasics {

    private static final Logger log = LoggerFactory.getLogger(HttpBasics.class);

    private HttpBasics() {}

    public static void install(
            JavalinConfig config,
            String service,
            MemoryConfig.Server server,
            ObjectMapper mapper,
            PrometheusMeterRegistry registry,
            long maxRequestBytes,
            BooleanSupplier healthy) {
        config.jsonMapper(new JavalinJackson(mapper, false));
        config.http.maxRequestSize = maxRequestBytes;
        config.jetty.host = server.host();
        config.jetty.port = server.port();
        config.jetty.threadPool = new QueuedThreadPool(Math.max(16, server.workers() * 8), 8);
        // server.max_connections: beyond it Jetty stops accepting (new connections wait in the
        // kernel's backlog) until one closes, so a flood of clients cannot exhaust the process
        config.jetty.modifyServer(jetty -> {
            var limit = new NetworkConnectionLimit(server.maxConnections(), jetty);
            // at the limit, idle kept-alive connections (a gateway's pool) are closed after 5 s
            // instead of the usual 30, so a waiting client gets a slot
            limit.setEndPointIdleTimeout(5_000);
            jetty.addBean(limit);
        });
        config.startup.showJavalinBanner = false;

        config.routes.get("/health", ctx -> {
            boolean up = healthy.getAsBoolean();
            ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN", "service", service));
        });
        config.routes.get(
                "/metrics",
                ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
                        .result(registry.scrape()));

        config.routes.exception(ProblemException.class, (e, ctx) -> respond(ctx, e));
        config.routes.exception(
                HttpResponseException.class,
                (e, ctx) -> respond(
                        ctx,
                        Problem.of(e.getStatus(), "http-" + e.getStatus(), titleOf(e.getStatus()), e.getMessage())));
        config.routes.exception(Exception.class, (e, ctx) -> {
            if (DocumentStore.unreachable(e)) {
                // PostgreSQL down or restarting: the client should come back, nothing is wrong with its request
                log.warn("{} {}: the document store is unreachable: {}", ctx.method(), ctx.path(), e.toString());
                respond(ctx, ProblemException.unavailable("the document store is unreachable", Duration.ofSeconds(5)));
                return;
            }
            String refused = DocumentStore.refusedData(e);
            if (refused != null) {
                // a value PostgreSQL cannot take (a NUL in a text, a number out of range): the request's
                respond(ctx, ProblemException.badRequest(refused));
                return;
            }
            log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
            respond(
                    ctx,
                    Problem.of(500, "internal", "Internal error", "an unexpected error occurred; it has been logged"));
        });
        for (int status : new int[] {404, 405, 413}) {
            config.routes.error(status, ctx -> {
                if (!Problem.CONTENT_TYPE.equals(ctx.res().getContentType())) {
                    respond(
                            ctx,
                            Problem.of(status, "http-" + status, titleOf(status), ctx.method() + " " + ctx.path()));
                }
            });
        }
    }

    /** Serves the service's OpenAPI description (a classpath resource) at {@code GET /openapi.yaml}. */
    public static void serveOpenApi(JavalinConfig config, String resource) {
        byte[] document;
        try (var in = HttpBasics.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing OpenAPI resource " + resource);
            }
            document = in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        config.routes.get(
                "/openapi.yaml", ctx -> ctx.contentType("application/yaml").result(document));
    }

    private static void respond(Context ctx, ProblemException e) {
        if (e.retryAfter() != null) {
            ctx.header("Retry-After", Long.toString(Math.max(1, e.retryAfter().toSeconds())));
        }
        respond(ctx, e.problem());
    }

    public static void respond(Context ctx, Problem problem) {
        ctx.status(problem.status()).json(problem).contentType(Problem.CONTENT_TYPE);
    }

    private static String titleOf(int status) {
        return switch (status) {
            case 400 -> "Invalid request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Request body too large";
            default -> "HTTP " + status;
        };
    }
}
