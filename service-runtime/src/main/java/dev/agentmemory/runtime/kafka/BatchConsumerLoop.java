package dev.agentmemory.runtime.kafka;

import dev.agentmemory.runtime.retry.Backoff;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a worker's poll → handle → commit loop on its own thread. Offsets are committed only after
 * the handler returns, and the handler returns only once its output is durable, so a crash at any
 * point redelivers rather than loses. When the handler fails, the batch is rewound and retried
 * after a bounded, jittered backoff; the worker never exits on a transient fault. Not thread-safe
 * except {@link #close()} and {@link #running()}.
 */
public final class BatchConsumerLoop implements AutoCloseable {

    /** Processes one poll's records; returns only when their output is durable. */
    @FunctionalInterface
    public interface BatchHandler {
        void handle(List<ConsumerRecord<String, byte[]>> batch) throws Exception;
    }

    private static final Logger log = LoggerFactory.getLogger(BatchConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<String, byte[]> consumer;
    private final String topic;
    private final BatchHandler handler;
    private final Backoff backoff;
    private final Counter failures;
    private final Thread thread;
    private volatile boolean stopping;

    public BatchConsumerLoop(
            String name,
            Consumer<String, byte[]> consumer,
            String topic,
            BatchHandler handler,
            Backoff backoff,
            MeterRegistry registry) {
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        this.backoff = backoff;
        this.failures = Counter.builder("memory_worker_batch_failures_total")
                .description("batches that failed and were rewound for a retry")
                .register(registry);
        this.thread = new Thread(this::run, name);
    }

    public void start() {
        thread.start();
    }

    public boolean running() {
        return thread.isAlive();
    }

    private void run() {
        consumer.subscribe(List.of(topic));
        int attempt = 0;
        try {
            while (!stopping) {
                ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                if (records.isEmpty()) {
                    continue;
                }
                List<ConsumerRecord<String, byte[]>> batch = new ArrayList<>(records.count());
                records.forEach(batch::add);
                try {
                    handler.handle(batch);
                    consumer.commitSync(nextOffsets(batch));
                    attempt = 0;
                } catch (WakeupException e) {
                    throw e;
                } catch (Exception e) {
                    failures.increment();
                    log.warn(
                            "batch of {} failed (attempt {}), will retry: {}", batch.size(), attempt + 1, e.toString());
                    rewind(batch);
                    if (!backoff.sleep(attempt++)) {
                        break;
                    }
                }
            }
        } catch (WakeupException e) {
            // close() asked us to stop
        } finally {
            consumer.close();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(List<ConsumerRecord<String, byte[]>> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (var record : batch) {
            offsets.merge(
                    new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1),
                    (a, b) -> a.offset() >= b.offset() ? a : b);
        }
        return offsets;
    }

    /** Seeks every partition of the batch back to its first record, so the next poll redelivers it. */
    private void rewind(List<ConsumerRecord<String, byte[]>> batch) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (var record : batch) {
            first.merge(new TopicPartition(record.topic(), record.partition()), record.offset(), Math::min);
        }
        var assigned = consumer.assignment();
        // a partition revoked meanwhile is redelivered to its new owner from the committed offset
        first.forEach((partition, offset) -> {
            if (assigned.contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        consumer.wakeup();
        thread.join(Duration.ofSeconds(30));
    }
}
