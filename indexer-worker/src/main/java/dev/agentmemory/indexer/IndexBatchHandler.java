package dev.agentmemory.indexer;

import dev.agentmemory.runtime.kafka.BatchConsumerLoop;
import dev.agentmemory.runtime.kafka.DeadLetters;
import dev.agentmemory.schemas.EmbeddedEvent;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.InvalidEventException;
import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Consumes {@link Topics#EMBEDDED} and writes each poll's memories to PostgreSQL (one batched
 * upsert) and then to each tenant's OpenSearch alias (one {@code _bulk}). Both writes are keyed by
 * memory id, so a redelivered batch changes nothing. It returns only when both stores have the
 * batch; a store that is down makes it throw, the loop rewinds and retries, and the backlog waits
 * in Kafka. A record that can never be written (invalid, refused by PostgreSQL for its data — {@link
 * RowWrites} — or by the index mapping) goes to the dead-letter topic. Not thread-safe: one instance per consumer loop.
 */
final class IndexBatchHandler implements BatchConsumerLoop.BatchHandler {

    private final EventCodec codec;
    private final MemoryRows rows;
    private final BulkUpserts bulk;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final int dimensions;
    private final Timer ingestionLag;

    IndexBatchHandler(
            EventCodec codec,
            MemoryRows rows,
            BulkUpserts bulk,
            DeadLetters deadLetters,
            Clock clock,
            int dimensions,
            MeterRegistry registry) {
        this.codec = codec;
        this.rows = rows;
        this.bulk = bulk;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.dimensions = dimensions;
        this.ingestionLag = Timer.builder("memory_ingestion_lag_seconds")
                .description(
                        "time from acceptance by the API to written in both stores (searchable after the next index refresh, storage.vector_db.refresh_interval_ms)")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    @Override
    public void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception {
        // sent once both stores have the batch: a retried batch dead-letters each record once
        DeadLetters.Batch deadLettered = deadLetters.batch();
        List<EmbeddedEvent> events = new ArrayList<>(batch.size());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(batch.size());
        for (var record : batch) {
            try {
                EmbeddedEvent event = codec.decodeEmbedded(record.value());
                if (event.embedding().length != dimensions) {
                    throw new InvalidEventException("embedding has " + event.embedding().length
                            + " dimensions, the index expects " + dimensions);
                }
                events.add(event);
                sources.add(record);
            } catch (InvalidEventException e) {
                deadLettered.add(record, e.getMessage());
            }
        }
        // never written to PostgreSQL: not to OpenSearch either
        RowWrites.write(events, sources, rows::upsert, deadLettered::add);
        if (!events.isEmpty()) {
            // an upsert that merges fields: a consistency decision applied first (superseded_by,
            // merged_into) survives the memory's own write, whatever the order they arrive in
            List<BulkUpserts.Upsert> upserts = events.stream()
                    .map(e -> new BulkUpserts.Upsert(
                            e.memory().tenantId(), e.memory().memoryId(), document(e)))
                    .toList();
            bulk.send(upserts).forEach((refused, reason) -> deadLettered.add(sources.get(refused), reason));
            var now = clock.instant();
            for (int i = 0; i < events.size(); i++) {
                if (!deadLettered.contains(sources.get(i))) { // written to both stores
                    ingestionLag.record(Duration.between(events.get(i).memory().acceptedAt(), now));
                }
            }
        }
        deadLettered.sendAll();
    }

    private static Map<String, Object> document(EmbeddedEvent event) {
        IngestEvent m = event.memory();
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("memory_id", m.memoryId());
        doc.put("tenant_id", m.tenantId());
        doc.put("user_id", m.userId());
        doc.put("type", m.type().wireName());
        doc.put("key", m.key());
        doc.put("content", m.content());
        doc.put("metadata", m.metadata());
        doc.put("occurred_at", m.occurredAt() == null ? null : m.occurredAt().toString());
        doc.put("created_at", m.acceptedAt().toString());
        doc.put("embedding_model", event.embeddingModel());
        doc.put("embedding", event.embedding());
        return doc;
    }
}
