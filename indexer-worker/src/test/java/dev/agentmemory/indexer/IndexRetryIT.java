package dev.agentmemory.indexer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.config.StackConfig;
import dev.agentmemory.runtime.kafka.DeadLetters;
import dev.agentmemory.runtime.kafka.KafkaSettings;
import dev.agentmemory.runtime.kafka.TopicProvisioner;
import dev.agentmemory.runtime.search.OpenSearch;
import dev.agentmemory.runtime.search.TenantIndices;
import dev.agentmemory.runtime.store.DocumentStore;
import dev.agentmemory.schemas.EmbeddedEvent;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.MemoryType;
import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * Against the stack's Kafka, PostgreSQL and OpenSearch: a batch holding a record that can never be
 * written, retried while the index is unreachable, puts that record on the dead-letter topic once —
 * when the batch finally succeeds — not once per attempt.
 */
class IndexRetryIT {

    private final MemoryConfig config = StackConfig.load();
    private final EventCodec codec = new EventCodec();
    private final String name = "it-retry-" + UUID.randomUUID().toString().substring(0, 8);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aBatchRetriedWhileTheIndexIsDownDeadLettersItsBadRecordOnce() throws Exception {
        String deadLetterTopic = name + "-deadletter";
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            TopicProvisioner.provision(
                    admin, List.of(new Topics.Spec(deadLetterTopic, 1, Duration.ofHours(1), "test")));
        }
        var unreachable = new MemoryConfig.VectorDb("http://127.0.0.1:1", 2, 2000, 1, 0, 1000);
        try (DocumentStore store = DocumentStore.open(config.storage().postgres(), name, registry);
                OpenSearch down = OpenSearch.connect(unreachable, codec.mapper());
                OpenSearch up = OpenSearch.connect(config.storage().vectorDb(), codec.mapper());
                var producer = new KafkaProducer<String, byte[]>(KafkaSettings.durableProducer(config, name))) {
            var deadLetters = new DeadLetters(producer, deadLetterTopic, Topics.STAGE_INDEX, registry);
            List<ConsumerRecord<String, byte[]>> batch = List.of(
                    record(1, "not an event".getBytes(StandardCharsets.UTF_8)), record(2, codec.encode(memory())));

            IndexBatchHandler whileDown = handler(store, down, deadLetters);
            assertThrows(Exception.class, () -> whileDown.handle(batch));
            assertThrows(Exception.class, () -> whileDown.handle(batch));
            handler(store, up, deadLetters).handle(batch);

            assertEquals(1, count(deadLetterTopic), "one dead letter for the bad record, whatever the attempts");
            assertEquals(1.0, registry.get("memory_dead_letter_total").counter().count());
        } finally {
            try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
                admin.deleteTopics(List.of(deadLetterTopic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    private IndexBatchHandler handler(DocumentStore store, OpenSearch search, DeadLetters deadLetters) {
        return new IndexBatchHandler(
                codec,
                new MemoryRows(store.jdbi(), codec.mapper()),
                new BulkUpserts(search, new TenantIndices(search, config), registry),
                deadLetters,
                Clock.systemUTC(),
                config.embedding().dimensions(),
                registry);
    }

    private EmbeddedEvent memory() {
        IngestEvent memory = new IngestEvent(
                IngestEvent.SCHEMA_VERSION,
                UUID.randomUUID().toString(),
                name,
                "u1",
                "a memory written after the index came back",
                MemoryType.FACT,
                null,
                null,
                Instant.now(),
                Map.of());
        float[] vector = new float[config.embedding().dimensions()];
        vector[0] = 1;
        return EmbeddedEvent.of(memory, vector, "test-model", Instant.now());
    }

    private static ConsumerRecord<String, byte[]> record(long offset, byte[] value) {
        return new ConsumerRecord<>(Topics.EMBEDDED.name(), 0, offset, "key", value);
    }

    private int count(String topic) {
        Map<String, Object> props = new HashMap<>(KafkaSettings.manualCommitConsumer(config, name + "-reader"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        int n = 0;
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            var partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                n += consumer.poll(Duration.ofMillis(200)).count();
            }
        }
        return n;
    }
}
