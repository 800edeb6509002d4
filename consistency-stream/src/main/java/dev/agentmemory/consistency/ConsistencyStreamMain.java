package dev.agentmemory.consistency;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.runtime.http.HttpBasics;
import dev.agentmemory.runtime.metrics.Metrics;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.Topics;
import io.javalin.Javalin;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Starts the consistency stream: config, metrics, the topology, Kafka Streams, health and metrics HTTP, one shutdown hook closing them in reverse order.
 */
public final class ConsistencyStreamMain {

    private static final String NAME = "consistency-stream";

    private ConsistencyStreamMain() {}

    public static void main(String[] args) {
        MemoryConfig config = ConfigLoader.fromArgs(args);
        var registry = Metrics.registry(NAME);
        var topology = ConsistencyTopology.build(
                new ConsistencyTopology.TopicNames(
                        Topics.EMBEDDED.name(), Topics.CONSISTENCY.name(), Topics.DEAD_LETTER.name()),
                Calibration.engine(config, registry),
                config.consistency().decay(),
                EmbeddingModels.id(config.embedding()),
                config.embedding().dimensions(),
                registry);
        var streams = new KafkaStreams(topology, settings(config));
        var streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        Javalin http = Javalin.create(app -> HttpBasics.install(
                app,
                NAME,
                config.server(),
                EventCodec.newMapper(),
                registry,
                1024,
                () -> streams.state().isRunningOrRebalancing()));

        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            http.stop();
                            streams.close(Duration.ofSeconds(30));
                            streamsMetrics.close();
                        },
                        "shutdown"));
        streams.start();
        http.start();
    }

    static Properties settings(MemoryConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "memory-consistency");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.kafka().bootstrapServers());
        // a decision and the state change behind it commit together: a restart neither loses nor repeats one
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.consistency().stateDir());
        // the same replication as the catalogue's topics (a single broker locally)
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, -1);
        // decisions become visible after each commit: keep it short (exactly-once defaults to 100 ms)
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        // an instance that crashed is noticed after 10 s (the client default, 45 s, held its partitions
        // that long before a restarted instance could take them over and decide again)
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
        MemoryConfig.Judge judge = config.consistency().supersession().judge();
        if (judge.provider().equals("openai")) {
            // the LLM judge is asked while the record's transaction is open (exactly-once gives it
            // 10 s): let it outlast a judgement spending its whole retry budget, and a few slow
            // answers, without the broker aborting it; never more than the broker allows by default
            long transactionMs = Math.clamp(2 * judgeBudgetMs(judge.openai()) + 30_000, 60_000, 900_000);
            p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), (int) transactionMs);
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), (int)
                    Math.max(300_000, transactionMs + 60_000));
        }
        return p;
    }

    /** The longest one LLM judgement may take: every attempt timing out, every backoff at its ceiling. */
    static long judgeBudgetMs(MemoryConfig.OpenAi api) {
        return (api.maxRetries() + 1L) * api.timeoutMs() + (long) api.maxRetries() * api.backoffMaxMs();
    }
}
