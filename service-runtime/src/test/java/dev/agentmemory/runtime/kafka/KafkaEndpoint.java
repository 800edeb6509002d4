package dev.agentmemory.runtime.kafka;

import static org.junit.jupiter.api.Assertions.fail;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The real broker a Kafka test talks to: the one named by {@code KAFKA_BOOTSTRAP_SERVERS} (the
 * non-Docker broker {@code bin/memory-stack test} starts), else a Testcontainers Kafka where a
 * Docker engine exists. Never a fake.
 */
final class KafkaEndpoint {

    private static KafkaContainer container;

    private KafkaEndpoint() {}

    static synchronized String bootstrapServers() {
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
