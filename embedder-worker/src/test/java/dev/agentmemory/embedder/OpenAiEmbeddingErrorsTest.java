package dev.agentmemory.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.runtime.retry.ModelApiErrors;
import dev.agentmemory.runtime.retry.ModelApiErrors.Kind;
import dev.langchain4j.model.embedding.EmbeddingModel;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What the real langchain4j OpenAI embedding client throws, against the stand-in API, and how {@link
 * ModelApiErrors} sorts it (its own unit test covers the rest).
 */
class OpenAiEmbeddingErrorsTest {

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
            assertEquals(expected, ModelApiErrors.classify(error), error.toString());
            assertTrue(
                    ModelApiErrors.describe(error).startsWith("HTTP " + status + " "), ModelApiErrors.describe(error));
        }
    }

    @Test
    void aTimeoutIsTransient() throws Exception {
        try (var api = OpenAiStandIn.start(8).answerAfter(Duration.ofSeconds(2))) {
            RuntimeException error = failure(model(api.baseUrl(), 200));
            assertEquals(Kind.TRANSIENT, ModelApiErrors.classify(error), error.toString());
        }
    }

    @Test
    void aRefusedConnectionIsTransient() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        RuntimeException error = failure(model("http://127.0.0.1:" + closedPort + "/v1", 2000));
        assertEquals(Kind.TRANSIENT, ModelApiErrors.classify(error), error.toString());
        assertTrue(
                error.getCause() instanceof ConnectException || error.toString().contains("Connect"), error.toString());
    }

    private static EmbeddingModel model(String baseUrl, int timeoutMs) {
        var config = TestConfig.withRetries(TestConfig.openAi(baseUrl, 8, Map.of()), 0, 1, 1, timeoutMs);
        return EmbeddingModels.create(config.embedding()).passages();
    }

    private static RuntimeException failure(EmbeddingModel model) {
        return assertThrows(RuntimeException.class, () -> model.embed("hello"));
    }
}
