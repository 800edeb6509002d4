package dev.agentmemory.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The public HTTP API through the gateway, as an agent uses it: tenant creation with the admin key,
 * {@code POST /api/memory/ingest}, {@code POST /api/memory/ingest/batch} and {@code POST
 * /api/memory/retrieve} (with retries: {@link #ingestItems}, {@link #retrieveJson}). A {@link Receipt}
 * carries the {@link System#nanoTime()} at which the 201 arrived. 429 and 5xx answers and I/O errors
 * (a service being restarted) are retried after {@code Retry-After} (else 1 s), up to a minute; the
 * retries are counted. Thread-safe.
 */
final class GatewayClient {

    /** A tenant of this run and its API key. */
    record Tenant(String id, String key) {}

    /**
     * One memory's answer: the memory id and arrival time of the 201 (or the final status, -1: no
     * answer), and when its request was first sent.
     */
    record Receipt(int k, String memoryId, long acceptedNanos, long sentNanos, int status) {
        boolean accepted() {
            return memoryId != null;
        }
    }

    private static final int MAX_ATTEMPTS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI gateway;
    private final AtomicLong retries = new AtomicLong();

    GatewayClient(URI gateway) {
        this.gateway = gateway;
    }

    long retries() {
        return retries.get();
    }

    /** The admin key: {@code MEMORY_ADMIN_KEY}, else {@code <stack-dir>/admin-key} of the local stack. */
    static String adminKey(Path stackDir) throws IOException {
        String key = System.getenv("MEMORY_ADMIN_KEY");
        return key != null && !key.isBlank()
                ? key
                : Files.readString(stackDir.resolve("admin-key")).trim();
    }

    Tenant createTenant(String adminKey, String tenantId) throws IOException, InterruptedException {
        HttpResponse<String> reply = post("/api/admin/tenants", adminKey, Map.of("tenant_id", tenantId));
        if (reply.statusCode() != 201) {
            throw new IOException("creating tenant " + tenantId + ": HTTP " + reply.statusCode() + " " + reply.body());
        }
        return new Tenant(tenantId, JSON.readTree(reply.body()).path("api_key").asText());
    }

    /** The answer to one retrieval: its HTTP status (-1 for an I/O error) and, with a 429, how long to wait. */
    record Answer(int status, Duration retryAfter) {}

    /**
     * One {@code POST /api/memory/retrieve}, sent once (no retry: a 429 is a figure here). The body
     * is read in full and discarded.
     */
    Answer retrieve(Tenant tenant, String userId, String query, int topK) throws InterruptedException {
        try {
            HttpResponse<String> reply = post(
                    "/api/memory/retrieve",
                    tenant.key(),
                    Map.of("tenant_id", tenant.id(), "user_id", userId, "query", query, "top_k", topK));
            return new Answer(reply.statusCode(), reply.statusCode() == 429 ? retryAfter(reply) : Duration.ZERO);
        } catch (IOException e) {
            return new Answer(-1, Duration.ZERO);
        }
    }

    /** One answer as it came: status (-1 for an I/O error or a timeout) and its JSON body (null if none). */
    record Exchange(int status, JsonNode body) {}

    /** One {@code POST} of {@code body} to {@code path} with the tenant's key, sent once: no retry. */
    Exchange once(Tenant tenant, String path, Map<String, Object> body) throws InterruptedException {
        try {
            HttpResponse<String> reply = post(path, tenant.key(), body);
            JsonNode json;
            try {
                json = JSON.readTree(reply.body());
            } catch (IOException e) {
                json = null;
            }
            return new Exchange(reply.statusCode(), json);
        } catch (IOException e) {
            return new Exchange(-1, null);
        }
    }

    Receipt ingest(Tenant tenant, Workload.Item item) throws InterruptedException {
        long sent = System.nanoTime();
        HttpResponse<String> reply = postWithRetries("/api/memory/ingest", tenant.key(), body(tenant, item, true));
        long now = System.nanoTime();
        if (reply == null || reply.statusCode() != 201) {
            return new Receipt(item.k(), null, now, sent, reply == null ? -1 : reply.statusCode());
        }
        return new Receipt(item.k(), parse(reply).path("memory_id").asText(), now, sent, 201);
    }

    /** One batch request for items of one tenant; a receipt per item, in order. */
    List<Receipt> ingestBatch(Tenant tenant, List<Workload.Item> items) throws InterruptedException {
        long sent = System.nanoTime();
        List<Object> bodies =
                items.stream().map(i -> (Object) body(tenant, i, false)).toList();
        HttpResponse<String> reply = postWithRetries(
                "/api/memory/ingest/batch", tenant.key(), Map.of("tenant_id", tenant.id(), "items", bodies));
        long now = System.nanoTime();
        List<Receipt> receipts = new ArrayList<>(items.size());
        JsonNode results =
                reply != null && reply.statusCode() == 200 ? parse(reply).path("results") : null;
        for (int i = 0; i < items.size(); i++) {
            int k = items.get(i).k();
            JsonNode r = results == null ? null : results.get(i);
            if (r != null && r.path("status").asInt() == 201) {
                receipts.add(new Receipt(k, r.path("memory_id").asText(), now, sent, 201));
            } else {
                int status = r != null ? r.path("status").asInt() : reply == null ? -1 : reply.statusCode();
                receipts.add(new Receipt(k, null, now, sent, status));
            }
        }
        return receipts;
    }

    /**
     * One {@code POST /api/memory/ingest/batch} of prepared item bodies (any fields: occurred_at,
     * metadata, …), retried on 429/5xx after {@code Retry-After}; the memory id of each item, in
     * order, null for an item the API refused (or all of them when the request failed).
     */
    List<String> ingestItems(Tenant tenant, List<Map<String, Object>> items) throws InterruptedException {
        HttpResponse<String> reply = postWithRetries(
                "/api/memory/ingest/batch", tenant.key(), Map.of("tenant_id", tenant.id(), "items", items));
        JsonNode results =
                reply != null && reply.statusCode() == 200 ? parse(reply).path("results") : null;
        List<String> ids = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode r = results == null ? null : results.get(i);
            ids.add(
                    r != null && r.path("status").asInt() == 201
                            ? r.path("memory_id").asText()
                            : null);
        }
        return ids;
    }

    /**
     * One {@code POST /api/memory/retrieve} with the given body, retried on 429/5xx after {@code
     * Retry-After} (quality benchmarks want every answer, not a rejection count); the parsed answer.
     */
    JsonNode retrieveJson(Tenant tenant, Map<String, Object> body) throws IOException, InterruptedException {
        HttpResponse<String> reply = postWithRetries("/api/memory/retrieve", tenant.key(), body);
        if (reply == null || reply.statusCode() != 200) {
            throw new IOException(
                    "retrieve: " + (reply == null ? "no answer" : "HTTP " + reply.statusCode() + " " + reply.body()));
        }
        return parse(reply);
    }

    private static Map<String, Object> body(Tenant tenant, Workload.Item item, boolean withTenant) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (withTenant) {
            body.put("tenant_id", tenant.id());
        }
        body.put("user_id", item.userId());
        body.put("content", item.content());
        body.put("type", item.type());
        return body;
    }

    private HttpResponse<String> postWithRetries(String path, String key, Object body) throws InterruptedException {
        HttpResponse<String> last = null;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Duration wait = Duration.ofSeconds(1);
            try {
                last = post(path, key, body);
                int status = last.statusCode();
                if (status != 429 && status < 500) {
                    return last;
                }
                wait = retryAfter(last);
            } catch (IOException e) {
                last = null;
            }
            retries.incrementAndGet();
            Thread.sleep(wait);
        }
        return last;
    }

    private HttpResponse<String> post(String path, String key, Object body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(gateway.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + key)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static Duration retryAfter(HttpResponse<String> reply) {
        long seconds = reply.headers()
                .firstValue("Retry-After")
                .map(v -> {
                    try {
                        return Long.parseLong(v.trim());
                    } catch (NumberFormatException e) {
                        return 1L;
                    }
                })
                .orElse(1L);
        return Duration.ofSeconds(Math.clamp(seconds, 1, 5));
    }

    private static JsonNode parse(HttpResponse<String> reply) {
        try {
            return JSON.readTree(reply.body());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "the gateway answered " + reply.statusCode() + " with non-JSON: " + reply.body(), e);
        }
    }
}
