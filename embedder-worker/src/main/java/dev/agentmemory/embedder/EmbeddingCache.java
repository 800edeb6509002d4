package dev.agentmemory.embedder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.agentmemory.runtime.config.MemoryConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.time.Duration;

/**
 * Vectors already computed, keyed by model id and text, so a text seen again (a redelivery, a
 * replay, a user repeating themselves) costs no embedding call. Bounded by {@code
 * embedding.cache.max_entries} and {@code ttl_seconds}; its hits, misses and evictions are the
 * {@code cache_*{cache="memory_embedding_cache"}} meters. Disabled, it remembers nothing.
 * Thread-safe. The cached arrays are shared: nobody may write into them.
 */
final class EmbeddingCache {

    static final String NAME = "memory_embedding_cache";

    private record Key(String model, String text) {}

    private final String model;
    private final Cache<Key, float[]> cache;

    EmbeddingCache(String model, MemoryConfig.Cache config, MeterRegistry registry) {
        this.model = model;
        this.cache = config.enabled()
                ? Caffeine.newBuilder()
                        .maximumSize(config.maxEntries())
                        .expireAfterWrite(Duration.ofSeconds(config.ttlSeconds()))
                        .recordStats()
                        .build()
                : null;
        if (cache != null) {
            CaffeineCacheMetrics.monitor(registry, cache, NAME);
        }
    }

    /** The vector of this text, or null when it has to be embedded. */
    float[] get(String text) {
        return cache == null ? null : cache.getIfPresent(new Key(model, text));
    }

    void put(String text, float[] vector) {
        if (cache != null) {
            cache.put(new Key(model, text), vector);
        }
    }
}
