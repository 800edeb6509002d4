package dev.agentmemory.embedder;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The real {@code config/memory.yaml}, with a test's environment and the few values a test changes. */
final class TestConfig {

    static final String MODEL = "test-embedding";

    private TestConfig() {}

    static MemoryConfig load(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("MEMORY_ADMIN_KEY", "0123456789abcdef-test");
        env.putAll(overrides);
        return ConfigLoader.load(Path.of("..", "config", "memory.yaml"), env);
    }

    /** The OpenAI-compatible provider at {@code baseUrl}, model {@value #MODEL}. */
    static MemoryConfig openAi(String baseUrl, int dimensions, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(overrides);
        env.put("EMBEDDING_PROVIDER", "openai");
        env.put("EMBEDDING_MODEL", MODEL);
        env.put("EMBEDDING_DIMENSIONS", Integer.toString(dimensions));
        env.put("EMBEDDING_API_BASE_URL", baseUrl);
        return load(env);
    }

    /** The same config with other retry settings (not in the environment: they are fixed in the file). */
    static MemoryConfig withRetries(
            MemoryConfig config, int maxRetries, int backoffBaseMs, int backoffMaxMs, int timeoutMs) {
        MemoryConfig.Embedding e = config.embedding();
        MemoryConfig.OpenAi api = e.openai();
        var openai = new MemoryConfig.OpenAi(
                api.baseUrl(), api.apiKey(), timeoutMs, maxRetries, backoffBaseMs, backoffMaxMs);
        return withEmbedding(
                config,
                new MemoryConfig.Embedding(
                        e.provider(), e.model(), e.dimensions(), e.batchSize(), e.lingerMs(), openai, e.cache()));
    }

    static MemoryConfig withBatchSize(MemoryConfig config, int batchSize) {
        MemoryConfig.Embedding e = config.embedding();
        return withEmbedding(
                config,
                new MemoryConfig.Embedding(
                        e.provider(), e.model(), e.dimensions(), batchSize, e.lingerMs(), e.openai(), e.cache()));
    }

    static MemoryConfig withLinger(MemoryConfig config, int lingerMs) {
        MemoryConfig.Embedding e = config.embedding();
        return withEmbedding(
                config,
                new MemoryConfig.Embedding(
                        e.provider(), e.model(), e.dimensions(), e.batchSize(), lingerMs, e.openai(), e.cache()));
    }

    private static MemoryConfig withEmbedding(MemoryConfig c, MemoryConfig.Embedding embedding) {
        return new MemoryConfig(
                c.server(),
                c.auth(),
                c.kafka(),
                embedding,
                c.retrieval(),
                c.consistency(),
                c.tenant(),
                c.ingest(),
                c.storage());
    }
}
