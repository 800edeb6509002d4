package dev.agentmemory.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * A stand-in for an OpenAI-compatible chat API (the outside world), on a random loopback port:
 * {@code POST /v1/chat/completions} answers a chat completion whose content is what the test's
 * function makes of the request's last user message, or — as told — an error status for the first
 * N calls or for every call, or a late answer to the first N calls. Records every request. Thread-safe.
 */
final class ChatStandIn implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger slowLeft = new AtomicInteger();
    private volatile Duration slowness = Duration.ZERO;
    private volatile int failureStatus;
    private volatile boolean failForever;
    private volatile UnaryOperator<String> reply = user -> "{\"verdict\":\"unrelated\",\"reason\":\"default\"}";

    private ChatStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v1/chat/completions", this::answer);
        server.setExecutor(executor);
        server.start();
    }

    static ChatStandIn start() throws IOException {
        return new ChatStandIn();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
    }

    /** The assistant's content for each call: a function of the last user message's content. */
    ChatStandIn reply(UnaryOperator<String> reply) {
        this.reply = reply;
        return this;
    }

    /** The same content for every call. */
    ChatStandIn replyWith(String content) {
        return reply(user -> content);
    }

    ChatStandIn failFirst(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
        return this;
    }

    /** The first {@code count} calls are answered only after {@code delay}. */
    ChatStandIn slowFirst(int count, Duration delay) {
        slowness = delay;
        slowLeft.set(count);
        return this;
    }

    ChatStandIn failForever(int status) {
        failureStatus = status;
        failForever = true;
        return this;
    }

    /** Back to answering every call. */
    ChatStandIn fixed() {
        failForever = false;
        failuresLeft.set(0);
        return this;
    }

    /** Calls received, failed ones included. */
    int calls() {
        return requests.size();
    }

    /** The request bodies, in the order they came. */
    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, error("POST only", "invalid_request_error"));
                return;
            }
            JsonNode request = JSON.readTree(exchange.getRequestBody());
            requests.add(request);
            if (slowLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                Thread.sleep(slowness);
            }
            if (failForever || failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                send(exchange, failureStatus, error("the stand-in is told to fail", "server_error"));
                return;
            }
            String user = "";
            for (JsonNode message : request.path("messages")) {
                if (message.path("role").asText().equals("user")) {
                    user = message.path("content").asText();
                }
            }
            send(
                    exchange,
                    200,
                    completion(reply.apply(user), request.path("model").asText("test")));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ObjectNode completion(String content, String model) {
        ObjectNode body = JSON.createObjectNode()
                .put("id", "chatcmpl-standin")
                .put("object", "chat.completion")
                .put("created", 1_767_225_600L)
                .put("model", model);
        ObjectNode choice = body.putArray("choices").addObject().put("index", 0);
        choice.putObject("message").put("role", "assistant").put("content", content);
        choice.put("finish_reason", "stop");
        body.putObject("usage")
                .put("prompt_tokens", 100)
                .put("completion_tokens", 20)
                .put("total_tokens", 120);
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
        return "ChatStandIn[" + baseUrl() + ", calls=" + calls() + "]";
    }
}
