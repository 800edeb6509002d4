package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the running system is. {@code bin/memory-stack test} exports these; when a variable is
 * missing the local stack's defaults apply (so the tests also run against a stack started with
 * {@code bin/memory-stack up}).
 */
final class Stack {
    private Stack() {}

    static String gatewayUrl() {
        return env("MEMORY_GATEWAY_URL", "http://127.0.0.1:8080");
    }

    static String opensearchUrl() {
        return env("OPENSEARCH_URL", "http://127.0.0.1:9200");
    }

    /** consistency-stream's Prometheus endpoint (port 8081, the reference's scrape config). */
    static String consistencyMetricsUrl() {
        return env("MEMORY_CONSISTENCY_METRICS_URL", "http://127.0.0.1:8081/metrics");
    }

    static String kafkaBootstrap() {
        return env("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    }

    static String jdbcUrl() {
        return "jdbc:postgresql://" + env("POSTGRES_HOST", "127.0.0.1") + ":" + env("POSTGRES_PORT", "5432") + "/"
                + env("POSTGRES_DB", "memory");
    }

    static String postgresUser() {
        return env("POSTGRES_USER", "memory");
    }

    static String postgresPassword() {
        return secret("POSTGRES_PASSWORD", "postgres-password");
    }

    static String adminKey() {
        return secret("MEMORY_ADMIN_KEY", "admin-key");
    }

    private static String secret(String variable, String stackFile) {
        String value = System.getenv(variable);
        if (value != null && !value.isBlank()) {
            return value;
        }
        Path file = Path.of("..", ".stack", stackFile);
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return fail(variable + " is not set and " + file.toAbsolutePath()
                    + " is missing: run the tests with bin/memory-stack test");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
