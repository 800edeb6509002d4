package dev.agentmemory.runtime.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.runtime.config.MemoryConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;
import org.opensearch.client.opensearch.generic.Body;
import org.opensearch.client.opensearch.generic.OpenSearchGenericClient;
import org.opensearch.client.opensearch.generic.Requests;
import org.opensearch.client.opensearch.generic.Response;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5Transport;
import org.opensearch.client.transport.httpclient5.ApacheHttpClient5TransportBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pooled connections to OpenSearch: callers send the exact JSON (or NDJSON for {@code _bulk} and
 * {@code _msearch}) they mean and read the answer as a tree. Everything goes through opensearch-java's
 * generic client, except {@link #msearch}, the retrieval hot path, which uses a blocking Apache
 * HttpClient on the caller's own thread: no hand-off to an I/O reactor and back for every search
 * (the async client's wake-ups were a third of query-api's CPU per retrieval, measured with JFR).
 * Thread-safe; close it on shutdown.
 */
public final class OpenSearch implements AutoCloseable {

    /** An answer: its HTTP status and body ({@code null} when empty). */
    public record Reply(int status, JsonNode body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    private static final Logger log = LoggerFactory.getLogger(OpenSearch.class);
    private static final String NDJSON = "application/x-ndjson";
    private static final String JSON = "application/json";

    private final ApacheHttpClient5Transport transport;
    private final OpenSearchGenericClient client;
    private final ObjectMapper mapper;
    private final CloseableHttpClient searches;
    private final String msearchUrl;

    private OpenSearch(
            ApacheHttpClient5Transport transport, ObjectMapper mapper, CloseableHttpClient searches, HttpHost host) {
        this.transport = transport;
        this.searches = searches;
        this.msearchUrl = host.toURI() + "/_msearch";
        this.client = new OpenSearchGenericClient(transport);
        this.mapper = mapper;
    }

    public static OpenSearch connect(MemoryConfig.VectorDb config, ObjectMapper mapper) {
        HttpHost host;
        try {
            host = HttpHost.create(config.url());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("storage.vector_db.url is not a URL: " + config.url(), e);
        }
        Timeout timeout = Timeout.ofMilliseconds(config.timeoutMs());
        ApacheHttpClient5Transport transport = ApacheHttpClient5TransportBuilder.builder(host)
                .setHttpClientConfigCallback(
                        http -> http.setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                                .setMaxConnTotal(config.poolSize())
                                .setMaxConnPerRoute(config.poolSize())
                                .build()))
                .setRequestConfigCallback(
                        request -> request.setConnectionRequestTimeout(timeout).setResponseTimeout(timeout))
                .build();
        CloseableHttpClient searches = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(config.poolSize())
                        .setMaxConnPerRoute(config.poolSize())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(timeout)
                                .setSocketTimeout(timeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(timeout)
                        .setResponseTimeout(timeout)
                        .build())
                .disableCookieManagement()
                .disableRedirectHandling()
                // no Accept-Encoding: gzip. OpenSearch would compress every answer and we would
                // inflate it, both on the CPU the search needs, for bytes that only cross loopback
                // or a LAN (measured: ~15 % of OpenSearch's CPU per retrieval)
                .disableContentCompression()
                .build();
        return new OpenSearch(transport, mapper, searches, host);
    }

    public Reply json(String method, String endpoint, Object body) throws IOException {
        return json(method, endpoint, Map.of(), body);
    }

    /** A request with query parameters (never put them in the endpoint: it is escaped as a path). */
    public Reply json(String method, String endpoint, Map<String, String> params, Object body) throws IOException {
        byte[] bytes = body == null
                ? null
                : body instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : mapper.writeValueAsBytes(body);
        return send(method, endpoint, params, bytes, JSON);
    }

    /** Sends newline-delimited JSON lines, as {@code _bulk} and {@code _msearch} want. */
    public Reply ndjson(String endpoint, Map<String, String> params, List<?> lines) throws IOException {
        return send("POST", endpoint, params, ndjsonBytes(lines), NDJSON);
    }

    private byte[] ndjsonBytes(List<?> lines) throws IOException {
        StringBuilder out = new StringBuilder();
        for (Object line : lines) {
            out.append(line instanceof String s ? s : mapper.writeValueAsString(line))
                    .append('\n');
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An answer whose body Jackson bound to a type: {@code null} unless the status is 2xx. */
    public record Typed<T>(int status, T body) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * A {@code _msearch} of this NDJSON body, on the caller's thread (see the class comment). The
     * answer is bound straight from the stream to {@code type}, never built as a tree: a retrieval's
     * answer holds a hundred stored documents, and a tree of them was the service's largest CPU cost
     * per retrieval.
     */
    public <T> Typed<T> msearch(byte[] ndjson, Class<T> type) throws IOException {
        HttpPost post = new HttpPost(msearchUrl);
        post.setEntity(new ByteArrayEntity(ndjson, ContentType.create(NDJSON)));
        return searches.execute(post, response -> {
            int status = response.getCode();
            if (status < 200 || status >= 300 || response.getEntity() == null) {
                EntityUtils.consume(response.getEntity());
                return new Typed<>(status, null);
            }
            try (var in = response.getEntity().getContent()) {
                return new Typed<>(status, mapper.readValue(in, type));
            }
        });
    }

    private Reply send(String method, String endpoint, Map<String, String> params, byte[] body, String type)
            throws IOException {
        var request = Requests.create(method, endpoint, List.of(), params, body == null ? null : Body.from(body, type));
        try (Response response = client.execute(request)) {
            JsonNode tree = null;
            if (response.getBody().isPresent()) {
                try (Body answer = response.getBody().get()) {
                    byte[] bytes = answer.bodyAsBytes();
                    tree = bytes.length == 0 ? null : mapper.readTree(bytes);
                }
            }
            return new Reply(response.getStatus(), tree);
        }
    }

    /** Closes the connection pool; a failure to close is logged, never thrown (this runs at shutdown). */
    @Override
    public void close() {
        // both, even when the first fails
        try (searches) {
            transport.close();
        } catch (IOException e) {
            log.warn("closing the OpenSearch connections failed: {}", e.toString());
        }
        // the transport's I/O reactor stops asynchronously; give it a moment so shutdown is clean
        try {
            TimeUnit.MILLISECONDS.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
