package dev.agentmemory.embedder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for an OpenAI-compatible embeddings API (the outside world), on a random loopback port:
 * {@code POST /v1/embeddings} answers deterministic vectors of the requested size, or — as told —
 * an error status for the first N calls, an error status forever, a 400 for any call whose input
 * contains a marker, or a late answer. Counts calls and how often each text was embedded.
 * Thread-safe.
 */
final class OpenAiStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final int dimensions;
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final List<Integer> callSizes = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> embedded = new ConcurrentHashMap<>();
    private volatile int failureStatus;
    private volatile boolean failForever;
    private volatile String rejectMarker;
    private volatile Duration delay = Duration.ZERO;

    private OpenAiStandIn(int dimensions) throws IOException {
        this.dimensions = dimensions;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/embeddings", this::answer);
        server.setExecutor(executor);
        server.start();
    }

    /** Started; vectors have {@code dimensions} entries unless a request asks for another size. */
    static OpenAiStandIn start(int dimensions) throws IOException {
        return new OpenAiStandIn(dimensions);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    OpenAiStandIn failFirst(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
        return this;
    }

    OpenAiStandIn failForever(int status) {
        failureStatus = status;
        failForever = true;
        return this;
    }

    /** Answers 400 to any call with an input containing the marker, as a provider refusing a text. */
    OpenAiStandIn rejectInputsContaining(String marker) {
        rejectMarker = marker;
        return this;
    }

    OpenAiStandIn answerAfter(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Back to answering every call well. */
    OpenAiStandIn fixed() {
        failForever = false;
        failuresLeft.set(0);
        rejectMarker = null;
        delay = Duration.ZERO;
        return this;
    }

    int calls() {
        return calls.get();
    }

    /** Inputs per call, in the order the calls came. */
    List<Integer> callSizes() {
        return List.copyOf(callSizes);
    }

    /** How many times the text was sent in a call that succeeded. */
    int timesEmbedded(String text) {
        AtomicInteger count = embedded.get(text);
        return count == null ? 0 : count.get();
    }

    /** The vector the stand-in answers for a text: the same text, the same vector. */
    static float[] vectorOf(String text, int size) {
        float[] vector = new float[size];
        int seed = text.hashCode();
        for (int i = 0; i < size; i++) {
            vector[i] = (float) Math.sin(seed + i * 31.0);
        }
        return vector;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            calls.incrementAndGet();
            List<String> inputs = new ArrayList<>();
            request.path("input").forEach(input -> inputs.add(input.asText()));
            if (request.path("input").isTextual()) {
                inputs.add(request.path("input").asText());
            }
            callSizes.add(inputs.size());
            if (!delay.isZero()) {
                Thread.sleep(delay);
            }
            String marker = rejectMarker;
            if (failForever || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, failureStatus, error("the stand-in is told to fail", "server_error"));
            } else if (marker != null && inputs.stream().anyMatch(i -> i.contains(marker))) {
                send(
                        exchange,
                        400,
                        error("This model's maximum context length is 8192 tokens", "invalid_request_error"));
            } else {
                int size = request.path("dimensions").asInt(dimensions);
                inputs.forEach(i ->
                        embedded.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet());
                send(
                        exchange,
                        200,
                        embeddings(inputs, size, request.path("model").asText("test")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode embeddings(List<String> inputs, int size, String model) {
        ObjectNode body = JSON.createObjectNode().put("object", "list");
        ArrayNode data = body.putArray("data");
        for (int i = 0; i < inputs.size(); i++) {
            ObjectNode item = data.addObject().put("object", "embedding").put("index", i);
            ArrayNode vector = item.putArray("embedding");
            for (float value : vectorOf(inputs.get(i), size)) {
                vector.add(value);
            }
        }
        body.put("model", model);
        int tokens = inputs.stream().mapToInt(i -> i.split("\\s+").length).sum();
        body.putObject("usage").put("prompt_tokens", tokens).put("total_tokens", tokens);
        return body;
    }

    private static ObjectNode error(String message, String type) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", message).put("type", type);
        return body;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "OpenAiStandIn[" + baseUrl() + ", calls=" + calls + ", sizes=" + callSizes + "]";
    }
}
