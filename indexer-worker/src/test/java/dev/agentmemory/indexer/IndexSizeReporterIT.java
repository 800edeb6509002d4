package dev.agentmemory.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.runtime.config.StackConfig;
import dev.agentmemory.runtime.search.OpenSearch;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.MemoryIndex;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Against the stack's OpenSearch: a tenant whose index was rebuilt ({@code memory-<t>-v1-r<millis>})
 * keeps its {@code memory_index_size_bytes} series, and while a rebuild holds two indices of one
 * tenant the series counts both.
 */
class IndexSizeReporterIT {

    private static final String TENANT =
            "it-size-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String REBUILT = MemoryIndex.rebuiltIndex(TENANT, 1_732_500_000_000L);
    private static OpenSearch search;

    @BeforeAll
    static void connect() {
        search = OpenSearch.connect(StackConfig.load().storage().vectorDb(), new EventCodec().mapper());
    }

    @AfterAll
    static void clean() throws Exception {
        search.json("DELETE", "/" + MemoryIndex.concreteIndex(TENANT), null);
        search.json("DELETE", "/" + REBUILT, null);
        search.close();
    }

    @Test
    void aRebuiltIndexIsCountedForItsTenantAndTwoIndicesOfOneTenantAddUp() throws Exception {
        var registry = new SimpleMeterRegistry();
        var reporter = new IndexSizeReporter(search, registry);
        assertTrue(search.json("PUT", "/" + REBUILT, Map.of()).ok());
        reporter.run();
        double rebuilt = size(registry);
        assertTrue(rebuilt > 0, "a rebuilt index has a size: " + rebuilt);

        assertTrue(search.json("PUT", "/" + MemoryIndex.concreteIndex(TENANT), Map.of())
                .ok());
        reporter.run();
        double both = size(registry);
        assertTrue(both > rebuilt, "both indices count: " + both + " after " + rebuilt);
    }

    private static double size(SimpleMeterRegistry registry) {
        Gauge gauge =
                registry.find("memory_index_size_bytes").tag("tenant", TENANT).gauge();
        assertNotNull(gauge, "a series for " + TENANT + ": " + registry.getMetersAsString());
        return gauge.value();
    }

    @Test
    void theTenantOfAnIndexFirstOrRebuilt() {
        assertEquals(
                TENANT, MemoryIndex.tenantOf(MemoryIndex.concreteIndex(TENANT)).orElseThrow());
        assertEquals(TENANT, MemoryIndex.tenantOf(REBUILT).orElseThrow());
        assertEquals("acme-v1", MemoryIndex.tenantOf("memory-acme-v1-v1").orElseThrow());
        assertTrue(MemoryIndex.tenantOf("memory-acme").isEmpty());
        assertTrue(MemoryIndex.tenantOf(".opendistro-job-scheduler-lock").isEmpty());
    }
}
