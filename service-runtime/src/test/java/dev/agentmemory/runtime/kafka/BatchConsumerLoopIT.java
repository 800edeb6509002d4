package dev.agentmemory.runtime.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.retry.Backoff;
import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The worker loop and topic provisioning against a real broker. */
class BatchConsumerLoopIT {

    private static MemoryConfig config;

    @BeforeAll
    static void config() {
        config = KafkaEndpoint.config();
    }

    @Test
    void aFailedBatchIsRetriedAndEveryRecordIsCommittedOnlyAfterItWasHandled() throws Exception {
        String topic = "it-loop-" + UUID.randomUUID();
        String group = "it-group-" + UUID.randomUUID();
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            TopicProvisioner.provision(admin, List.of(new Topics.Spec(topic, 3, Duration.ofHours(1), "test")));
        }
        try (var producer = new KafkaProducer<String, byte[]>(KafkaSettings.durableProducer(config, "it"))) {
            for (int i = 0; i < 50; i++) {
                producer.send(
                        new ProducerRecord<>(topic, "user-" + (i % 7), ("m" + i).getBytes(StandardCharsets.UTF_8)));
            }
        }

        Set<String> handled = ConcurrentHashMap.newKeySet();
        AtomicInteger calls = new AtomicInteger();
        BatchConsumerLoop.BatchHandler handler = batch -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("the store is down");
            }
            batch.forEach(r -> handled.add(new String(r.value(), StandardCharsets.UTF_8)));
        };
        var registry = new SimpleMeterRegistry();
        var loop = new BatchConsumerLoop(
                "it-loop",
                new KafkaConsumer<>(KafkaSettings.manualCommitConsumer(config, group)),
                topic,
                handler,
                new Backoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                registry);
        loop.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (handled.size() < 50 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        loop.close();

        assertEquals(50, handled.size(), "every record handled despite the failed first batch");
        assertEquals(
                1.0,
                registry.get("memory_worker_batch_failures_total").counter().count());
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get();
            assertEquals(
                    50,
                    committed.values().stream()
                            .mapToLong(OffsetAndMetadata::offset)
                            .sum());
        }
    }

    @Test
    void provisioningIsIdempotent() throws Exception {
        var spec = new Topics.Spec("it-provision-" + UUID.randomUUID(), 2, Duration.ofDays(1), "test");
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            assertEquals(List.of(spec.name()), TopicProvisioner.provision(admin, List.of(spec)));
            assertEquals(List.of(), TopicProvisioner.provision(admin, List.of(spec)));
            var description = admin.describeTopics(List.of(spec.name()))
                    .allTopicNames()
                    .get()
                    .get(spec.name());
            assertEquals(2, description.partitions().size());
            assertTrue(admin.listTopics().names().get().contains(spec.name()));
        }
    }
}
