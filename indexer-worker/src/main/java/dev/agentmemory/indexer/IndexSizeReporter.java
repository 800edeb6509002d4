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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes {@code memory_index_size_bytes{tenant}}: the store size of each tenant's index, read
 * from {@code _cat/indices} on a schedule (the reference watches it for runaway growth). Safe to
 * call from one scheduler thread.
 */
final class IndexSizeReporter implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(IndexSizeReporter.class);
    private static final Pattern TENANT_INDEX = Pattern.compile("memory-(.+)-v\\d+");

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
            List<MultiGauge.Row<?>> rows = new ArrayList<>();
            for (JsonNode index : reply.body()) {
                Matcher tenant = TENANT_INDEX.matcher(index.path("index").asText());
                if (tenant.matches()) {
                    rows.add(MultiGauge.Row.of(
                            Tags.of("tenant", tenant.group(1)),
                            index.path("store.size").asDouble()));
                }
            }
            sizes.register(rows, true);
        } catch (Exception e) {
            // a missed sample is harmless; the next one comes soon
            log.warn("index size sample failed: {}", e.toString());
        }
    }
}
