package dev.agentmemory.embedder;

import com.github.benmanes.caffeine.cache.Ticker;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.runtime.kafka.BatchConsumerLoop;
import dev.agentmemory.runtime.kafka.DeadLetters;
import dev.agentmemory.runtime.kafka.KafkaSettings;
import dev.agentmemory.runtime.retry.Backoff;
import dev.agentmemory.runtime.tenant.TenantDirectory;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.Producer;

/**
 * The embedder worker, assembled from config, topic names, the model, the Kafka clients, the tenant
 * directory and the meter registry: the one place {@link EmbedderWorkerMain} and the tests build it.
 * Consumes {@code topics.ingest} (IngestEvent JSON) in batches of {@code embedding.batch_size} with
 * a linger of {@code embedding.linger_ms}; produces {@code topics.embedded} (EmbeddedEvent JSON,
 * same key) and dead letters on {@code topics.deadLetter}; commits only what is acknowledged. Owns
 * the clients it is given: {@link #close()} closes them. Thread-safe.
 */
final class EmbedderWorker implements AutoCloseable {

    /** The topics it reads and writes (tests use their own). */
    record TopicNames(String ingest, String embedded, String deadLetter) {
        static final TopicNames CATALOGUE =
                new TopicNames(Topics.INGEST.name(), Topics.EMBEDDED.name(), Topics.DEAD_LETTER.name());
    }

    /** A generous size of one ingest record in a fetch: see {@link #consumerSettings}. */
    private static final int RECORD_BYTES_ESTIMATE = 1024;

    private final Producer<String, byte[]> producer;
    private final BatchEmbedder embedder;
    private final BatchConsumerLoop loop;
    private final KafkaClientMetrics producerMetrics;
    private final KafkaClientMetrics consumerMetrics;

    private EmbedderWorker(
            Producer<String, byte[]> producer,
            BatchEmbedder embedder,
            BatchConsumerLoop loop,
            KafkaClientMetrics producerMetrics,
            KafkaClientMetrics consumerMetrics) {
        this.producer = producer;
        this.embedder = embedder;
        this.loop = loop;
        this.producerMetrics = producerMetrics;
        this.consumerMetrics = consumerMetrics;
    }

    /** Builds it, unstarted. The consumer should come from {@link #consumerSettings}. */
    static EmbedderWorker create(
            MemoryConfig config,
            TopicNames topics,
            EmbeddingModels.Named model,
            Producer<String, byte[]> producer,
            Consumer<String, byte[]> consumer,
            TenantDirectory tenantDirectory,
            MeterRegistry registry) {
        MemoryConfig.Embedding embedding = config.embedding();
        MemoryConfig.OpenAi api = embedding.openai();
        var embedder = new BatchEmbedder(
                model.passages(),
                embedding.provider().equals("openai") ? "embedding API" : "embedding model",
                embedding.dimensions(),
                embedding.batchSize(),
                api.maxRetries(),
                new Backoff(Duration.ofMillis(api.backoffBaseMs()), Duration.ofMillis(api.backoffMaxMs())),
                registry);
        var handler = new EmbeddingBatchHandler(
                new EventCodec(),
                new TenantCheck(tenantDirectory::exists, Ticker.systemTicker(), registry),
                new EmbeddingCache(model.id(), embedding.cache(), registry),
                embedder,
                model.id(),
                producer,
                topics.embedded(),
                new DeadLetters(producer, topics.deadLetter(), Topics.STAGE_EMBED, registry),
                config.ingest().maxMetadataBytes(),
                Clock.systemUTC());
        var loop = new BatchConsumerLoop(
                "embedder-loop",
                consumer,
                topics.ingest(),
                handler,
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30)),
                registry);
        var producerMetrics = new KafkaClientMetrics(producer);
        var consumerMetrics = new KafkaClientMetrics(consumer);
        producerMetrics.bindTo(registry);
        consumerMetrics.bindTo(registry);
        return new EmbedderWorker(producer, embedder, loop, producerMetrics, consumerMetrics);
    }

    /** The consumer the worker needs: the runtime's manual-commit consumer, batched and lingering. */
    static Map<String, Object> consumerSettings(MemoryConfig config, String groupId) {
        Map<String, Object> props = KafkaSettings.manualCommitConsumer(config, groupId);
        MemoryConfig.Embedding embedding = config.embedding();
        // one poll is one embedding batch: embedding.batch_size decides here, not kafka.max_poll_records
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, embedding.batchSize());
        if (embedding.lingerMs() > 0) {
            // the broker holds a fetch until about a full batch is there, or linger_ms has passed: full
            // batches (fewer API calls) under load, at most linger_ms more latency when quiet. The size
            // is overestimated on purpose: too high costs at most the linger, too low costs calls.
            props.put(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, embedding.batchSize() * RECORD_BYTES_ESTIMATE);
            props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, embedding.lingerMs());
        }
        // a batch that spends its whole retry budget on the API must not be taken for a dead consumer
        // (a rebalance would hand it to another member in the middle of its retries, which would then
        // embed and publish it a second time); a batch holding a text the API refuses is bisected, and
        // every call on the way down has a budget of its own
        props.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int)
                Math.min(Integer.MAX_VALUE, Math.max(300_000, batchBudgetMs(embedding) + 60_000)));
        return props;
    }

    /**
     * The longest one batch may take with one refused text: the call of the whole batch, then two
     * calls (the halves) at each level of the bisection down to the text, each spending its budget.
     */
    static long batchBudgetMs(MemoryConfig.Embedding embedding) {
        int levels = 32 - Integer.numberOfLeadingZeros(Math.max(1, embedding.batchSize() - 1));
        return (1 + 2L * levels) * retryBudgetMs(embedding);
    }

    /** The longest one call of a batch may take: every attempt timing out, every backoff at its ceiling. */
    static long retryBudgetMs(MemoryConfig.Embedding embedding) {
        MemoryConfig.OpenAi api = embedding.openai();
        return (api.maxRetries() + 1L) * api.timeoutMs() + (long) api.maxRetries() * api.backoffMaxMs();
    }

    /**
     * The document store pool for tenant lookups only: one loop thread asks, and rarely (answers are
     * cached), so two connections are plenty, whatever the pool size other services need.
     */
    static MemoryConfig.Postgres tenantLookupPool(MemoryConfig.Postgres postgres) {
        return new MemoryConfig.Postgres(
                postgres.host(),
                postgres.port(),
                postgres.database(),
                postgres.user(),
                postgres.password(),
                2,
                0,
                postgres.idleTimeoutMs());
    }

    void start() {
        loop.start();
    }

    /** False once the loop has stopped, or while the model refuses our configuration. */
    boolean healthy() {
        return loop.running() && embedder.healthy();
    }

    /** Stops consuming (the batch in flight is redelivered if unfinished), then closes the clients. */
    @Override
    public void close() {
        embedder.stop();
        try {
            loop.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumerMetrics.close();
        producerMetrics.close();
        producer.close(Duration.ofSeconds(10));
    }
}
