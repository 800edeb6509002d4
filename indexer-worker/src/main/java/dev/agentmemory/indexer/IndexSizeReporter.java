package dev.agentmemory.indexer;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.runtime.search.OpenSearch;
import dev.agentmemory.schemas.MemoryIndex;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@code memory_index_size_bytes{tenant}}: the store size of each tenant's index, read
 * from {@code _cat/indices} on a schedule (the reference watches it for runaway growth), a rebuilt
 * index ({@code memory-<tenant>-v1-r<millis>}) counted for its tenant like the first. Safe to
 * call from one scheduler thread.
 */
final class IndexSizeReporter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IndexSizeReporter.class);

    private final OpenSearch search;
    private final MultiGauge sizes;

    IndexSizeReporter(OpenSearch search, MeterRegistry registry) {
        this.search = search;
        this.sizes = MultiGauge.builder("memory_index_size_bytes")
                .description("store size of each tenant's search index")
                .baseUnit("bytes")
                .register(registry);
    }

    @Override
    public void run() {
        try {
            OpenSearch.Reply reply = search.json(
                    "GET",
                    "/_cat/indices/" + MemoryIndex.alias("*"),
                    Map.of("format", "json", "bytes", "b", "h", "index,store.size"),
                    null);
            if (!reply.ok() || reply.body() == null) {
                return;
            }
            // a tenant has two indices while a rebuild copies it (until the alias moves and the old
            // one is deleted): both are on disk, so both count
            Map<String, Double> bytes = new TreeMap<>();
            for (JsonNode index : reply.body()) {
                MemoryIndex.tenantOf(index.path("index").asText())
                        .ifPresent(tenant ->
                                bytes.merge(tenant, index.path("store.size").asDouble(), Double::sum));
            }
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            bytes.forEach((tenant, size) -> rows.add(MultiGauge.Row.of(Tags.of("tenant", tenant), size)));
            sizes.register(rows, true);
        } catch (Exception e) {
            // a missed sample is harmless; the next one comes soon
            log.warn("index size sample failed: {}", e.toString());
        }
    }
}
