package dev.agentmemory.embedder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.embedder.BatchEmbedder.Embedded;
import dev.agentmemory.embedder.BatchEmbedder.Outcome;
import dev.agentmemory.embedder.BatchEmbedder.Rejected;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.runtime.retry.Backoff;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retries and bisection, through the real OpenAI client, against the stand-in API. */
class BatchEmbedderTest {

    private static final int DIMENSIONS = 8;
    private static final String MARKER = "<<too long>>";

    private OpenAiStandIn api;
    private SimpleMeterRegistry registry;

    @BeforeEach
    void start() throws Exception {
        api = OpenAiStandIn.start(DIMENSIONS);
        registry = new SimpleMeterRegistry();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aRefusedTextIsIsolatedAndRejectedAloneWhileEveryOtherTextIsEmbedded() {
        api.rejectInputsContaining(MARKER);
        List<String> texts = texts(20, 13);

        List<Outcome> outcomes = embedder(5, 128).embed(texts);

        assertEquals(20, outcomes.size());
        for (int i = 0; i < 20; i++) {
            if (i == 13) {
                var rejected = assertInstanceOf(Rejected.class, outcomes.get(i));
                assertTrue(
                        rejected.reason().startsWith("embedding API rejected the item: HTTP 400 "), rejected.reason());
            } else {
                var embedded = assertInstanceOf(Embedded.class, outcomes.get(i));
                assertArrayEquals(OpenAiStandIn.vectorOf(texts.get(i), DIMENSIONS), embedded.vector());
            }
        }
        // 20✗ → 10✓ 10✗ → 5✗ → 2✓ 3✗ → 1✓ 2✗ → 1✗ (rejected) 1✓ … 5✓: about 2·log2(n) calls, not n
        assertEquals(List.of(20, 10, 10, 5, 2, 3, 1, 2, 1, 1, 5), api.callSizes());
        assertEquals(6, errors("permanent"));
    }

    @Test
    void twoRefusedTextsAreBothIsolated() {
        api.rejectInputsContaining(MARKER);
        List<String> texts = texts(9, 0, 8);

        List<Outcome> outcomes = embedder(5, 128).embed(texts);

        assertInstanceOf(Rejected.class, outcomes.get(0));
        assertInstanceOf(Rejected.class, outcomes.get(8));
        outcomes.subList(1, 8).forEach(o -> assertInstanceOf(Embedded.class, o));
    }

    @Test
    void rateLimitedCallsAreRetriedUntilTheyWork() {
        api.failFirst(3, 429);

        List<Outcome> outcomes = embedder(5, 128).embed(texts(10));

        outcomes.forEach(o -> assertInstanceOf(Embedded.class, o));
        assertEquals(4, api.calls());
        assertEquals(3, errors("transient"));
    }

    @Test
    void aCallStillFailingAfterItsRetriesRejectsEveryTextWithTheReason() {
        api.failForever(503);

        List<Outcome> outcomes = embedder(2, 128).embed(texts(4));

        assertEquals(3, api.calls(), "the first call and 2 retries");
        for (Outcome outcome : outcomes) {
            var rejected = assertInstanceOf(Rejected.class, outcome);
            assertTrue(
                    rejected.reason().startsWith("embedding API failed after 2 retries: HTTP 503 "), rejected.reason());
        }
        assertEquals(3, errors("transient"));
    }

    @Test
    void aRefusedConfigurationIsThrownAndReportedUntilACallWorksAgain() {
        api.failForever(401);
        BatchEmbedder embedder = embedder(5, 128);

        assertThrows(RuntimeException.class, () -> embedder.embed(texts(3)));
        assertEquals(1, api.calls(), "neither retried nor bisected");
        assertFalse(embedder.healthy());

        api.fixed();
        embedder.embed(texts(3));
        assertTrue(embedder.healthy());
    }

    @Test
    void vectorsOfAnotherSizeThanConfiguredAreAConfigurationError() {
        var embedder = new BatchEmbedder(
                model(),
                "embedding API",
                DIMENSIONS + 1,
                128,
                5,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(1)),
                registry);

        var error = assertThrows(RuntimeException.class, () -> embedder.embed(texts(2)));

        assertTrue(error.getMessage().contains("8-dimensional"), error.getMessage());
        assertEquals(1, errors("fatal"));
    }

    @Test
    void aCallHoldsAtMostTheBatchSize() {
        embedder(5, 4).embed(texts(10));

        assertEquals(List.of(4, 4, 2), api.callSizes());
    }

    @Test
    void stoppingCutsABackoffShort() throws Exception {
        api.failForever(503);
        var embedder = new BatchEmbedder(
                model(),
                "embedding API",
                DIMENSIONS,
                128,
                5,
                new Backoff(Duration.ofSeconds(60), Duration.ofSeconds(60)),
                registry);
        var running = CompletableFuture.runAsync(() -> embedder.embed(texts(2)));
        while (api.calls() == 0) {
            Thread.sleep(10);
        }
        Thread.sleep(100);

        embedder.stop();

        var error = assertThrows(ExecutionException.class, () -> running.get(5, TimeUnit.SECONDS));
        assertTrue(
                error.getCause().getMessage().contains("shutting down"),
                error.getCause().toString());
    }

    private BatchEmbedder embedder(int maxRetries, int batchSize) {
        return new BatchEmbedder(
                model(),
                "embedding API",
                DIMENSIONS,
                batchSize,
                maxRetries,
                new Backoff(Duration.ofMillis(5), Duration.ofMillis(20)),
                registry);
    }

    private dev.langchain4j.model.embedding.EmbeddingModel model() {
        return EmbeddingModels.create(
                        TestConfig.openAi(api.baseUrl(), DIMENSIONS, Map.of()).embedding())
                .passages();
    }

    private double errors(String kind) {
        return registry.get("memory_embedding_batch_errors_total")
                .tag("kind", kind)
                .counter()
                .count();
    }

    /** n distinct texts; those at the given positions carry the marker the stand-in refuses. */
    private static List<String> texts(int n, int... refused) {
        return IntStream.range(0, n)
                .mapToObj(i -> IntStream.of(refused).anyMatch(r -> r == i) ? "text " + i + " " + MARKER : "text " + i)
                .toList();
    }
}
