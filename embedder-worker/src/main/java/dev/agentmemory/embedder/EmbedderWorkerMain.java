package dev.agentmemory.embedder;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.runtime.http.HttpBasics;
import dev.agentmemory.runtime.kafka.BatchConsumerLoop;
import dev.agentmemory.runtime.kafka.DeadLetters;
import dev.agentmemory.runtime.kafka.KafkaSettings;
import dev.agentmemory.runtime.metrics.Metrics;
import dev.agentmemory.runtime.retry.Backoff;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.Topics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/** Starts the embedder worker: config, metrics, model, Kafka clients, the loop, health and metrics HTTP. */
public final class EmbedderWorkerMain {

    private EmbedderWorkerMain() {}

    public static void main(String[] args) throws Exception {
        MemoryConfig config = ConfigLoader.fromArgs(args);
        var registry = Metrics.registry("embedder-worker");
        EventCodec codec = new EventCodec();
        EmbeddingModels.Named model = EmbeddingModels.create(config.embedding());

        var producer = new KafkaProducer<String, byte[]>(KafkaSettings.durableProducer(config, "embedder-worker"));
        var consumer = new KafkaConsumer<String, byte[]>(KafkaSettings.manualCommitConsumer(config, "embedder-worker"));
        var producerMetrics = new KafkaClientMetrics(producer);
        var consumerMetrics = new KafkaClientMetrics(consumer);
        producerMetrics.bindTo(registry);
        consumerMetrics.bindTo(registry);

        var handler = new EmbeddingBatchHandler(
                codec, model, producer, new DeadLetters(producer, "embed", registry), Clock.systemUTC(), registry);
        var loop = new BatchConsumerLoop(
                "embedder-loop",
                consumer,
                Topics.INGEST.name(),
                handler,
                new Backoff(Duration.ofMillis(200), Duration.ofSeconds(30)),
                registry);
        Javalin http = Javalin.create(app -> HttpBasics.install(
                app, "embedder-worker", config.server(), codec.mapper(), registry, 1024, loop::running));

        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            http.stop();
                            try {
                                loop.close();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                            consumerMetrics.close();
                            producerMetrics.close();
                            producer.close(Duration.ofSeconds(10));
                        },
                        "shutdown"));
        loop.start();
        http.start();
    }
}
