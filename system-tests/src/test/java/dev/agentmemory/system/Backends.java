package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Direct access to the real Kafka, PostgreSQL and OpenSearch behind the services, to check what they stored. */
final class Backends {
    private Backends() {}

    static void produce(String topic, String key, byte[] value) {
        Map<String, Object> props = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Stack.kafkaBootstrap(),
                ProducerConfig.ACKS_CONFIG,
                "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG,
                StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
                ByteArraySerializer.class);
        try (var producer = new KafkaProducer<String, byte[]>(props)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            fail("cannot produce to " + topic + ": " + e);
        }
    }

    /**
     * Reads the whole topic (from the beginning, no group, committed records only: an aborted
     * transaction's records are not there) and answers the records matching the filter.
     */
    /** The topic's records whose value, read as UTF-8, contains {@code text} (a tombstone never does). */
    static List<ConsumerRecord<String, byte[]>> readContaining(String topic, String text) {
        return readAll(topic, r -> r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains(text));
    }

    static List<ConsumerRecord<String, byte[]>> readAll(
            String topic, java.util.function.Predicate<ConsumerRecord<String, byte[]>> filter) {
        Map<String, Object> props = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                Stack.kafkaBootstrap(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed");
        try (var consumer = new KafkaConsumer<String, byte[]>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> out = new java.util.ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (filter.test(r)) {
                        out.add(r);
                    }
                });
            }
            return out;
        }
    }

    static long count(String sql, Object... params) {
        try (Connection c =
                        DriverManager.getConnection(Stack.jdbcUrl(), Stack.postgresUser(), Stack.postgresPassword());
                PreparedStatement statement = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof String[] array) {
                    statement.setArray(i + 1, c.createArrayOf("text", array));
                } else {
                    statement.setObject(i + 1, params[i]);
                }
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            return fail("PostgreSQL: " + e.getMessage());
        }
    }

    /** Documents in a tenant's index with this memory id (after a refresh, so the count is current). */
    static long indexedCopies(String tenantId, String memoryId) {
        String alias = "memory-" + tenantId;
        http("POST", "/" + alias + "/_refresh", null);
        JsonNode count =
                http("POST", "/" + alias + "/_count", "{\"query\":{\"term\":{\"memory_id\":\"" + memoryId + "\"}}}");
        return count.path("count").asLong(-1);
    }

    /** Documents in a tenant's index. */
    static long indexedCount(String tenantId) {
        String alias = "memory-" + tenantId;
        http("POST", "/" + alias + "/_refresh", null);
        return http("GET", "/" + alias + "/_count", null).path("count").asLong(-1);
    }

    static JsonNode http(String method, String path, String json) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(Stack.opensearchUrl() + path))
                    .header("Content-Type", "application/json")
                    .method(
                            method,
                            json == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(json))
                    .build();
            String body = HttpClient.newHttpClient()
                    .send(request, HttpResponse.BodyHandlers.ofString())
                    .body();
            return Gateway.JSON.readTree(body);
        } catch (Exception e) {
            return fail("OpenSearch: " + e);
        }
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(60), condition);
    }

    static void await(String what, Duration patience, BooleanSupplier condition) {
        long deadline = System.nanoTime() + patience.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Gateway.sleep(200);
        }
        fail("timed out waiting for " + what);
    }
}
