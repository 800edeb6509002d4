package dev.agentmemory.runtime.kafka;

import dev.agentmemory.runtime.config.MemoryConfig;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Client settings shared by the services. Keys are strings, values raw JSON bytes. Stateless. */
public final class KafkaSettings {
    private KafkaSettings() {}

    /** A producer that never acknowledges what the cluster could still lose. */
    public static Map<String, Object> durableProducer(MemoryConfig config, String clientId) {
        Map<String, Object> props = common(config, clientId);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // acknowledged only once every in-sync replica has the record
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // retries never duplicate or reorder a user's records
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // a send gives up (and the API answers 503) within the request budget instead of the 2-minute default
        // (Kafka wants delivery.timeout.ms >= linger.ms + request.timeout.ms)
        int timeout = Math.max(1_000, config.server().requestTimeoutMs());
        int linger = 5; // small batches fill fast under load; 5 ms costs little latency when idle
        props.put(ProducerConfig.LINGER_MS_CONFIG, linger);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout - linger);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return props;
    }

    /** A consumer that commits by hand, only after its output is durable. */
    public static Map<String, Object> manualCommitConsumer(MemoryConfig config, String groupId) {
        Map<String, Object> props = common(config, groupId);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        // offsets move only after the output is acknowledged: at-least-once, made idempotent downstream
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a new group starts from the beginning so nothing produced before it started is skipped
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // one poll is one indexing batch (the embedder overrides it with embedding.batch_size)
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, config.kafka().maxPollRecords());
        // read only committed records, so an aborted transactional write is never processed
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return props;
    }

    public static Map<String, Object> admin(MemoryConfig config) {
        return common(config, "topic-provisioner");
    }

    private static Map<String, Object> common(MemoryConfig config, String clientId) {
        Map<String, Object> props = new HashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }
}
