package dev.agentmemory.ingest;

import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a validated memory: gives it an id and an acceptance time and publishes it to {@link
 * Topics#INGEST}, keyed by tenant and user. It answers only once Kafka has acknowledged the
 * record (acks=all, idempotent producer); if that does not happen within the request budget the
 * caller gets a 503 and nothing was acknowledged. Thread-safe.
 */
public final class IngestService {

    private static final Logger log = LoggerFactory.getLogger(IngestService.class);
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final Producer<String, byte[]> producer;
    private final EventCodec codec;
    private final Clock clock;
    private final Duration timeout;
    private final Counter accepted;
    private final Counter unavailable;

    public IngestService(
            Producer<String, byte[]> producer,
            EventCodec codec,
            Clock clock,
            Duration timeout,
            MeterRegistry registry) {
        this.producer = producer;
        this.codec = codec;
        this.clock = clock;
        this.timeout = timeout;
        this.accepted = Counter.builder("memory_ingest_accepted_total")
                .description("memories durably published to the ingest topic")
                .register(registry);
        this.unavailable = Counter.builder("memory_ingest_unavailable_total")
                .description("ingest requests refused because Kafka did not acknowledge in time")
                .register(registry);
    }

    /** Publishes the memory and answers it as stored, with its id and acceptance time. */
    public IngestEvent ingest(IngestEvent submitted) {
        IngestEvent event = submitted.completed(UUID.randomUUID().toString(), clock.instant());
        var record = new ProducerRecord<>(Topics.INGEST.name(), event.partitionKey(), codec.encode(event));
        try {
            producer.send(record).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw refused(e);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            throw refused(e);
        }
        accepted.increment();
        return event;
    }

    private ProblemException refused(Exception cause) {
        unavailable.increment();
        log.warn("Kafka did not acknowledge an ingest within {}: {}", timeout, cause.toString());
        return ProblemException.unavailable(
                "the event log did not acknowledge the memory in time; nothing was stored, retry later", RETRY_AFTER);
    }
}
