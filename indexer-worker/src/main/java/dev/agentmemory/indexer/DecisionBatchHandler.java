package dev.agentmemory.indexer;

import dev.agentmemory.runtime.kafka.BatchConsumerLoop;
import dev.agentmemory.runtime.kafka.DeadLetters;
import dev.agentmemory.schemas.ConsistencyEvent;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.InvalidEventException;
import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Consumes {@link Topics#CONSISTENCY} and applies each poll's decisions: all of them to PostgreSQL
 * ({@code memory_decisions}, the history), and their effect to OpenSearch in one {@code _bulk} of
 * partial upserts — a superseded memory gets {@code superseded_by} and {@code superseded_at}, a
 * merged duplicate {@code merged_into} and its canonical memory the new {@code mention_count}.
 * A decay (like a contradiction) is history only: a partial update rewrites the whole document, its
 * vector inserted into the HNSW graph again, and retrieval computes the weight from the memory's
 * age anyway. Nothing is deleted. Upserts merge fields ({@link BulkUpserts}),
 * so a decision that arrives before the memory it names is kept. Returns only when both stores have
 * the batch; an invalid record, or one PostgreSQL refuses for its data ({@link RowWrites}) or whose
 * change the index refuses, goes to the dead-letter topic. Not thread-safe: one instance per
 * consumer loop.
 */
final class DecisionBatchHandler implements BatchConsumerLoop.BatchHandler {

    private final EventCodec codec;
    private final DecisionRows rows;
    private final BulkUpserts bulk;
    private final DeadLetters deadLetters;
    private final Counter applied;

    DecisionBatchHandler(
            EventCodec codec, DecisionRows rows, BulkUpserts bulk, DeadLetters deadLetters, MeterRegistry registry) {
        this.codec = codec;
        this.rows = rows;
        this.bulk = bulk;
        this.deadLetters = deadLetters;
        this.applied = Counter.builder("memory_consistency_decisions_applied_total")
                .description(
                        "consistency decisions applied: in the history, and in the index where they change a document")
                .register(registry);
    }

    @Override
    public void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception {
        // sent once both stores have the batch: a retried batch dead-letters each record once
        DeadLetters.Batch deadLettered = deadLetters.batch();
        List<ConsistencyEvent> decisions = new ArrayList<>(batch.size());
        List<ConsumerRecord<String, byte[]>> sources = new ArrayList<>(batch.size());
        for (var record : batch) {
            try {
                decisions.add(codec.decodeConsistency(record.value()));
                sources.add(record);
            } catch (InvalidEventException e) {
                deadLettered.add(record, e.getMessage());
            }
        }
        RowWrites.write(decisions, sources, rows::insert, deadLettered::add);
        if (!decisions.isEmpty()) {
            List<BulkUpserts.Upsert> upserts = new ArrayList<>();
            List<ConsumerRecord<String, byte[]>> upsertSources = new ArrayList<>();
            for (int i = 0; i < decisions.size(); i++) {
                ConsistencyEvent d = decisions.get(i);
                for (var change : changes(d).entrySet()) {
                    upserts.add(new BulkUpserts.Upsert(d.tenantId(), change.getKey(), change.getValue()));
                    upsertSources.add(sources.get(i));
                }
            }
            // a merge touches two documents: its record is dead-lettered once
            bulk.send(upserts).forEach((i, reason) -> deadLettered.add(upsertSources.get(i), reason));
            applied.increment(
                    sources.stream().filter(s -> !deadLettered.contains(s)).count());
        }
        deadLettered.sendAll();
    }

    /** The fields each memory gets from a decision, by memory id. */
    private static Map<String, Map<String, Object>> changes(ConsistencyEvent d) {
        Map<String, Map<String, Object>> changes = new LinkedHashMap<>();
        switch (d.kind()) {
            case SUPERSEDED ->
                changes.put(
                        d.memoryId(),
                        Map.of(
                                "superseded_by",
                                d.otherMemoryId(),
                                "superseded_at",
                                d.validUntil().toString()));
            case MERGED -> {
                changes.put(d.memoryId(), Map.of("merged_into", d.otherMemoryId()));
                changes.put(d.otherMemoryId(), Map.of("mention_count", d.mentionCount()));
            }
            case DECAYED, CONTRADICTION_DETECTED -> {} // history only
        }
        return changes;
    }
}
