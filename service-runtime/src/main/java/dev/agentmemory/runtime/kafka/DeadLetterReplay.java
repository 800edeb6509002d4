package dev.agentmemory.runtime.kafka;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;

/**
 * Replays dead letters once their cause is fixed. Consumes the dead-letter topic (as written by
 * {@link DeadLetters}) from the group's committed position to the end it had when the run began;
 * produces each record's original key and value, unchanged, to the topic in its {@code
 * dlq.source.topic} header, with a {@code dlq.replayed} header holding its dead-letter offset (and
 * the {@code dlq.source.*} headers, so a consumer can tell the record's first position). The
 * offsets are committed only after every re-published record is acknowledged, so a crashed run
 * replays again rather than loses; the pipeline is idempotent by {@code memory_id}, so a record
 * replayed twice is still one memory. Records of another stage ({@code --stage}) are skipped and
 * left for that stage's own group. Not thread-safe: one run at a time.
 *
 * <p>Command: {@code java -cp <service jar> dev.agentmemory.runtime.kafka.DeadLetterReplay
 * [config.yaml] [--stage embed|index|consistency|apply-decision] [--dry-run]}.
 */
public final class DeadLetterReplay {

    public static final String GROUP = "dead-letter-replay";
    public static final String REPLAYED_HEADER = "dlq.replayed";
    static final List<String> SOURCE_HEADERS = List.of(
            Topics.DLQ_SOURCE_TOPIC,
            Topics.DLQ_SOURCE_PARTITION,
            Topics.DLQ_SOURCE_OFFSET,
            Topics.DLQ_SOURCE_TIMESTAMP);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    /** What a run did: records re-published per source topic, and records left alone. */
    public record Report(Map<String, Integer> replayed, int skippedByStage, int withoutSource, boolean dryRun) {
        public int total() {
            return replayed.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final Consumer<String, byte[]> consumer;
    private final Producer<String, byte[]> producer;
    private final String topic;

    public DeadLetterReplay(Consumer<String, byte[]> consumer, Producer<String, byte[]> producer, String topic) {
        this.consumer = consumer;
        this.producer = producer;
        this.topic = topic;
    }

    /**
     * The group for a run: a stage filter gets its own, so the records it skips stay unread for a
     * later run of their own stage (one shared group would commit past them).
     */
    public static String group(String stage) {
        return stage == null ? GROUP : GROUP + "-" + stage;
    }

    public static void main(String[] args) throws Exception {
        String configPath = null;
        String stage = null;
        boolean dryRun = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--dry-run" -> dryRun = true;
                case "--stage" -> stage = i + 1 < args.length ? args[++i] : usage("--stage needs a value");
                default -> configPath = args[i].startsWith("--") ? usage("unknown option " + args[i]) : args[i];
            }
        }
        if (stage != null && !Topics.DLQ_STAGES.contains(stage)) {
            usage("--stage is one of " + String.join(", ", Topics.DLQ_STAGES) + ", not " + stage);
        }
        MemoryConfig config = ConfigLoader.fromArgs(configPath == null ? new String[0] : new String[] {configPath});
        try (var consumer =
                        new KafkaConsumer<String, byte[]>(KafkaSettings.manualCommitConsumer(config, group(stage)));
                var producer = new KafkaProducer<String, byte[]>(KafkaSettings.durableProducer(config, GROUP))) {
            Report report = new DeadLetterReplay(consumer, producer, Topics.DEAD_LETTER.name()).replay(stage, dryRun);
            System.out.println(describe(report, Topics.DEAD_LETTER.name(), stage));
        }
    }

