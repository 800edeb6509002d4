package dev.agentmemory.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        int modelTexts,
        int waitTimeoutSeconds,
        int stallTimeoutSeconds,
        Path config,
        Path stackDir,
        URI indexerMetrics,
        URI embedderMetrics,
        Map<String, String> given) {

    /** Every option: name, default, what it sets (in the order {@code --help} shows them). */
    private static final String[][] OPTIONS = {
        {"memories", "20000", "memories ingested at full speed (phase 1)"},
        {"tenants", "10", "fresh tenants bench-<run>-<i> the memories are spread over"},
        {"users", "20", "users per tenant"},
        {"concurrency", "32", "most requests in flight (phase 1: closed-loop clients)"},
        {"gateway", "http://127.0.0.1:8080", "the gateway the memories go through"},
        {"opensearch", "http://127.0.0.1:9200", "OpenSearch, polled to see when memories are searchable"},
        {"half-count", "0", "memories ingested at half speed (phase 2); 0: as many as --memories"},
        {"batch", "0", "0: POST /api/memory/ingest; N: POST /api/memory/ingest/batch with N items"},
        {"model-texts", "5000", "texts embedded to measure the raw model throughput"},
        {"wait-timeout", "900", "seconds a phase waits for its memories to become searchable"},
        {"stall-timeout", "180", "seconds without a new searchable memory after which a phase stops waiting"},
        {"config", "config/memory.yaml", "the config naming the embedding model"},
        {"stack-dir", ".stack", "the local stack's state: admin-key, pids/ (for CPU figures)"},
        {"indexer-metrics", "http://127.0.0.1:8094/metrics", "indexer-worker metrics (lag histogram)"},
        {"embedder-metrics", "http://127.0.0.1:8093/metrics", "embedder-worker metrics (model calls)"},
    };

    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        for (String[] option : OPTIONS) {
            d.put(option[0], option[1]);
        }
        return d;
    }

    static BenchOptions parse(String[] args) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !v.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option '" + args[i] + "'\n" + usage());
            }
            v.put(name, args[++i]);
        }
        int memories = positive(v, "memories");
        int half = integer(v, "half-count");
        return new BenchOptions(
                memories,
                positive(v, "tenants"),
                positive(v, "users"),
                positive(v, "concurrency"),
                URI.create(v.get("gateway")),
                URI.create(v.get("opensearch")),
                half > 0 ? half : memories,
                integer(v, "batch"),
                positive(v, "model-texts"),
                positive(v, "wait-timeout"),
                positive(v, "stall-timeout"),
                Path.of(v.get("config")),
                Path.of(v.get("stack-dir")),
                URI.create(v.get("indexer-metrics")),
                URI.create(v.get("embedder-metrics")),
                Map.copyOf(v));
    }

    static String usage() {
        StringBuilder s = new StringBuilder("usage: bin/memory-stack bench ingest [options]\n");
        for (String[] o : OPTIONS) {
            s.append(String.format("  --%-17s %-31s %s%n", o[0], o[1], o[2]));
        }
        return s.toString();
    }

    /** The options given that differ from the defaults, as command-line arguments (for the reproduce line). */
    List<String> changedArgs() {
        List<String> out = new ArrayList<>();
        DEFAULTS.forEach((k, d) -> {
            if (!given.get(k).equals(d) && !k.equals("stack-dir")) { // bin/memory-stack bench sets it
                out.add("--" + k);
                out.add(given.get(k));
            }
        });
        return out;
    }

    static int positive(Map<String, String> v, String name) {
        int n = integer(v, name);
        if (n < 1) {
            throw new IllegalArgumentException("--" + name + " must be at least 1");
        }
        return n;
    }

    static int integer(Map<String, String> v, String name) {
        try {
            return Integer.parseInt(v.get(name));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, not '" + v.get(name) + "'");
        }
    }
}
