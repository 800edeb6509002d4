package dev.agentmemory.runtime.config;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The shipped {@code config/memory.yaml} as the running local stack's services read it, for tests
 * that talk to its PostgreSQL, OpenSearch or Kafka: the environment {@code bin/memory-stack test}
 * exports, else (a test run by hand) the stack's own {@code .stack/postgres-password}.
 */
public final class StackConfig {

    private StackConfig() {}

    public static MemoryConfig load() {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("MEMORY_ADMIN_KEY", "0123456789abcdef-test");
        if (!env.containsKey("POSTGRES_PASSWORD")) {
            env.put("POSTGRES_PASSWORD", postgresPassword());
        }
        return ConfigLoader.load(Path.of("..", "config", "memory.yaml"), env);
    }

    private static String postgresPassword() {
        try {
            return Files.readString(Path.of("..", ".stack", "postgres-password"))
                    .trim();
        } catch (IOException e) {
            return fail(
                    "POSTGRES_PASSWORD is not set and .stack/postgres-password is missing: run bin/memory-stack test");
        }
    }
}
