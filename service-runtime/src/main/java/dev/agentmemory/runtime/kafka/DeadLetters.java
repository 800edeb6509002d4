package dev.agentmemory.runtime.kafka;

import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
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

    /** Sends it; the caller waits on the future before committing the source offset. */
    public Future<RecordMetadata> send(ConsumerRecord<String, byte[]> source, String reason) {
        var record = new ProducerRecord<>(topic, source.key(), source.value());
        Headers headers = record.headers();
        headers.add(Topics.DLQ_REASON, utf8(reason));
        headers.add(Topics.DLQ_STAGE, utf8(stage));
        headers.add(Topics.DLQ_SOURCE_TOPIC, utf8(source.topic()));
        headers.add(Topics.DLQ_SOURCE_PARTITION, utf8(Integer.toString(source.partition())));
        headers.add(Topics.DLQ_SOURCE_OFFSET, utf8(Long.toString(source.offset())));
        counter.increment();
        log.warn("dead-lettered {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), reason);
        return producer.send(record);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
