package dev.agentmemory.query;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentmemory.runtime.http.Problem;
import dev.agentmemory.runtime.http.ProblemException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * At most {@code tenant.max_retrieval_concurrent} retrievals of one tenant run at once in this
 * process; one more is answered 429 at once instead of queueing, so a noisy tenant cannot starve
 * the others. Thread-safe.
 */
final class TenantConcurrency {

    private final int limit;
    private final Cache<String, Semaphore> permits =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();

    TenantConcurrency(int limit) {
        this.limit = limit;
    }

    <T> T run(String tenantId, Supplier<T> work) {
        Semaphore semaphore = permits.get(tenantId, id -> new Semaphore(limit));
        if (!semaphore.tryAcquire()) {
            throw new ProblemException(
                    Problem.of(
                            429,
                            "too-many-retrievals",
                            "Too many concurrent retrievals",
                            "tenant '" + tenantId + "' already has " + limit + " retrievals running"),
                    Duration.ofSeconds(1));
        }
        try {
            return work.get();
        } finally {
            semaphore.release();
        }
    }
}