    /** Replays what is on the topic now; {@code stage} null means every stage. */
    public Report replay(String stage, boolean dryRun) throws InterruptedException, ExecutionException {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition()))
                .toList();
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        seekToCommitted(partitions);
        Tally tally = new Tally();
        long lastProgress = System.nanoTime();
        while (!reachedEnd(partitions, end)) {
            var records = consumer.poll(POLL);
            for (ConsumerRecord<String, byte[]> record : records) {
                // one written after the run began (maybe a replay that failed again) waits for the next run
                if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                    handle(record, stage, dryRun, tally);
                }
            }
            if (!records.isEmpty()) {
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > STALL_LIMIT.toNanos()) {
                throw new IllegalStateException(
                        "no progress on " + topic + " for " + STALL_LIMIT + "; nothing committed");
            }
        }
        if (!dryRun) {
            commit(tally, end);
        }
        return new Report(Map.copyOf(tally.replayed), tally.skippedByStage, tally.withoutSource, dryRun);
    }

    /** From the group's committed position, or the beginning for a group that never ran. */
    private void seekToCommitted(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata start = committed.get(partition);
            if (start == null) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                consumer.seek(partition, start.offset());
            }
        }
    }

    /** Up to the end the run began with, once every re-published record is acknowledged. */
    private void commit(Tally tally, Map<TopicPartition, Long> end) throws InterruptedException, ExecutionException {
        for (var send : tally.sends) {
            send.get();
        }
        Map<TopicPartition, OffsetAndMetadata> done = new HashMap<>();
        end.forEach((partition, offset) -> done.put(partition, new OffsetAndMetadata(offset)));
        consumer.commitSync(done);
    }

    private void handle(ConsumerRecord<String, byte[]> record, String stage, boolean dryRun, Tally tally) {
        String source = header(record, Topics.DLQ_SOURCE_TOPIC);
        if (stage != null && !stage.equals(header(record, Topics.DLQ_STAGE))) {
            tally.skippedByStage++;
        } else if (source == null || source.isBlank()) {
            tally.withoutSource++;
        } else {
            tally.replayed.merge(source, 1, Integer::sum);
            if (!dryRun) {
                var copy = new ProducerRecord<>(source, record.key(), record.value());
                copy.headers().add(REPLAYED_HEADER, utf8(Long.toString(record.offset())));
                // the first position and timestamp travel along: a consumer that derives ids or
                // acceptance from them keeps them (the record itself is new, and so is its timestamp,
                // which the topic's retention counts from)
                for (String name : SOURCE_HEADERS) {
                    Header header = record.headers().lastHeader(name);
                    if (header != null) {
                        copy.headers().add(name, header.value());
                    }
                }
                tally.sends.add(producer.send(copy));
            }
        }
    }

    /** What one run has seen so far. */
    private static final class Tally {
        final Map<String, Integer> replayed = new TreeMap<>();
        final List<Future<RecordMetadata>> sends = new ArrayList<>();
        int skippedByStage;
        int withoutSource;
    }

    private boolean reachedEnd(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
    }

    /** The report as the command prints it. */
    public static String describe(Report report, String topic, String stage) {
        StringBuilder out = new StringBuilder(
                        report.dryRun() ? "dry run, nothing sent or committed: would replay " : "replayed ")
                .append(report.total())
                .append(" record(s) from ")
                .append(topic)
                .append(" (group ")
                .append(group(stage))
                .append(')');
        new TreeMap<>(report.replayed())
                .forEach((source, count) ->
                        out.append("\n  ").append(source).append(": ").append(count));
        if (stage != null) {
            out.append("\nskipped ")
                    .append(report.skippedByStage())
                    .append(" of other stages (--stage ")
                    .append(stage)
                    .append(')');
        }
        if (report.withoutSource() > 0) {
            out.append("\nskipped ")
                    .append(report.withoutSource())
                    .append(" without a ")
                    .append(Topics.DLQ_SOURCE_TOPIC)
                    .append(" header");
        }
        return out.toString();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: DeadLetterReplay [config.yaml] [--stage " + String.join("|", Topics.DLQ_STAGES)
                + "] [--dry-run]");
        System.exit(2);
        throw new IllegalStateException(problem);
    }
}
