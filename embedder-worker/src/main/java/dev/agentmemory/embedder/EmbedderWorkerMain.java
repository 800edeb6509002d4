package dev.agentmemory.embedder;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.runtime.http.HttpBasics;
import dev.agentmemory.runtime.kafka.KafkaSettings;
import dev.agentmemory.runtime.metrics.Metrics;
import dev.agentmemory.runtime.store.DocumentStore;
import dev.agentmemory.runtime.tenant.TenantDirectory;
import dev.agentmemory.schemas.EventCodec;
import io.javalin.Javalin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Starts the embedder worker: config, metrics, model, tenant store, Kafka clients, the worker,
 * health and metrics HTTP, one shutdown hook closing them in reverse order.
 */
public final class EmbedderWorkerMain {

    private static final String NAME = "embedder-worker";

    private EmbedderWorkerMain() {}

    public static void main(String[] args) {
        MemoryConfig config = ConfigLoader.fromArgs(args);
        var registry = Metrics.registry(NAME);
        EmbeddingModels.Named model = EmbeddingModels.create(config.embedding());
        DocumentStore store = DocumentStore.open(
                EmbedderWorker.tenantLookupPool(config.storage().postgres()), NAME, registry);

        var producer = new KafkaProducer<String, byte[]>(KafkaSettings.durableProducer(config, NAME));
        var consumer = new KafkaConsumer<String, byte[]>(EmbedderWorker.consumerSettings(config, NAME));
        EmbedderWorker worker = EmbedderWorker.create(
                config,
                EmbedderWorker.TopicNames.CATALOGUE,
                model,
                producer,
                consumer,
                store.jdbi().onDemand(TenantDirectory.class),
                registry);
        Javalin http = Javalin.create(app -> HttpBasics.install(
                app, NAME, config.server(), EventCodec.newMapper(), registry, 1024, worker::healthy));

        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            http.stop();
                            worker.close();
                            store.close();
                        },
                        "shutdown"));
        worker.start();
        http.start();
    }
}
