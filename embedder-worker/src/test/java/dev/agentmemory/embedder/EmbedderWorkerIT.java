package dev.agentmemory.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.kafka.DeadLetterReplay;
import dev.agentmemory.runtime.kafka.KafkaEndpoint;
import dev.agentmemory.runtime.kafka.KafkaSettings;
import dev.agentmemory.runtime.tenant.ApiKeys;
import dev.agentmemory.runtime.tenant.TenantDirectory;
import dev.agentmemory.schemas.EmbeddedEvent;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.Topics;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedder worker against the real Kafka and PostgreSQL, with the OpenAI-compatible API played
 * by {@link OpenAiStandIn}: its own topics, group and tenant per test, never the running pipeline's.
 */
class EmbedderWorkerIT {

    private static final int DIMENSIONS = 8;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final EventCodec CODEC = new EventCodec();

    private static Jdbi jdbi;
    private static TenantDirectory tenants;
    private static String tenant;

    private OpenAiStandIn api;
    private IsolatedPipeline pipeline;

    @BeforeAll
    static void tenant() {
        MemoryConfig.Postgres pg = config("http://127.0.0.1:1/v1").storage().postgres();
        jdbi = Jdbi.create(pg.jdbcUrl(), pg.user(), pg.password()).installPlugin(new SqlObjectPlugin());
        tenants = jdbi.onDemand(TenantDirectory.class);
        tenant = "it-embed-" + UUID.randomUUID().toString().substring(0, 8);
        assertTrue(tenants.create(tenant, ApiKeys.hash(ApiKeys.generate())));
    }

    @AfterAll
    static void removeTenant() {
        jdbi.useHandle(h -> h.execute("delete from tenants where tenant_id = ?", tenant));
    }

    @BeforeEach
    void standIn() throws IOException {
        api = OpenAiStandIn.start(DIMENSIONS);
    }

    @AfterEach
    void stop() throws Exception {
        if (pipeline != null) {
            pipeline.close();
        }
        api.close();
    }

    @Test
    void whenTheApiRateLimitsForAWhileEveryMemoryIsEmbeddedExactlyOnce() throws Exception {
        api.failFirst(3, 429);
        pipeline = new IsolatedPipeline(TestConfig.withRetries(config(api.baseUrl()), 5, 20, 200, 5000)).start(tenants);

        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            ids.add(pipeline.ingest(tenant, "user-" + (i % 7), "memory number " + i));
        }
        pipeline.awaitCommitted(WAIT);

