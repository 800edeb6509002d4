package dev.agentmemory.runtime.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, bounded: attempt n waits a random time in [base·2ⁿ/2,
 * base·2ⁿ], never more than {@code max}. Stateless and thread-safe.
 */
public record Backoff(Duration base, Duration max) {

    public Duration delay(int attempt) {
        long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt, 20));
        long floor = ceiling / 2;
        return Duration.ofMillis(floor + ThreadLocalRandom.current().nextLong(ceiling - floor + 1));
    }

    /** Sleeps for {@link #delay(int)}; answers false if interrupted (the interrupt flag is kept). */
    public boolean sleep(int attempt) {
        try {
            Thread.sleep(delay(attempt));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
