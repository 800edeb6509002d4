package dev.agentmemory.embedder;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.runtime.kafka.KafkaSettings;
import dev.agentmemory.runtime.kafka.TopicProvisioner;
import dev.agentmemory.runtime.tenant.TenantDirectory;
import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One embedder worker on the real Kafka, with topics and a consumer group of its own (never the
 * running pipeline's), built exactly as {@link EmbedderWorkerMain} builds it. Closing it stops the
 * worker and deletes its topics and group. Not thread-safe.
 */
final class IsolatedPipeline implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final MemoryConfig config;
    final EmbedderWorker.TopicNames topics;
    final String group;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Admin admin;
    private final KafkaProducer<String, byte[]> producer;
    private EmbedderWorker worker;

    IsolatedPipeline(MemoryConfig config) throws Exception {
        this.config = config;
        String name = "it-embed-" + UUID.randomUUID();
        this.topics = new EmbedderWorker.TopicNames(name + "-ingest", name + "-embedded", name + "-deadletter");
        this.group = name + "-group";
        this.admin = Admin.create(KafkaSettings.admin(config));
        TopicProvisioner.provision(
                admin,
                List.of(
                        new Topics.Spec(topics.ingest(), 3, Duration.ofHours(1), "test"),
                        new Topics.Spec(topics.embedded(), 3, Duration.ofHours(1), "test"),
                        new Topics.Spec(topics.deadLetter(), 1, Duration.ofHours(1), "test")));
        this.producer = new KafkaProducer<>(KafkaSettings.durableProducer(config, name));
    }

    /** Starts the worker (the same assembly as production). */
    IsolatedPipeline start(TenantDirectory tenants) {
        worker = EmbedderWorker.create(
                config,
                topics,
                EmbeddingModels.create(config.embedding()),
                new KafkaProducer<>(KafkaSettings.durableProducer(config, group)),
                new KafkaConsumer<>(EmbedderWorker.consumerSettings(config, group)),
                tenants,
                registry);
        worker.start();
        return this;
    }

    /** The group a test's {@code DeadLetterReplay} uses (deleted with the pipeline). */
    String replayGroup() {
        return group + "-replay";
    }

    /** Produces an ingest event with its memory id, keyed by tenant and user; answers the id. */
    String ingest(String tenant, String user, String content) throws Exception {
        return ingest(tenant + "/" + user, tenant, user, content);
    }

    String ingest(String key, String tenant, String user, String content) throws Exception {
        String id = UUID.randomUUID().toString();
        Map<String, Object> event =
                Map.of("memory_id", id, "tenant_id", tenant, "user_id", user, "content", content, "type", "fact");
        producer.send(new ProducerRecord<>(topics.ingest(), key, JSON.writeValueAsBytes(event)))
                .get(10, TimeUnit.SECONDS);
        return id;
    }

    /** Waits until the worker has committed everything on the ingest topic, i.e. handled it for good. */
    void awaitCommitted(Duration timeout) throws Exception {
        awaitUntil(timeout, "the worker to commit every ingest record", () -> {
            try {
                return committed() == endOffsets(topics.ingest());
            } catch (Exception e) {
                return false;
            }
        });
    }

    /** Every record on the topic now, from the start to its end (read without a group). */
    List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<String, Object> props = new HashMap<>(KafkaSettings.admin(config));
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    fail("could not read " + topic + " to its end");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** Polls the topic until it holds at least {@code count} records; answers them all. */
    List<ConsumerRecord<String, byte[]>> awaitRecords(String topic, int count, Duration timeout) throws Exception {
        awaitUntil(timeout, count + " records on " + topic, () -> {
            try {
                return endOffsets(topic) >= count;
            } catch (Exception e) {
                return false;
            }
        });
        return readAll(topic);
    }

    static void awaitUntil(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private long committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        return offsets.values().stream().mapToLong(OffsetAndMetadata::offset).sum();
    }

    private long endOffsets(String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
        return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream()
                .mapToLong(info -> info.offset())
                .sum();
    }

    @Override
    public void close() throws ExecutionException, TimeoutException {
        if (worker != null) {
            worker.close();
        }
        producer.close(Duration.ofSeconds(5));
        try (admin) {
            try {
                admin.deleteConsumerGroups(List.of(group, replayGroup())).all().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                // a group that never committed is not there to delete; the topics go anyway
            }
            admin.deleteTopics(List.of(topics.ingest(), topics.embedded(), topics.deadLetter()))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
