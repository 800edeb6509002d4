package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/** A client of the public HTTP API, through the gateway, as an agent would use it. */
final class Gateway {

    record Reply(int status, String contentType, JsonNode body, java.net.http.HttpHeaders headers) {}

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Gateway() {}

    static Reply post(String path, String key, String rawBody) {
        return post(path, key, rawBody, Map.of());
    }

    static Reply post(String path, String key, String rawBody, Map<String, String> headers) {
        return send("POST", path, key, rawBody, headers);
    }

    static Reply patch(String path, String key, Map<String, ?> body) {
        return send("PATCH", path, key, json(body), Map.of());
    }

    private static Reply send(String method, String path, String key, String rawBody, Map<String, String> headers) {
        return send(
                HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + path))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(rawBody)),
                key,
                headers);
    }

    private static String json(Map<String, ?> body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            return fail(e);
        }
    }

    static Reply get(String path, String key) {
        return send(
                HttpRequest.newBuilder(URI.create(Stack.gatewayUrl() + path)).GET(), key, Map.of());
    }

    private static Reply send(HttpRequest.Builder request, String key, Map<String, String> headers) {
        request.timeout(Duration.ofSeconds(15));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            return new Reply(
                    response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(""),
                    body.isEmpty() ? null : JSON.readTree(body),
                    response.headers());
        } catch (IOException e) {
            return fail("the gateway at " + Stack.gatewayUrl() + " did not answer: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted");
        }
    }

    static Reply post(String path, String key, Map<String, ?> body) {
        return post(path, key, body, Map.of());
    }

    static Reply post(String path, String key, Map<String, ?> body, Map<String, String> headers) {
        return post(path, key, json(body), headers);
    }

    /** A fresh tenant (unique name with the given prefix) and its API key. */
    static Tenant newTenant(String prefix) {
        String id = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        Reply reply = post("/api/admin/tenants", Stack.adminKey(), Map.of("tenant_id", id));
        // as a client should: a 503 (the index took longer than the timeout on a busy machine) is retried
        for (int attempt = 0; attempt < 3 && reply.status() == 503; attempt++) {
            sleep(1000L
                    * Long.parseLong(reply.headers().firstValue("Retry-After").orElse("1")));
            reply = post("/api/admin/tenants", Stack.adminKey(), Map.of("tenant_id", id));
        }
        Reply created = reply;
        assertEquals(201, created.status(), () -> "create tenant: " + created.body());
        return new Tenant(id, created.body().get("api_key").asText());
    }

    record Tenant(String id, String key) {
        /** Ingests one memory and answers its id; the ingest must be accepted. */
        String ingest(String user, String content, String type) {
            Reply reply = tryIngest(user, content, type);
            assertEquals(201, reply.status(), () -> "ingest: " + reply.body());
            return reply.body().get("memory_id").asText();
        }

        /**
         * Ingests one memory with a fact slot ({@code key}) and an {@code occurred_at} (either may be
         * null) and answers its id; the ingest must be accepted.
         */
        String ingest(String user, String content, String type, String slot, String occurredAt) {
            Map<String, Object> body =
                    new HashMap<>(Map.of("tenant_id", id, "user_id", user, "content", content, "type", type));
            if (slot != null) {
                body.put("key", slot);
            }
            if (occurredAt != null) {
                body.put("occurred_at", occurredAt);
            }
            Reply reply = post("/api/memory/ingest", key, body);
            assertEquals(201, reply.status(), () -> "ingest: " + reply.body());
            return reply.body().get("memory_id").asText();
        }

        /** Asks to ingest one memory; the reply says whether it was accepted. */
        Reply tryIngest(String user, String content, String type) {
            return post(
                    "/api/memory/ingest",
                    key,
                    Map.of("tenant_id", id, "user_id", user, "content", content, "type", type));
        }

        Reply retrieve(String user, String query, int topK) {
            return post(
                    "/api/memory/retrieve",
                    key,
                    Map.of("tenant_id", id, "user_id", user, "query", query, "top_k", topK));
        }

        /** Retrieves until the memory is among the results; answers how long that took. */
        Duration awaitSearchable(String user, String query, String memoryId) {
            Instant start = Instant.now();
            while (Duration.between(start, Instant.now()).compareTo(Duration.ofSeconds(60)) < 0) {
                Reply reply = retrieve(user, query, 10);
                if (reply.status() == 503) { // a component is coming back: that is what waiting is for
                    sleep(200);
                    continue;
                }
                assertEquals(200, reply.status(), () -> "retrieve: " + reply.body());
                for (JsonNode result : reply.body().get("results")) {
                    if (memoryId.equals(result.get("memory_id").asText())) {
                        return Duration.between(start, Instant.now());
                    }
                }
                sleep(100);
            }
            return fail("memory " + memoryId + " was not searchable within 60 s");
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
