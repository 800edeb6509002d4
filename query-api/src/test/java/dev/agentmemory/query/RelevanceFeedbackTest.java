package dev.agentmemory.query;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.runtime.http.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RelevanceFeedbackTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong nanos = new AtomicLong();
    private final RelevanceFeedback feedback = new RelevanceFeedback(registry, nanos::get);

    @Test
    void feedbackCountsOnlyForWhatTheTenantsRetrievalReturned() {
        String retrieval = UUID.randomUUID().toString();
        List<RetrievedMemory> results = results(10);
        feedback.remember(retrieval, "acme", results);

        feedback.judge("acme", retrieval, results.get(3).memoryId(), true);
        feedback.judge("acme", retrieval, results.get(7).memoryId(), false);
        assertTrue(Double.isNaN(relevance()), "two judgements are no score yet");
        for (int i = 0; i < 30; i++) { // sent again and again: counted once
            feedback.judge("acme", retrieval, results.get(7).memoryId(), false);
        }
        assertTrue(Double.isNaN(relevance()), "a judgement repeated counts once");

        String more = UUID.randomUUID().toString();
        List<RetrievedMemory> fifty = results(50);
        feedback.remember(more, "acme", fifty);
        for (int i = 0; i < 20; i++) {
            feedback.judge("acme", more, fifty.get(i).memoryId(), i < 15);
        }
        assertEquals(16.0 / 22, relevance(), 1e-9);
        nanos.addAndGet(Duration.ofMinutes(TenantAverages.WINDOW_MINUTES + 1).toNanos());
        assertTrue(Double.isNaN(relevance()), "judgements older than the window no longer count");

        assertEquals(
                400,
                status(() -> feedback.judge("acme", retrieval, UUID.randomUUID().toString(), true)));
        assertEquals(
                404,
                status(() -> feedback.judge("other", retrieval, results.get(3).memoryId(), true)));
        assertEquals(
                404,
                status(() -> feedback.judge(
                        "acme", UUID.randomUUID().toString(), results.get(3).memoryId(), true)));
        assertEquals(
                404,
                status(() -> feedback.judge("acme", "not-a-uuid", results.get(3).memoryId(), true)));
    }

    @Test
    void theRememberedRetrievalsStayWithinTheirBytesAndTheNewestAreKept() {
        List<RetrievedMemory> fifty = results(50); // top_k at its maximum
        String first = UUID.randomUUID().toString();
        feedback.remember(first, "acme", fifty);
        String last = null;
        for (int i = 0; i < 150_000; i++) { // ~84 MB by the estimate, more than the bound
            last = UUID.randomUUID().toString();
            feedback.remember(last, "acme", fifty);
        }
        long bytes = feedback.rememberedBytes();
        assertTrue(bytes <= RelevanceFeedback.MAX_BYTES, bytes + " bytes remembered");
        assertTrue(bytes > RelevanceFeedback.MAX_BYTES / 2, "the bound is used, not emptied: " + bytes);
        String newest = last;
        assertDoesNotThrow(() -> feedback.judge("acme", newest, fifty.get(49).memoryId(), true));
        assertEquals(
                404, status(() -> feedback.judge("acme", first, fifty.get(0).memoryId(), true)));
    }

    @Test
    void aRetrievalIsForgottenAfterAnHour() {
        List<RetrievedMemory> results = results(10);
        String old = UUID.randomUUID().toString();
        feedback.remember(old, "acme", results);
        nanos.addAndGet(Duration.ofMinutes(59).toNanos());
        String recent = UUID.randomUUID().toString();
        feedback.remember(recent, "acme", results);
        assertDoesNotThrow(() -> feedback.judge("acme", old, results.get(0).memoryId(), true));

        nanos.addAndGet(Duration.ofMinutes(1).toNanos());
        assertEquals(
                404, status(() -> feedback.judge("acme", old, results.get(0).memoryId(), true)));
        assertDoesNotThrow(() -> feedback.judge("acme", recent, results.get(0).memoryId(), true));
        feedback.remember(UUID.randomUUID().toString(), "acme", results);
        assertEquals(2 * (176 + 8 * (10 + 1)), feedback.rememberedBytes(), "the hour-old one dropped, its bytes freed");
    }

    @Test
    void fingerprintsTellMemoryIdsApart() {
        long[] prints = IntStream.range(0, 100_000)
                .mapToLong(i -> RelevanceFeedback.fingerprint(
                        UUID.nameUUIDFromBytes(new byte[] {(byte) i, (byte) (i >> 8), (byte) (i >> 16)})
                                .toString()))
                .distinct()
                .toArray();
        assertEquals(100_000, prints.length);
        assertNotEquals(RelevanceFeedback.fingerprint("ab"), RelevanceFeedback.fingerprint("ba"));
    }

    private static int status(Runnable call) {
        return assertThrows(ProblemException.class, call::run).problem().status();
    }

    private double relevance() {
        return registry.get("memory_retrieval_relevance_score")
                .tag("tenant", "acme")
                .gauge()
                .value();
    }

    private static List<RetrievedMemory> results(int n) {
        return IntStream.range(0, n)
                .mapToObj(i -> new RetrievedMemory(
                        UUID.randomUUID().toString(),
                        "acme",
                        "u1",
                        "memory " + i,
                        "fact",
                        null,
                        null,
                        1.0 - i / 100.0,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null))
                .toList();
    }
}
