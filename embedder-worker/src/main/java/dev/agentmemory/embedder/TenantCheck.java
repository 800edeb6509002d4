package dev.agentmemory.embedder;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.LoadingCache;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * Whether a tenant exists (in the document store's {@code tenants} table), cached: a known tenant
 * for {@link #KNOWN_FOR}, since tenants are not deleted while they have traffic; an unknown one only
 * for {@link #UNKNOWN_FOR}, so a tenant created a moment ago is accepted soon. A failing lookup (the
 * store is down) is thrown, not cached, so the batch is retried rather than dead-lettered.
 * Thread-safe.
 */
final class TenantCheck {

    static final Duration KNOWN_FOR = Duration.ofMinutes(5);
    static final Duration UNKNOWN_FOR = Duration.ofSeconds(5);

    private final LoadingCache<String, Boolean> known;

    TenantCheck(Predicate<String> exists, Ticker ticker, MeterRegistry registry) {
        this.known = Caffeine.newBuilder()
                .maximumSize(100_000)
                .expireAfter(Expiry.<String, Boolean>creating((tenant, found) -> found ? KNOWN_FOR : UNKNOWN_FOR))
                .ticker(ticker)
                .recordStats()
                .build(exists::test);
        CaffeineCacheMetrics.monitor(registry, known, "memory_tenant_cache");
    }

    boolean exists(String tenantId) {
        return known.get(tenantId);
    }
}
