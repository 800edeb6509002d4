package dev.agentmemory.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The ingest benchmark's command line: {@code --name value} pairs, each with a default. Unknown
 * names and malformed numbers stop the benchmark with a message naming them.
 */
record BenchOptions(
        int memories,
        int tenants,
        int users,
        int concurrency,
        URI gateway,
        URI opensearch,
        int halfCount,
        int batch,
        int fullSpeedPollMs,
        int pollMs,
        int modelTexts,
        int waitTimeoutSeconds,
        int stallTimeoutSeconds,
        Path config,
        Path stackDir,
        URI indexerMetrics,
        URI embedderMetrics,
        CommandLine.Values given) {

    /** Every option: name, default, what it sets (in the order {@code --help} shows them). */
    private static final CommandLine LINE = new CommandLine("ingest", new String[][] {
        {"memories", "20000", "memories ingested at full speed (phase 1)"},
        {"tenants", "10", "fresh tenants bench-<run>-<i> the memories are spread over"},
        {"users", "20", "users per tenant"},
        {"concurrency", "8", "most requests in flight (phase 1: closed-loop clients)"},
        {"gateway", "http://127.0.0.1:8080", "the gateway the memories go through"},
        {"opensearch", "http://127.0.0.1:9200", "OpenSearch, polled to see when memories are searchable"},
        {"half-count", "0", "memories ingested at half speed (phase 2); 0: as many as --memories"},
        {"batch", "100", "0: POST /api/memory/ingest; N: POST /api/memory/ingest/batch with N items"},
        {
            "full-speed-poll-ms",
            "500",
            "phase 1: ms between search polls (throughput: a coarse poll costs OpenSearch less)"
        },
        {"poll-ms", "50", "phase 2 and the idle cost: ms between search polls (the lag's resolution)"},
        {"model-texts", "5000", "texts embedded to measure the raw model throughput"},
        {"wait-timeout", "900", "seconds a phase waits for its memories to become searchable"},
        {"stall-timeout", "180", "seconds without a new searchable memory after which a phase stops waiting"},
        {"config", "config/memory.yaml", "the config naming the embedding model"},
        {"stack-dir", ".stack", "the local stack's state: admin-key, pids/ (for CPU figures)"},
        {"indexer-metrics", "http://127.0.0.1:8094/metrics", "indexer-worker metrics (lag histogram)"},
        {"embedder-metrics", "http://127.0.0.1:8093/metrics", "embedder-worker metrics (model calls)"},
    });

    static BenchOptions parse(String[] args) {
        CommandLine.Values v = LINE.parse(args);
        int memories = v.positive("memories");
        int half = v.integer("half-count");
        return new BenchOptions(
                memories,
                v.positive("tenants"),
                v.positive("users"),
                v.positive("concurrency"),
                v.uri("gateway"),
                v.uri("opensearch"),
                half > 0 ? half : memories,
                v.integer("batch"),
                v.positive("full-speed-poll-ms"),
                v.positive("poll-ms"),
                v.positive("model-texts"),
                v.positive("wait-timeout"),
                v.positive("stall-timeout"),
                v.path("config"),
                v.path("stack-dir"),
                v.uri("indexer-metrics"),
                v.uri("embedder-metrics"),
                v);
    }

    static String usage() {
        return LINE.usage();
    }

    /** The options given that differ from the defaults, as command-line arguments (for the reproduce line). */
    List<String> changedArgs() {
        return given.changedArgs();
    }
}
