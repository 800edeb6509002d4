package dev.agentmemory.embedder;

import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.runtime.kafka.BatchConsumerLoop;
import dev.agentmemory.runtime.kafka.DeadLetters;
import dev.agentmemory.schemas.EmbeddedEvent;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.InvalidEventException;
import dev.agentmemory.schemas.Topics;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Consumes {@link Topics#INGEST} ({@code IngestEvent} JSON), produces {@link Topics#EMBEDDED}
 * ({@code EmbeddedEvent} JSON, same key). Every record is validated against the schema first; an
 * invalid one goes to the dead-letter topic with the reason and the batch goes on. Valid records
 * are embedded in one call per poll (up to {@code embedding.batch_size}). Returns only after every
 * output is acknowledged, so the loop commits nothing that could be lost. Not thread-safe: one
 * instance per consumer loop.
 */
final class EmbeddingBatchHandler implements BatchConsumerLoop.BatchHandler {

    private final EventCodec codec;
    private final EmbeddingModels.Named model;
    private final Producer<String, byte[]> producer;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final DistributionSummary batchSize;
    private final Timer latency;
    private final Counter batchErrors;

    EmbeddingBatchHandler(
            EventCodec codec,
            EmbeddingModels.Named model,
            Producer<String, byte[]> producer,
            DeadLetters deadLetters,
            Clock clock,
            MeterRegistry registry) {
        this.codec = codec;
        this.model = model;
        this.producer = producer;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.batchSize = DistributionSummary.builder("memory_embedding_batch_size")
                .description("texts per embedding call")
                .register(registry);
        this.latency = Timer.builder("memory_embedding_latency_seconds")
                .description("time of one embedding call")
                .publishPercentileHistogram()
                .register(registry);
        this.batchErrors = Counter.builder("memory_embedding_batch_errors_total")
                .description("embedding calls that failed")
                .register(registry);
    }

    @Override
    public void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception {
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        List<IngestEvent> valid = new ArrayList<>();
        for (var record : batch) {
            try {
                valid.add(complete(codec.decodeIngest(record.value()), record));
            } catch (InvalidEventException e) {
                sends.add(deadLetters.send(record, e.getMessage()));
            }
        }
        if (!valid.isEmpty()) {
            List<Embedding> vectors = embed(valid);
            Instant now = clock.instant();
            for (int i = 0; i < valid.size(); i++) {
                IngestEvent memory = valid.get(i);
                EmbeddedEvent out = EmbeddedEvent.of(memory, vectors.get(i).vector(), model.id(), now);
                sends.add(producer.send(
                        new ProducerRecord<>(Topics.EMBEDDED.name(), memory.partitionKey(), codec.encode(out))));
            }
        }
        for (var send : sends) {
            send.get();
        }
    }

    private List<Embedding> embed(List<IngestEvent> memories) {
        List<TextSegment> texts =
                memories.stream().map(m -> TextSegment.from(m.content())).toList();
        batchSize.record(texts.size());
        try {
            return latency.record(() -> model.model().embedAll(texts).content());
        } catch (RuntimeException e) {
            batchErrors.increment();
            throw e;
        }
    }

    /**
     * A direct producer may leave out the id and acceptance time: the id is then derived from the
     * record's position, so a redelivered record gets the same id and is indexed once.
     */
    private static IngestEvent complete(IngestEvent event, ConsumerRecord<String, byte[]> record) {
        String position = record.topic() + "/" + record.partition() + "/" + record.offset();
        String id = UUID.nameUUIDFromBytes(position.getBytes(StandardCharsets.UTF_8))
                .toString();
        return event.completed(id, Instant.ofEpochMilli(record.timestamp()));
    }
}
