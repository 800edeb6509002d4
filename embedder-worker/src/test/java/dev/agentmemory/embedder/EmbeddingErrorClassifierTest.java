package dev.agentmemory.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.embedder.EmbeddingErrorClassifier.Kind;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the real langchain4j OpenAI client throws, against the stand-in API, and how it is sorted. */
class EmbeddingErrorClassifierTest {

    @ParameterizedTest(name = "HTTP {0} is {1}")
    @CsvSource({
        "429, TRANSIENT",
        "408, TRANSIENT",
        "500, TRANSIENT",
        "502, TRANSIENT",
        "503, TRANSIENT",
        "400, PERMANENT",
        "413, PERMANENT",
        "422, PERMANENT",
        "401, FATAL",
        "403, FATAL",
        "404, FATAL"
    })
    void anHttpErrorFromTheClientIsSortedByItsStatus(int status, Kind expected) throws Exception {
        try (var api = OpenAiStandIn.start(8).failForever(status)) {
            RuntimeException error = failure(model(api.baseUrl(), 2000));
            assertEquals(expected, EmbeddingErrorClassifier.classify(error), error.toString());
            assertTrue(
                    EmbeddingErrorClassifier.describe(error).startsWith("HTTP " + status + " "),
                    EmbeddingErrorClassifier.describe(error));
        }
    }

    @Test
    void aTimeoutIsTransient() throws Exception {
        try (var api = OpenAiStandIn.start(8).answerAfter(Duration.ofSeconds(2))) {
            RuntimeException error = failure(model(api.baseUrl(), 200));
            assertEquals(Kind.TRANSIENT, EmbeddingErrorClassifier.classify(error), error.toString());
        }
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RuntimeException error = failure(model("http://127.0.0.1:" + closedPort + "/v1", 2000));
        assertEquals(Kind.TRANSIENT, EmbeddingErrorClassifier.classify(error), error.toString());
        assertTrue(
                error.getCause() instanceof ConnectException || error.toString().contains("Connect"), error.toString());
    }

    @Test
    void theDescriptionIsOneShortLine() {
        String body = "{\"error\":\n{\"message\":\"" + "x".repeat(1000) + "\"}}";
        String described = EmbeddingErrorClassifier.describe(new RateLimitException(new HttpException(429, body)));
        assertTrue(described.startsWith("HTTP 429 {\"error\": {\"message\""), described);
        assertTrue(described.length() <= 301 && !described.contains("\n"), described);
    }

    @Test
    void aWrongVectorSizeIsFatalAndAnythingUnknownIsTransient() {
        assertEquals(
                Kind.FATAL,
                EmbeddingErrorClassifier.classify(new EmbeddingErrorClassifier.MisconfiguredModelException("3-d")));
        assertEquals(Kind.TRANSIENT, EmbeddingErrorClassifier.classify(new IllegalStateException("odd answer")));
    }

    private static EmbeddingModel model(String baseUrl, int timeoutMs) {
        var config = TestConfig.withRetries(TestConfig.openAi(baseUrl, 8, Map.of()), 0, 1, 1, timeoutMs);
        return EmbeddingModels.create(config.embedding()).passages();
    }

    private static RuntimeException failure(EmbeddingModel model) {
        return assertThrows(RuntimeException.class, () -> model.embed("hello"));
    }
}
