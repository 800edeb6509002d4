package dev.agentmemory.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The tenant cache, with a tenant table held in memory and a clock the test moves. */
class TenantCheckTest {

    private final Set<String> table = ConcurrentHashMap.newKeySet();
    private final AtomicInteger lookups = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;
    private volatile boolean storeDown;

    private final TenantCheck check = new TenantCheck(
            tenant -> {
                lookups.incrementAndGet();
                if (storeDown) {
                    throw new IllegalStateException("connection refused");
                }
                return table.contains(tenant);
            },
            ticker,
            new SimpleMeterRegistry());

    @Test
    void aKnownTenantIsLookedUpOnceEveryFiveMinutes() {
        table.add("acme");

        assertTrue(check.exists("acme"));
        advance(TenantCheck.KNOWN_FOR.minusSeconds(1));
        assertTrue(check.exists("acme"));
        assertEquals(1, lookups.get());

        advance(Duration.ofSeconds(2));
        assertTrue(check.exists("acme"));
        assertEquals(2, lookups.get());
    }

    @Test
    void anUnknownTenantIsAcceptedSoonAfterItIsCreated() {
        assertFalse(check.exists("newco"));
        table.add("newco");
        assertFalse(check.exists("newco"), "the negative answer holds a moment");

        advance(TenantCheck.UNKNOWN_FOR.plusMillis(1));

        assertTrue(check.exists("newco"));
        assertEquals(2, lookups.get());
    }

    @Test
    void aFailedLookupIsNotRemembered() {
        table.add("acme");
        storeDown = true;
        assertThrows(IllegalStateException.class, () -> check.exists("acme"));

        storeDown = false;

        assertTrue(check.exists("acme"));
    }

    private void advance(Duration duration) {
        nanos.addAndGet(duration.toNanos());
    }
}
