package dev.agentmemory.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.query.RetrievalRequest;
import dev.agentmemory.query.SearchRequests;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * OpenSearch over plain HTTP, for what the retrieval benchmark does beside the service: seed a
 * tenant's alias with {@code _bulk}, refresh, count, force-merge, and send the raw {@code _msearch}
 * that query-api sends for a retrieval. {@link #msearchBody} mirrors {@code
 * query-api/.../SearchRequests#msearch} for a request with only tenant, user and query: the same
 * four NDJSON lines (header, kNN with the scope filter inside, header, BM25 with the same filter),
 * the very bytes query-api sends. Thread-safe.
 */
final class EngineClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI base;

    EngineClient(URI base) {
        this.base = base;
    }

    /** The {@code _msearch} body of one retrieval: built by query-api's own {@link SearchRequests}. */
    static byte[] msearchBody(SearchRequests requests, String tenantId, String userId, String query, float[] vector) {
        return requests.msearch(RetrievalRequest.plain(tenantId, userId, query, 10), vector);
    }

    /**
     * Sends a prepared {@code _msearch}; answers the HTTP status (-1: I/O error), or 599 when
     * OpenSearch answered 200 but one of the two searches failed.
     */
    int msearch(byte[] body) throws InterruptedException {
        try {
            HttpResponse<byte[]> reply = send("POST", "/_msearch", body, "application/x-ndjson");
            if (reply.statusCode() != 200) {
                return reply.statusCode();
            }
            // read as text, as the API's answer is, not parsed: a failed search is an object starting
            // {"error": (in a memory's text the quotes would be escaped)
            return new String(reply.body(), StandardCharsets.UTF_8).contains("{\"error\":") ? 599 : 200;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Sends a prepared {@code _msearch} and answers its {@code responses} (throws on an HTTP error). */
    JsonNode msearchResponses(byte[] body) throws IOException, InterruptedException {
        HttpResponse<byte[]> reply = send("POST", "/_msearch", body, "application/x-ndjson");
        if (reply.statusCode() != 200) {
            throw new IOException("_msearch: HTTP " + reply.statusCode() + " " + new String(reply.body()));
        }
        return JSON.readTree(reply.body()).path("responses");
    }

    /** {@link #msearchBody} with the request's {@code top_k} given (the legs' size is the candidate pool either way). */
    static byte[] msearchBody(
            SearchRequests requests, String tenantId, String userId, String query, float[] vector, int topK) {
        return requests.msearch(RetrievalRequest.plain(tenantId, userId, query, topK), vector);
    }

    /** Indexes documents (id, source) into an alias in one {@code _bulk}; throws if any item failed. */
    void bulk(String alias, List<Map.Entry<String, Map<String, Object>>> docs)
            throws IOException, InterruptedException {
        List<Object> lines = new ArrayList<>(docs.size() * 2);
        for (var doc : docs) {
            lines.add(Map.of("index", Map.of("_index", alias, "_id", doc.getKey())));
            lines.add(doc.getValue());
        }
        HttpResponse<byte[]> reply = send("POST", "/_bulk?refresh=false", ndjson(lines), "application/x-ndjson");
        JsonNode body = JSON.readTree(reply.body());
        if (reply.statusCode() != 200 || body.path("errors").asBoolean(false)) {
            String first = body.path("items").findValuesAsText("reason").stream()
                    .findFirst()
                    .orElse(new String(reply.body()).substring(0, Math.min(500, reply.body().length)));
            throw new IOException("bulk into " + alias + " failed (HTTP " + reply.statusCode() + "): " + first);
        }
    }

    long count(String alias) throws IOException, InterruptedException {
        return json("GET", "/" + alias + "/_count").path("count").asLong(-1);
    }

    /** Documents of the alias that have a value in the field. */
    long countWith(String alias, String field) throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(Map.of("query", Map.of("exists", Map.of("field", field))));
        HttpResponse<byte[]> reply = send("POST", "/" + alias + "/_count", body, "application/json");
        if (reply.statusCode() >= 300) {
            throw new IOException("count in " + alias + ": HTTP " + reply.statusCode());
        }
        return JSON.readTree(reply.body()).path("count").asLong(-1);
    }

    void refresh(String alias) throws IOException, InterruptedException {
        json("POST", "/" + alias + "/_refresh");
    }

    void forceMerge(String alias) throws IOException, InterruptedException {
        json("POST", "/" + alias + "/_forcemerge?max_num_segments=1");
    }

    /** Searchable segments of the alias's index (one shard). */
    int segments(String alias) throws IOException, InterruptedException {
        JsonNode indices = json("GET", "/" + alias + "/_segments").path("indices");
        int n = 0;
        for (JsonNode index : indices) {
            for (JsonNode shard : index.path("shards")) {
                for (JsonNode copy : shard) {
                    n += copy.path("num_search_segments").asInt();
                }
            }
        }
        return n;
    }

    private JsonNode json(String method, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> reply = send(method, path, null, "application/json");
        if (reply.statusCode() >= 300) {
            throw new IOException(
                    method + " " + path + ": HTTP " + reply.statusCode() + " " + new String(reply.body()));
        }
        return JSON.readTree(reply.body());
    }

    private HttpResponse<byte[]> send(String method, String path, byte[] body, String contentType)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofMinutes(30)) // a force-merge of a large HNSW index takes minutes
                .header("Content-Type", contentType)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] ndjson(List<?> lines) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object line : lines) {
            JSON.writeValue(out, line);
            out.write('\n');
        }
        return out.toByteArray();
    }
}
