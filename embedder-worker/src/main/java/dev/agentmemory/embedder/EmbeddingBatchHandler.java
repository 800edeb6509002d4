package dev.agentmemory.embedder;

import dev.agentmemory.embedder.BatchEmbedder.Embedded;
import dev.agentmemory.embedder.BatchEmbedder.Outcome;
import dev.agentmemory.embedder.BatchEmbedder.Rejected;
import dev.agentmemory.runtime.kafka.BatchConsumerLoop;
import dev.agentmemory.runtime.kafka.DeadLetterReplay;
import dev.agentmemory.runtime.kafka.DeadLetters;
import dev.agentmemory.schemas.EmbeddedEvent;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.InvalidEventException;
import dev.agentmemory.schemas.Topics;
import dev.agentmemory.schemas.VisibleText;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;

/**
 * Consumes ingest records ({@code IngestEvent} JSON, key {@code <tenant>/<user>}), produces
 * embedded records ({@code EmbeddedEvent} JSON, same key) or dead letters. Per record, in order: a
 * schema violation, content that is empty once trimmed, or a tenant that does not exist sends it to
 * the dead-letter topic with the reason (the batch goes on). The remaining distinct texts are taken
 * from the {@link EmbeddingCache} or embedded in as few calls as possible by the {@link
 * BatchEmbedder}; a text it rejects is dead-lettered with the reason. Returns only after every
 * output and dead letter is acknowledged, so the loop commits nothing that could be lost. Throws,
 * having sent nothing, when the tenant store or the model's configuration fails: the loop then
 * retries the whole batch. Not thread-safe: one instance per consumer loop.
 */
final class EmbeddingBatchHandler implements BatchConsumerLoop.BatchHandler {

    /** A record that passed every check, with the text to embed. */
    private record Accepted(ConsumerRecord<String, byte[]> record, IngestEvent memory, String text) {}

    /** A record that failed a check, with the reason. */
    private record Refused(ConsumerRecord<String, byte[]> record, String reason) {}

    private final EventCodec codec;
    private final int maxMetadataBytes;
    private final TenantCheck tenants;
    private final EmbeddingCache cache;
    private final BatchEmbedder embedder;
    private final String modelId;
    private final Producer<String, byte[]> producer;
    private final String embeddedTopic;
    private final DeadLetters deadLetters;
    private final Clock clock;

    EmbeddingBatchHandler(
            EventCodec codec,
            TenantCheck tenants,
            EmbeddingCache cache,
            BatchEmbedder embedder,
            String modelId,
            Producer<String, byte[]> producer,
            String embeddedTopic,
            DeadLetters deadLetters,
            int maxMetadataBytes,
            Clock clock) {
        this.codec = codec;
        this.maxMetadataBytes = maxMetadataBytes;
        this.tenants = tenants;
        this.cache = cache;
        this.embedder = embedder;
        this.modelId = modelId;
        this.producer = producer;
        this.embeddedTopic = embeddedTopic;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    @Override
    public void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception {
        List<Accepted> accepted = new ArrayList<>();
        List<Refused> refused = new ArrayList<>();
        for (var record : batch) {
            String problem = check(record, accepted);
            if (problem != null) {
                refused.add(new Refused(record, problem));
            }
        }
        // nothing is sent before the embedding is done: a batch that throws leaves no output behind to duplicate
        Map<String, Outcome> outcomes = embed(accepted);
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        for (Refused item : refused) {
            sends.add(deadLetters.send(item.record(), item.reason()));
        }
        Instant now = clock.instant();
        for (Accepted item : accepted) {
            switch (outcomes.get(item.text())) {
                case Embedded embedded -> {
                    EmbeddedEvent out = EmbeddedEvent.of(item.memory(), embedded.vector(), modelId, now);
                    sends.add(producer.send(
                            new ProducerRecord<>(embeddedTopic, item.memory().partitionKey(), codec.encode(out))));
                }
                case Rejected rejected -> sends.add(deadLetters.send(item.record(), rejected.reason()));
            }
        }
        for (var send : sends) {
            send.get();
        }
    }

    /** Adds the record to {@code accepted}, or answers why it goes to the dead-letter topic. */
    private String check(ConsumerRecord<String, byte[]> record, List<Accepted> accepted) {
        IngestEvent memory;
        try {
            memory = complete(codec.decodeIngest(record.value()), record);
        } catch (InvalidEventException e) {
            return e.getMessage();
        }
        String text = VisibleText.strip(memory.content());
        if (text.isEmpty()) {
            return "content is empty after trimming";
        }
        String overLimit = codec.metadataOverLimit(memory, maxMetadataBytes);
        if (overLimit != null) {
            return overLimit;
        }
        if (!tenants.exists(memory.tenantId())) {
            return "unknown tenant '" + memory.tenantId() + "'";
        }
        accepted.add(new Accepted(record, memory, text));
        return null;
    }

    /** Cached vectors first; each distinct remaining text is embedded once, however often it occurs. */
    private Map<String, Outcome> embed(List<Accepted> accepted) {
        Map<String, Outcome> outcomes = new HashMap<>();
        Set<String> missing = new LinkedHashSet<>();
        for (Accepted item : accepted) {
            float[] cached = cache.get(item.text());
            if (cached != null) {
                outcomes.put(item.text(), new Embedded(cached));
            } else {
                missing.add(item.text());
            }
        }
        List<String> texts = List.copyOf(missing);
        List<Outcome> computed = texts.isEmpty() ? List.of() : embedder.embed(texts);
        for (int i = 0; i < texts.size(); i++) {
            outcomes.put(texts.get(i), computed.get(i));
            if (computed.get(i) instanceof Embedded embedded) {
                cache.put(texts.get(i), embedded.vector());
            }
        }
        return outcomes;
    }

    /**
     * A direct producer may leave out the id and acceptance time: the id is then derived from the
     * record's position, so a redelivered record gets the same id and is indexed once. A replayed
     * dead letter carries its first position and timestamp in the {@code dlq.source.*} headers:
     * those count, so replaying it twice still makes one memory, accepted when it first came.
     */
    private static IngestEvent complete(IngestEvent event, ConsumerRecord<String, byte[]> record) {
        String position = record.topic() + "/" + record.partition() + "/" + record.offset();
        long accepted = record.timestamp();
        if (record.headers().lastHeader(DeadLetterReplay.REPLAYED_HEADER) != null) {
            String topic = header(record, Topics.DLQ_SOURCE_TOPIC);
            String partition = header(record, Topics.DLQ_SOURCE_PARTITION);
            String offset = header(record, Topics.DLQ_SOURCE_OFFSET);
            if (topic != null && partition != null && offset != null) {
                position = topic + "/" + partition + "/" + offset;
            }
            String first = header(record, Topics.DLQ_SOURCE_TIMESTAMP);
            if (first != null && first.matches("\\d{1,18}")) {
                accepted = Long.parseLong(first); // not the replay's time: "newest" stays true
            }
        }
        String id = UUID.nameUUIDFromBytes(position.getBytes(StandardCharsets.UTF_8))
                .toString();
        return event.completed(id, Instant.ofEpochMilli(accepted));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
