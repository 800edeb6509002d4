package dev.agentmemory.runtime.retry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.runtime.retry.ModelApiErrors.Kind;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.ContentFilteredException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.InternalServerException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How failures shaped as langchain4j 1.19 reports them are sorted and described. What its real
 * clients throw against a stand-in API is tested where they are used (embedder-worker's
 * OpenAiEmbeddingErrorsTest, consistency-stream's LlmJudgeTest).
 */
class ModelApiErrorsTest {

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
    void anHttpErrorIsSortedByItsStatusHoweverItIsWrapped(int status, Kind expected) {
        HttpException http = new HttpException(status, "{\"error\": \"no\"}");
        assertEquals(expected, ModelApiErrors.ofStatus(status));
        assertEquals(expected, ModelApiErrors.classify(http));
        // whatever wraps it, the status decides
        assertEquals(expected, ModelApiErrors.classify(new InvalidRequestException(http)));
        assertEquals(expected, ModelApiErrors.classify(new RuntimeException(new RateLimitException(http))));
        assertEquals(expected == Kind.TRANSIENT, ModelApiErrors.isTransient(http));
        assertEquals("HTTP " + status + " {\"error\": \"no\"}", ModelApiErrors.describe(http));
        assertEquals("HTTP " + status, ModelApiErrors.describe(new InvalidRequestException(http), false));
    }

    @Test
    void timeoutsIoAndAnUnresolvedHostAreTransient() {
        assertEquals(Kind.TRANSIENT, ModelApiErrors.classify(new TimeoutException("read timed out")));
        assertEquals(Kind.TRANSIENT, ModelApiErrors.classify(new InternalServerException("down")));
        assertEquals(Kind.TRANSIENT, ModelApiErrors.classify(new RuntimeException(new ConnectException("refused"))));
        assertEquals(
                Kind.TRANSIENT, ModelApiErrors.classify(new UncheckedIOException(new IOException("connection reset"))));
        // a NonRetriableException in langchain4j, yet the host may resolve again (DNS, a container starting)
        assertEquals(Kind.TRANSIENT, ModelApiErrors.classify(new UnresolvedModelServerException("no such host")));
    }

    @Test
    void aRefusedConfigurationIsFatalAndARefusedInputPermanent() {
        assertEquals(Kind.FATAL, ModelApiErrors.classify(new AuthenticationException("bad key")));
        assertEquals(Kind.FATAL, ModelApiErrors.classify(new ModelNotFoundException("no such model")));
        assertEquals(Kind.FATAL, ModelApiErrors.classify(new MisconfiguredModelException("3-d vectors")));
        assertEquals(
                Kind.FATAL, ModelApiErrors.classify(new IllegalStateException(new MisconfiguredModelException("3-d"))));
        assertEquals(Kind.PERMANENT, ModelApiErrors.classify(new InvalidRequestException("too long")));
        assertEquals(Kind.PERMANENT, ModelApiErrors.classify(new ContentFilteredException("filtered")));
        assertFalse(ModelApiErrors.isTransient(new ContentFilteredException("filtered")));
    }

    @Test
    void anythingUnknownIsTransient() {
        assertEquals(Kind.TRANSIENT, ModelApiErrors.classify(new IllegalStateException("odd answer")));
        assertTrue(ModelApiErrors.isTransient(new NullPointerException()));
    }

    @Test
    void withoutAStatusTheRootExceptionIsDescribed() {
        RuntimeException error = new RuntimeException("wrapper", new ConnectException("Connection\nrefused"));
        assertEquals("ConnectException: Connection refused", ModelApiErrors.describe(error));
        assertEquals("ConnectException", ModelApiErrors.describe(error, false));
        assertEquals("NullPointerException", ModelApiErrors.describe(new NullPointerException()));
    }

    @Test
    void theDescriptionIsOneShortLine() {
        String body = "{\"error\":\n{\"message\":\"" + "x".repeat(1000) + "\"}}";
        String described = ModelApiErrors.describe(new RateLimitException(new HttpException(429, body)));
        assertTrue(described.startsWith("HTTP 429 {\"error\": {\"message\""), described);
        assertEquals(ModelApiErrors.MAX_DETAIL + 1, described.length(), described);
        assertTrue(described.endsWith("…") && !described.contains("\n"), described);
        assertEquals("a b c", ModelApiErrors.oneLine("  a\n\tb   c \n"));
    }

    @Test
    void findWalksTheCauseChain() {
        HttpException http = new HttpException(503, "busy");
        assertSame(
                http,
                ModelApiErrors.find(new RuntimeException(new InternalServerException(http)), HttpException.class));
        assertEquals(null, ModelApiErrors.find(new RuntimeException("alone"), HttpException.class));
    }
}
