package dev.agentmemory.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentmemory.runtime.http.ProblemException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TenantConcurrencyTest {

    @Test
    void oneRetrievalPastTheLimitIsRefusedWith429AndOtherTenantsAreUnaffected() throws Exception {
        TenantConcurrency concurrency = new TenantConcurrency(2);
        CountDownLatch running = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < 2; i++) {
                pool.submit(() -> concurrency.run("busy", () -> {
                    running.countDown();
                    await(release);
                    return 1;
                }));
            }
            running.await(5, TimeUnit.SECONDS);
            ProblemException refused = assertThrows(ProblemException.class, () -> concurrency.run("busy", () -> 1));
            assertEquals(429, refused.problem().status());
            assertEquals(1, refused.retryAfter().toSeconds());
            assertEquals(7, concurrency.run("quiet", () -> 7));
        } finally {
            release.countDown();
            pool.shutdown();
        }
        pool.awaitTermination(5, TimeUnit.SECONDS);
        assertEquals(3, concurrency.run("busy", () -> 3), "permits come back when retrievals finish");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
