package dev.agentmemory.runtime.kafka;

import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Headers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a record that cannot be processed on the dead-letter topic ({@link Topics#DEAD_LETTER}): the original key and value
 * unchanged, with the reason, the stage and the source topic, partition and offset in headers, so
 * it can be inspected and replayed. Counted as {@code memory_dead_letter_total{stage}}. Thread-safe.
 */
public final class DeadLetters {

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final String stage;
    private final Counter counter;

    public DeadLetters(Producer<String, byte[]> producer, String stage, MeterRegistry registry) {
        this(producer, Topics.DEAD_LETTER.name(), stage, registry);
    }

    /** Writes to another dead-letter topic than the catalogue's (tests run isolated pipelines). */
    public DeadLetters(Producer<String, byte[]> producer, String topic, String stage, MeterRegistry registry) {
        this.producer = producer;
        this.topic = topic;
        this.stage = stage;
        this.counter = Counter.builder("memory_dead_letter_total")
                .description("records sent to the dead-letter topic")
                .tag("stage", stage)
                .register(registry);
    }

    /**
     * Sends it; the caller waits on the future before committing the source offset. The source's
     * position and timestamp go in headers — when it was itself replayed, those it was first
     * dead-lettered with, which ids and acceptance are derived from, so a record dead-lettered twice
     * is still the same memory. The dead letter's own timestamp is now: the topic's retention counts
     * from it.
     */
    public Future<RecordMetadata> send(ConsumerRecord<String, byte[]> source, String reason) {
        var record = new ProducerRecord<>(topic, source.key(), source.value());
        Headers headers = record.headers();
        headers.add(Topics.DLQ_REASON, utf8(reason));
        headers.add(Topics.DLQ_STAGE, utf8(stage));
        boolean replayed = source.headers().lastHeader(DeadLetterReplay.REPLAYED_HEADER) != null
                && source.headers().lastHeader(Topics.DLQ_SOURCE_OFFSET) != null;
        if (replayed) {
            for (String name : DeadLetterReplay.SOURCE_HEADERS) {
                var first = source.headers().lastHeader(name);
                if (first != null) {
                    headers.add(name, first.value());
                }
            }
        } else {
            headers.add(Topics.DLQ_SOURCE_TOPIC, utf8(source.topic()));
            headers.add(Topics.DLQ_SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
            headers.add(Topics.DLQ_SOURCE_OFFSET, utf8(Long.toString(source.offset())));
            if (source.timestamp() >= 0) {
                headers.add(Topics.DLQ_SOURCE_TIMESTAMP, utf8(Long.toString(source.timestamp())));
            }
        }
        counter.increment();
        log.warn("dead-lettered {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), reason);
        return producer.send(record);
    }

    /** A batch's dead letters, for a handler whose batch may be retried (see {@link Batch}). */
    public Batch batch() {
        return new Batch();
    }

    /**
     * The dead letters of one batch, sent only when {@link #sendAll} is called once the batch's
     * writes are done: a batch retried while a store is down would otherwise put its bad records on
     * the topic again at every attempt. Not thread-safe.
     */
    public final class Batch {
        private final Map<ConsumerRecord<String, byte[]>, String> reasons = new LinkedHashMap<>();

        private Batch() {}

        /** Notes the record and why (the first reason given for a record is the one kept). */
        public void add(ConsumerRecord<String, byte[]> record, String reason) {
            reasons.putIfAbsent(record, reason);
        }

        public boolean contains(ConsumerRecord<String, byte[]> record) {
            return reasons.containsKey(record);
        }

        /** Sends them all and waits until Kafka has every one. */
        public void sendAll() throws InterruptedException, ExecutionException {
            List<Future<RecordMetadata>> sends = new ArrayList<>();
            reasons.forEach((record, reason) -> sends.add(send(record, reason)));
            for (var sent : sends) {
                sent.get();
            }
        }
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
