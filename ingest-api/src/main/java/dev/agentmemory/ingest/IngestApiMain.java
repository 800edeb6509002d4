package dev.agentmemory.ingest;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.kafka.KafkaSettings;
import dev.agentmemory.runtime.metrics.Metrics;
import dev.agentmemory.runtime.search.IndexRebuild;
import dev.agentmemory.runtime.search.OpenSearch;
import dev.agentmemory.runtime.search.TenantIndices;
import dev.agentmemory.runtime.store.DocumentStore;
import dev.agentmemory.runtime.tenant.Authenticator;
import dev.agentmemory.runtime.tenant.TenantDirectory;
import dev.agentmemory.schemas.EventCodec;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the ingest API: config, metrics, clients, services, HTTP; one hook closes them in reverse. */
public final class IngestApiMain {

    private static final Logger log = LoggerFactory.getLogger(IngestApiMain.class);

    private IngestApiMain() {}

    public static void main(String[] args) {
        MemoryConfig config = ConfigLoader.fromArgs(args);
        var registry = Metrics.registry("ingest-api");
        EventCodec codec = new EventCodec();

        DocumentStore store = DocumentStore.open(config.storage().postgres(), "ingest-api", registry);
        TenantDirectory tenants = store.jdbi().onDemand(TenantDirectory.class);
        TenantQuotas quotas = store.jdbi().onDemand(TenantQuotas.class);
        OpenSearch search = OpenSearch.connect(config.storage().vectorDb(), codec.mapper());
        Producer<String, byte[]> producer = new KafkaProducer<>(KafkaSettings.durableProducer(config, "ingest-api"));
        KafkaClientMetrics producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);

        var guards = new IngestGuards(
                store.jdbi().onDemand(IdempotencyKeys.class),
                quotas,
                config.tenant().maxMemoriesPerTenant());
        var ingest = new IngestService(
                producer,
                codec,
                new IngestRateLimiter(config.tenant()),
                guards,
                Clock.systemUTC(),
                Duration.ofMillis(config.server().requestTimeoutMs()),
                registry);
        var admin = new TenantAdminService(
                tenants,
                quotas,
                new TenantIndices(search, config),
                config.tenant().maxMemoriesPerTenant());
        var auth = Authenticator.backedBy(config.auth().adminKey(), tenants);
        var contradictions = new ContradictionAdminService(
                store.jdbi().onDemand(Contradictions.class),
                producer,
                codec,
                Clock.systemUTC(),
                Duration.ofMillis(config.server().requestTimeoutMs()));
        var rebuilds = new IndexRebuildService(new IndexRebuild(search, config, Clock.systemUTC()), Clock.systemUTC());
        Javalin http = IngestApi.create(config, codec, auth, ingest, admin, contradictions, rebuilds, registry);
        var housekeeping = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "idempotency-expiry"));
        housekeeping.scheduleWithFixedDelay(
                () -> {
                    // a throw would cancel every later run (PostgreSQL restarting, say)
                    try {
                        guards.expireKeys(config.ingest().idempotencyTtlHours());
                    } catch (RuntimeException e) {
                        log.warn("expiring idempotency keys failed, tried again in 10 minutes: {}", e.toString());
                    }
                },
                1,
                10,
                TimeUnit.MINUTES);

        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            http.stop();
                            rebuilds.close();
                            housekeeping.shutdownNow();
                            producerMetrics.close();
                            producer.close(Duration.ofSeconds(10));
                            search.close();
                            store.close();
                        },
                        "shutdown"));
        http.start();
    }
}
