package dev.agentmemory.indexer;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.http.HttpBasics;
import dev.agentmemory.runtime.kafka.BatchConsumerLoop;
import dev.agentmemory.runtime.kafka.DeadLetters;
import dev.agentmemory.runtime.kafka.KafkaSettings;
import dev.agentmemory.runtime.metrics.Metrics;
import dev.agentmemory.runtime.retry.Backoff;
import dev.agentmemory.runtime.search.OpenSearch;
import dev.agentmemory.runtime.search.TenantIndices;
import dev.agentmemory.runtime.store.DocumentStore;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.Topics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Starts the indexer worker: config, metrics, stores, Kafka clients, the loop, health and metrics HTTP. */
public final class IndexerWorkerMain {

    private IndexerWorkerMain() {}

    public static void main(String[] args) throws Exception {
        MemoryConfig config = ConfigLoader.fromArgs(args);
        var registry = Metrics.registry("indexer-worker");
        EventCodec codec = new EventCodec();

        DocumentStore store = DocumentStore.open(config.storage().postgres(), "indexer-worker", registry);
        OpenSearch search = OpenSearch.connect(config.storage().vectorDb(), codec.mapper());
        TenantIndices indices = new TenantIndices(search, config);
        indices.verifyDimensions();
        var bulk = new BulkUpserts(search, indices, registry);
        var producer = new KafkaProducer<String, byte[]>(KafkaSettings.durableProducer(config, "indexer-worker"));
        var consumer = new KafkaConsumer<String, byte[]>(KafkaSettings.manualCommitConsumer(config, "indexer-worker"));
        var producerMetrics = new KafkaClientMetrics(producer);
        var consumerMetrics = new KafkaClientMetrics(consumer);
        producerMetrics.bindTo(registry);
        consumerMetrics.bindTo(registry);

        var handler = new IndexBatchHandler(
                codec,
                new MemoryRows(store.jdbi(), codec.mapper()),
                bulk,
                new DeadLetters(producer, Topics.STAGE_INDEX, registry),
                Clock.systemUTC(),
                config.embedding().dimensions(),
                registry);
        var loop = new BatchConsumerLoop(
                "indexer-loop",
                consumer,
                Topics.EMBEDDED.name(),
                handler,
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30)),
                registry);
        // decisions get their own consumer (group indexer-decisions) and loop: a slow decision batch
        // never holds up new memories, and each topic's offsets are committed on their own
        var decisionConsumer =
                new KafkaConsumer<String, byte[]>(KafkaSettings.manualCommitConsumer(config, "indexer-decisions"));
        var decisionConsumerMetrics = new KafkaClientMetrics(decisionConsumer);
        decisionConsumerMetrics.bindTo(registry);
        var decisionLoop = new BatchConsumerLoop(
                "decision-loop",
                decisionConsumer,
                Topics.CONSISTENCY.name(),
                new DecisionBatchHandler(
                        codec,
                        new DecisionRows(store.jdbi(), codec.mapper()),
                        bulk,
                        new DeadLetters(producer, Topics.STAGE_APPLY_DECISION, registry),
                        registry),
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30)),
                registry);
        Javalin http = Javalin.create(app -> HttpBasics.install(
                app,
                "indexer-worker",
                config.server(),
                codec.mapper(),
                registry,
                1024,
                () -> loop.running() && decisionLoop.running()));

        var sampler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "index-size"));
        sampler.scheduleWithFixedDelay(new IndexSizeReporter(search, registry), 0, 30, TimeUnit.SECONDS);

        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            http.stop();
                            sampler.shutdownNow();
                            try {
                                decisionLoop.close();
                                loop.close();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            search.close();
                            decisionConsumerMetrics.close();
                            consumerMetrics.close();
                            producerMetrics.close();
                            producer.close(Duration.ofSeconds(10));
                            store.close();
                        },
                        "shutdown"));
        loop.start();
        decisionLoop.start();
        http.start();
    }
}
