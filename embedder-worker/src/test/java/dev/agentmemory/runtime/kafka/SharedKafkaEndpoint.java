package dev.agentmemory.runtime.kafka;

/**
 * Opens service-runtime's package-private {@link KafkaEndpoint} (from its test jar) to this module's
 * tests: the same real broker, never a fake.
 */
public final class SharedKafkaEndpoint {

    private SharedKafkaEndpoint() {}

    public static String bootstrapServers() {
        return KafkaEndpoint.bootstrapServers();
    }
}
