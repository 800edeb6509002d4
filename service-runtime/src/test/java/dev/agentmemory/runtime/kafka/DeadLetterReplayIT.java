package dev.agentmemory.runtime.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dead-letter replay against a real broker, on topics and groups of its own. */
class DeadLetterReplayIT {

    private static MemoryConfig config;

    private final String name = "it-replay-" + UUID.randomUUID();
    private final String deadLetters = name + "-deadletter";
    private final String ingest = name + "-ingest";
    private final String embedded = name + "-embedded";
    private KafkaProducer<String, byte[]> producer;

    @BeforeAll
    static void config() {
        config = KafkaEndpoint.config();
    }

    @BeforeEach
    void topics() throws Exception {
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            TopicProvisioner.provision(
                    admin,
                    List.of(
                            new Topics.Spec(deadLetters, 1, Duration.ofHours(1), "test"),
                            new Topics.Spec(ingest, 2, Duration.ofHours(1), "test"),
                            new Topics.Spec(embedded, 2, Duration.ofHours(1), "test")));
        }
        producer = new KafkaProducer<>(KafkaSettings.durableProducer(config, name));
    }

    @AfterEach
    void removeTopics() throws Exception {
        producer.close();
        try (Admin admin = Admin.create(KafkaSettings.admin(config))) {
            admin.deleteConsumerGroups(List.of(name + "-embed", name + "-all"));
            admin.deleteTopics(List.of(deadLetters, ingest, embedded)).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void eachDeadLetterGoesBackToItsSourceTopicOnceWithItsOriginalKeyAndValue() throws Exception {
        var registry = new SimpleMeterRegistry();
        var embed = new DeadLetters(producer, deadLetters, "embed", registry);
        var index = new DeadLetters(producer, deadLetters, "index", registry);
        for (int i = 0; i < 3; i++) {
            embed.send(source(ingest, 100 + i, "acme/u" + i, "memory " + i), "embedding API failed")
                    .get();
        }
        for (int i = 0; i < 2; i++) {
            index.send(source(embedded, 200 + i, "acme/u" + i, "embedded " + i), "index refused")
                    .get();
        }
        producer.send(new ProducerRecord<>(deadLetters, "k", utf8("no headers")))
                .get();

        var dryRun = replay(name + "-embed", "embed", true);
        assertEquals(Map.of(ingest, 3), dryRun.replayed());
        assertEquals(3, dryRun.skippedByStage(), "the index ones and the one without headers");
        assertEquals(List.of(), readAll(ingest), "a dry run sends nothing");

        var report = replay(name + "-embed", "embed", false);
        assertEquals(Map.of(ingest, 3), report.replayed());
        assertEquals(3, report.skippedByStage());
        List<ConsumerRecord<String, byte[]>> replayed = readAll(ingest);
        assertEquals(3, replayed.size());
        for (var record : replayed) {
            int i = Integer.parseInt(record.key().substring("acme/u".length()));
            assertEquals("memory " + i, new String(record.value(), StandardCharsets.UTF_8));
            assertEquals(
                    Integer.toString(i), header(record, DeadLetterReplay.REPLAYED_HEADER), "its dead-letter offset");
            assertEquals(Integer.toString(100 + i), header(record, Topics.DLQ_SOURCE_OFFSET), "its first offset");
        }
        assertTrue(DeadLetterReplay.describe(report, deadLetters, "embed").contains("\n  " + ingest + ": 3"));

        assertEquals(0, replay(name + "-embed", "embed", false).total(), "the group has committed past them");
        var all = replay(name + "-all", null, false);
        assertEquals(Map.of(ingest, 3, embedded, 2), all.replayed(), "another stage's skipped ones stay replayable");
        assertEquals(1, all.withoutSource());
    }

    @Test
    void aRecordDeadLetteredAgainAfterItsReplayKeepsItsFirstPositionAndTime() throws Exception {
        var embed = new DeadLetters(producer, deadLetters, "embed", new SimpleMeterRegistry());
        long accepted = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        var first = new ConsumerRecord<>(
                ingest,
                1,
                7,
                accepted,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                "acme/u1",
                utf8("x"),
                new RecordHeaders(),
                Optional.empty());
        embed.send(first, "embedding API failed").get();
        replay(name + "-embed", "embed", false);
        var replayed = readAll(ingest);
        assertEquals(1, replayed.size());
        String acceptedAt = Long.toString(accepted);
        assertEquals(
                acceptedAt, header(replayed.get(0), Topics.DLQ_SOURCE_TIMESTAMP), "the time acceptance is read from");
        assertTrue(replayed.get(0).timestamp() > accepted, "a new record: the topic's retention counts from now");

        embed.send(replayed.get(0), "embedding API failed again").get(); // from its new position
        var again = readAll(deadLetters).get(1);
        assertEquals(acceptedAt, header(again, Topics.DLQ_SOURCE_TIMESTAMP));
        assertEquals("7", header(again, Topics.DLQ_SOURCE_OFFSET), "the first position, which ids derive from");
        assertEquals("1", header(again, Topics.DLQ_SOURCE_PARTITION));
        assertEquals(ingest, header(again, Topics.DLQ_SOURCE_TOPIC));
    }

    @Test
    void aStageFilterHasAGroupOfItsOwn() {
        assertEquals("dead-letter-replay", DeadLetterReplay.group(null));
        assertEquals("dead-letter-replay-index", DeadLetterReplay.group("index"));
    }

    private DeadLetterReplay.Report replay(String group, String stage, boolean dryRun) throws Exception {
        try (var consumer = new KafkaConsumer<String, byte[]>(KafkaSettings.manualCommitConsumer(config, group))) {
            return new DeadLetterReplay(consumer, producer, deadLetters).replay(stage, dryRun);
        }
    }

    private List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Map<String, Object> props = new HashMap<>(KafkaSettings.manualCommitConsumer(config, name + "-reader"));
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static ConsumerRecord<String, byte[]> source(String topic, long offset, String key, String value) {
        return new ConsumerRecord<>(topic, 0, offset, key, utf8(value));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