        List<EmbeddedEvent> embedded = embedded(pipeline.readAll(pipeline.topics.embedded()));
        assertEquals(30, embedded.size(), "no memory twice");
        assertEquals(ids, memoryIds(embedded));
        for (EmbeddedEvent event : embedded) {
            assertEquals("openai:" + TestConfig.MODEL, event.embeddingModel());
            assertEquals(DIMENSIONS, event.embedding().length);
        }
        assertEquals(List.of(), pipeline.readAll(pipeline.topics.deadLetter()));
        assertEquals(3.0, batchErrors("transient"));
    }

    @Test
    void whenTheApiKeepsFailingTheRecordsAreDeadLetteredAndTheReplayBringsThemBack() throws Exception {
        api.failForever(500);
        pipeline = new IsolatedPipeline(TestConfig.withRetries(config(api.baseUrl()), 2, 10, 50, 5000)).start(tenants);
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            ids.add(pipeline.ingest(tenant, "u1", "during the outage " + i));
        }
        pipeline.awaitCommitted(WAIT);

        var deadLetters = pipeline.readAll(pipeline.topics.deadLetter());
        assertEquals(5, deadLetters.size());
        for (var record : deadLetters) {
            String reason = header(record, Topics.DLQ_REASON);
            assertTrue(reason.startsWith("embedding API failed after 2 retries: HTTP 500 "), reason);
            assertEquals("embed", header(record, Topics.DLQ_STAGE));
            assertEquals(pipeline.topics.ingest(), header(record, Topics.DLQ_SOURCE_TOPIC));
        }
        assertEquals(List.of(), pipeline.readAll(pipeline.topics.embedded()));
        assertEquals(
                5.0,
                pipeline.registry
                        .get("memory_dead_letter_total")
                        .tag("stage", "embed")
                        .counter()
                        .count());

        api.fixed();
        DeadLetterReplay.Report report = replay(pipeline);

        assertEquals(Map.of(pipeline.topics.ingest(), 5), report.replayed());
        var embedded = embedded(pipeline.awaitRecords(pipeline.topics.embedded(), 5, WAIT));
        assertEquals(ids, memoryIds(embedded));
    }

    @Test
    void oneRefusedItemInABatchOfTwentyIsDeadLetteredAloneAndTheOtherNineteenAreEmbedded() throws Exception {
        String marker = "<<too long for the model>>";
        api.rejectInputsContaining(marker);
        pipeline = new IsolatedPipeline(TestConfig.withRetries(config(api.baseUrl()), 2, 10, 50, 5000));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(pipeline.ingest(tenant, "u1", i == 7 ? "item 7 " + marker : "item " + i));
        }
        pipeline.start(tenants).awaitCommitted(WAIT);

        var deadLetters = pipeline.readAll(pipeline.topics.deadLetter());
        assertEquals(1, deadLetters.size());
        assertEquals(ids.get(7), CODEC.decodeIngest(deadLetters.get(0).value()).memoryId());
        String reason = header(deadLetters.get(0), Topics.DLQ_REASON);
        assertTrue(reason.startsWith("embedding API rejected the item: HTTP 400 "), reason);
        Set<String> expected = new HashSet<>(ids);
        expected.remove(ids.get(7));
        assertEquals(expected, memoryIds(embedded(pipeline.readAll(pipeline.topics.embedded()))));
        assertEquals(20, api.callSizes().get(0), "the twenty came as one batch: " + api.callSizes());
    }

    @Test
    void aRecordOfAnUnknownTenantIsDeadLetteredAndTheRecordsAfterItStillArrive() throws Exception {
        pipeline = new IsolatedPipeline(config(api.baseUrl())).start(tenants);
        String stranger = "it-nobody-" + UUID.randomUUID().toString().substring(0, 8);
        String key = "one-partition"; // the same key keeps the four in order on one partition
        String first = pipeline.ingest(key, tenant, "u1", "before");
        String unknown = pipeline.ingest(key, stranger, "u1", "from nowhere");
        String second = pipeline.ingest(key, tenant, "u1", "after");
        String third = pipeline.ingest(key, tenant, "u1", "after that");
        pipeline.awaitCommitted(WAIT);

        var deadLetters = pipeline.readAll(pipeline.topics.deadLetter());
        assertEquals(1, deadLetters.size());
        assertEquals(unknown, CODEC.decodeIngest(deadLetters.get(0).value()).memoryId());
        assertEquals("unknown tenant '" + stranger + "'", header(deadLetters.get(0), Topics.DLQ_REASON));
        assertEquals(
                List.of(first, second, third),
                embedded(pipeline.readAll(pipeline.topics.embedded())).stream()
                        .map(e -> e.memory().memoryId())
                        .toList());
    }

    @Test
    void contentThatIsEmptyOnceTrimmedNeverReachesTheModel() throws Exception {
        pipeline = new IsolatedPipeline(config(api.baseUrl())).start(tenants);
        pipeline.ingest(tenant, "u1", "\u00a0\u200b\u2003"); // passes the schema's \S, yet nothing to embed
        pipeline.awaitCommitted(WAIT);

        var deadLetters = pipeline.readAll(pipeline.topics.deadLetter());
        assertEquals(1, deadLetters.size());
        assertEquals("content is empty after trimming", header(deadLetters.get(0), Topics.DLQ_REASON));
        assertEquals(0, api.calls());
    }

    @Test
    void theSameTextTwiceCostsOneApiCall() throws Exception {
        pipeline = new IsolatedPipeline(config(api.baseUrl())).start(tenants);
        String first = pipeline.ingest(tenant, "u1", "I prefer dark mode");
        pipeline.awaitCommitted(WAIT);
        String second = pipeline.ingest(tenant, "u2", "I prefer dark mode");
        pipeline.awaitCommitted(WAIT);

        var embedded = embedded(pipeline.readAll(pipeline.topics.embedded()));
        assertEquals(Set.of(first, second), memoryIds(embedded));
        assertEquals(1, api.calls());
        assertEquals(1, api.timesEmbedded("I prefer dark mode"));
        double hits = pipeline.registry
                .get("cache.gets")
                .tag("cache", EmbeddingCache.NAME)
                .tag("result", "hit")
                .functionCounter()
                .count();
        assertEquals(1.0, hits);
    }

    private static MemoryConfig config(String baseUrl) {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaEndpoint.bootstrapServers());
        env.put("POSTGRES_PASSWORD", postgresPassword());
        return TestConfig.openAi(baseUrl, DIMENSIONS, env);
    }

    /** As bin/memory-stack test exports it, else from the local stack's state. */
    private static String postgresPassword() {
        String value = System.getenv("POSTGRES_PASSWORD");
        if (value != null && !value.isBlank()) {
            return value;
        }
        try {
            return Files.readString(Path.of("..", ".stack", "postgres-password"))
                    .trim();
        } catch (IOException e) {
            return fail("POSTGRES_PASSWORD is not set and .stack/postgres-password is missing: " + e);
        }
    }

    private DeadLetterReplay.Report replay(IsolatedPipeline pipeline) throws Exception {
        MemoryConfig config = pipeline.config;
        String group = pipeline.replayGroup();
        try (var consumer = new KafkaConsumer<String, byte[]>(KafkaSettings.manualCommitConsumer(config, group));
                var producer = new KafkaProducer<String, byte[]>(KafkaSettings.durableProducer(config, group))) {
            return new DeadLetterReplay(consumer, producer, pipeline.topics.deadLetter()).replay("embed", false);
        }
    }

    private double batchErrors(String kind) {
        return pipeline.registry
                .get("memory_embedding_batch_errors_total")
                .tag("kind", kind)
                .counter()
                .count();
    }

    private static List<EmbeddedEvent> embedded(List<ConsumerRecord<String, byte[]>> records) throws Exception {
        List<EmbeddedEvent> events = new ArrayList<>();
        for (var record : records) {
            events.add(CODEC.decodeEmbedded(record.value()));
        }
        return events;
    }

    private static Set<String> memoryIds(List<EmbeddedEvent> events) {
        return new HashSet<>(events.stream().map(e -> e.memory().memoryId()).toList());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
