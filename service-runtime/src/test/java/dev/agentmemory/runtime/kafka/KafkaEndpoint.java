package dev.agentmemory.runtime.kafka;

import static org.junit.jupiter.api.Assertions.fail;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import java.nio.file.Path;
import java.util.Map;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real broker a Kafka test talks to: the one named by {@code KAFKA_BOOTSTRAP_SERVERS} (the
 * non-Docker broker {@code bin/memory-stack test} starts), else a Testcontainers Kafka where a
 * Docker engine exists. Never a fake.
 */
public final class KafkaEndpoint {

    private static KafkaContainer container;

    private KafkaEndpoint() {}

    /** The shipped config, pointed at this broker. */
    public static MemoryConfig config() {
        return ConfigLoader.load(
                Path.of("..", "config", "memory.yaml"),
                Map.of("MEMORY_ADMIN_KEY", "0123456789abcdef-test", "KAFKA_BOOTSTRAP_SERVERS", bootstrapServers()));
    }

    public static synchronized String bootstrapServers() {
        String configured = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        if (container == null) {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                return fail(
                        "no Kafka: set KAFKA_BOOTSTRAP_SERVERS (bin/memory-stack test does) or run where Docker is");
            }
            container = new KafkaContainer("apache/kafka-native:4.0.0");
            container.start();
        }
        return container.getBootstrapServers();
    }
}
