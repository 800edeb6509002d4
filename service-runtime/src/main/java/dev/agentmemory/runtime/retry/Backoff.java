package dev.agentmemory.runtime.retry;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Exponential backoff with full jitter, bounded: attempt n (from 0) waits a uniformly random time
 * in [0, min(max, base·2ⁿ)]. Full jitter spreads out the clients that failed together (a rate limit
 * hits every worker at once), so they do not all come back at the same instant. Stateless and
 * thread-safe.
 */
public record Backoff(Duration base, Duration max) {

    /** The ceiling of attempt n's wait: base·2ⁿ, never more than {@code max}. */
    public Duration ceiling(int attempt) {
        long doubled = base.toMillis() << Math.min(Math.max(attempt, 0), 20);
        return Duration.ofMillis(Math.min(max.toMillis(), doubled));
    }

    public Duration delay(int attempt) {
        return Duration.ofMillis(
                ThreadLocalRandom.current().nextLong(ceiling(attempt).toMillis() + 1));
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
