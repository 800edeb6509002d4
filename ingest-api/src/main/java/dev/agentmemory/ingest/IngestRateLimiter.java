package dev.agentmemory.ingest;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.http.Problem;
import dev.agentmemory.runtime.http.ProblemException;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;

/**
 * Per-tenant ingest rate limit: a token bucket per tenant (Bucket4j) refilled at {@code
 * tenant.max_ingest_per_second} memories per second, holding up to {@code tenant.ingest_burst}.
 * Buckets live in this process, so the limit applies per ingest-api instance. Thread-safe.
 */
public final class IngestRateLimiter {

    private final Cache<String, Bucket> buckets =
            Caffeine.newBuilder().expireAfterAccess(Duration.ofMinutes(10)).build();
    private final MemoryConfig.Tenant limits;

    public IngestRateLimiter(MemoryConfig.Tenant limits) {
        this.limits = limits;
    }

    /** Takes {@code memories} tokens, or answers 429 with the time until they are there. */
    public void acquire(String tenantId, int memories) {
        Bucket bucket = buckets.get(
                tenantId,
                id -> Bucket.builder()
                        .addLimit(Bandwidth.builder()
                                .capacity(limits.ingestBurst())
                                .refillGreedy(limits.maxIngestPerSecond(), Duration.ofSeconds(1))
                                .build())
                        .build());
        ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(memories);
        if (!probe.isConsumed()) {
            Duration wait = Duration.ofNanos(probe.getNanosToWaitForRefill()).plusMillis(999);
            throw new ProblemException(
                    Problem.of(
                            429,
                            "rate-limited",
                            "Too many requests",
                            "tenant '" + tenantId + "' may ingest " + limits.maxIngestPerSecond()
                                    + " memories per second (burst " + limits.ingestBurst() + ")"),
                    wait);
        }
    }
}
