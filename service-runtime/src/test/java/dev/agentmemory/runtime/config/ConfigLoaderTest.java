package dev.agentmemory.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    private static final Map<String, String> ENV = Map.of("MEMORY_ADMIN_KEY", "0123456789abcdef-admin");
    private static final Path SHIPPED = Path.of("..", "config", "memory.yaml");

    private static String shipped() throws IOException {
        return Files.readString(SHIPPED);
    }

    @Test
    void theShippedConfigLoadsWithTheReferenceDefaults() {
        MemoryConfig config = ConfigLoader.load(SHIPPED, ENV);
        assertEquals(0.6, config.retrieval().vectorWeight());
        assertEquals(0.25, config.retrieval().lexicalWeight());
        assertEquals(0.15, config.retrieval().temporalWeight());
        assertEquals(128, config.retrieval().hnsw().efSearch());
        assertEquals(50, config.retrieval().candidatePool());
        assertEquals(10, config.retrieval().topK());
        assertEquals(128, config.embedding().batchSize());
        assertEquals(90, config.consistency().decay().halfLifeDays());
        assertEquals(100_000, config.tenant().maxMemoriesPerTenant());
        assertEquals("127.0.0.1:9092", config.kafka().bootstrapServers());
        assertEquals(8080, config.server().port());
    }

    @Test
    void environmentVariablesOverrideDefaults() {
        var env = Map.of(
                "MEMORY_ADMIN_KEY",
                "0123456789abcdef-admin",
                "SERVER_PORT",
                "8091",
                "KAFKA_BOOTSTRAP_SERVERS",
                "broker:29092");
        MemoryConfig config = ConfigLoader.load(SHIPPED, env);
        assertEquals(8091, config.server().port());
        assertEquals("broker:29092", config.kafka().bootstrapServers());
    }

    @Test
    void theContradictionJudgeIsBuiltinUnlessAnLlmIsConfigured() {
        var builtin =
                ConfigLoader.load(SHIPPED, ENV).consistency().supersession().judge();
        assertEquals("builtin", builtin.provider());

        var env = Map.of(
                "MEMORY_ADMIN_KEY",
                "0123456789abcdef-admin",
                "SUPERSESSION_JUDGE_PROVIDER",
                "openai",
                "SUPERSESSION_JUDGE_API_BASE_URL",
                "http://llm.internal:8000/v1",
                "SUPERSESSION_JUDGE_API_KEY",
                "sk-judge",
                "SUPERSESSION_JUDGE_MODEL",
                "qwen2.5-7b-instruct");
        var llm = ConfigLoader.load(SHIPPED, env).consistency().supersession().judge();
        assertEquals("openai", llm.provider());
        assertEquals("qwen2.5-7b-instruct", llm.model());
        assertEquals("http://llm.internal:8000/v1", llm.openai().baseUrl());
        assertEquals("sk-judge", llm.openai().apiKey());
        assertEquals(2, llm.openai().maxRetries());
        assertTrue(llm.openai().backoffMaxMs() >= llm.openai().backoffBaseMs());
    }

    @Test
    void anUnknownJudgeProviderIsNamedWithItsPath() {
        var env = Map.of("MEMORY_ADMIN_KEY", "0123456789abcdef-admin", "SUPERSESSION_JUDGE_PROVIDER", "gpt");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(SHIPPED, env));
        assertTrue(e.getMessage().contains("consistency.supersession.judge"), e.getMessage());
        assertTrue(e.getMessage().contains("provider must be one of"), e.getMessage());
    }

    @Test
    void aJudgeBackoffCeilingBelowItsBaseIsNamed() throws IOException {
        String yaml = shipped().replace("        backoff_max_ms: 2000", "        backoff_max_ms: 100");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, ENV));
        assertTrue(e.getMessage().contains("consistency.supersession.judge.openai"), e.getMessage());
        assertTrue(e.getMessage().contains("backoff_max_ms"), e.getMessage());
    }

    @Test
    void aSearchTimeoutBeyondTheRequestBudgetIsRefused() throws IOException {
        String yaml = shipped().replace("    timeout_ms: 3000", "    timeout_ms: 9000");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, ENV));
        assertTrue(e.getMessage().contains("storage.vector_db.timeout_ms (9000)"), e.getMessage());
        assertTrue(e.getMessage().contains("server.request_timeout_ms (5000)"), e.getMessage());
    }

    @Test
    void aBurstSmallerThanABatchIsRefused() throws IOException {
        String yaml = shipped().replace("  ingest_burst: 1000", "  ingest_burst: 50");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, ENV));
        assertTrue(e.getMessage().contains("tenant.ingest_burst (50)"), e.getMessage());
    }

    @Test
    void theExamplesAdminKeyIsRefused() throws IOException {
        var e = assertThrows(
                ConfigException.class,
                () -> ConfigLoader.parse(shipped(), Map.of("MEMORY_ADMIN_KEY", "change-me-to-32-random-characters")));
        assertTrue(e.getMessage().contains("placeholder"), e.getMessage());
    }

    @Test
    void anEfConstructionBeyondTheEnginesLimitIsNamed() throws IOException {
        String yaml = shipped().replace("    ef_construction: 200", "    ef_construction: 4000");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, ENV));
        assertTrue(e.getMessage().contains("ef_construction"), e.getMessage());
    }

    @Test
    void aSecretIsTakenAsItIs() throws IOException {
        String secret = "pa\"ss\\word: ${NOT_A_VARIABLE} #1";
        MemoryConfig config = ConfigLoader.parse(
                shipped(), Map.of("MEMORY_ADMIN_KEY", "0123456789abcdef-admin", "POSTGRES_PASSWORD", secret));
        assertEquals(secret, config.storage().postgres().password());
    }

    @Test
    void aMissingVariableIsNamed() {
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.load(SHIPPED, Map.of()));
        assertTrue(e.getMessage().contains("MEMORY_ADMIN_KEY"), e.getMessage());
    }

    @Test
    void anUnknownKeyIsNamedWithItsPath() throws IOException {
        String yaml = shipped().replace("    ef_search: 128", "    ef_search: 128\n    ef_serach: 64");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, ENV));
        assertTrue(e.getMessage().contains("retrieval.hnsw.ef_serach"), e.getMessage());
    }

    @Test
    void anOutOfRangeValueIsNamed() throws IOException {
        String yaml = shipped().replace("vector_weight: 0.6", "vector_weight: 6");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, ENV));
        assertTrue(e.getMessage().contains("retrieval") && e.getMessage().contains("vector_weight"), e.getMessage());
    }

    @Test
    void aMissingKeyIsNamed() throws IOException {
        String yaml = shipped().replace("  candidate_pool: 50", "");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, ENV));
        assertTrue(e.getMessage().contains("candidate_pool"), e.getMessage());
    }

    @Test
    void aWrongTypeIsNamed() throws IOException {
        String yaml = shipped().replace("batch_size: 128", "batch_size: lots");
        var e = assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, ENV));
        assertTrue(e.getMessage().contains("embedding.batch_size"), e.getMessage());
    }
}
