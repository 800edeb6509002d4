package dev.agentmemory.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The retrieval benchmark's command line: {@code --name value} pairs, each with a default, parsed
 * like {@link BenchOptions} (unknown names and malformed numbers stop the benchmark).
 */
record RetrievalOptions(
        int memories,
        int smallMemories,
        int users,
        int queries,
        int topK,
        int durationSeconds,
        int rounds,
        int warmupPasses,
        int warmupSeconds,
        List<Integer> concurrency,
        String reuse,
        boolean forceMerge,
        URI gateway,
        URI opensearch,
        Path config,
        Path stackDir,
        CommandLine.Values given) {

    /** Every option: name, default, what it sets (in the order {@code --help} shows them). */
    private static final CommandLine LINE = new CommandLine("retrieval", new String[][] {
        {"memories", "100000", "memories of the large tenant (seeded straight into its alias)"},
        {"small-memories", "10000", "memories of the small tenant"},
        {"users", "100", "users per tenant (1: every memory belongs to one user, the worst case for filtered kNN)"},
        {"queries", "200", "distinct natural-language questions, the same for every measurement"},
        {"top-k", "10", "top_k of each retrieval"},
        {"duration", "20", "seconds each concurrency level runs, for the API and for the raw engine"},
        {
            "rounds",
            "4",
            "slices each level's seconds are cut into, API and raw engine alternating (API, raw, raw, API, ...) so a drift of the machine weighs on both alike"
        },
        {
            "warmup-passes",
            "10",
            "passes over the questions per tenant, API and raw, before measuring (a just-started JVM runs slower until its JIT has compiled the hot path)"
        },
        {
            "warmup-seconds",
            "30",
            "then seconds of 8 concurrent clients, API and raw, before measuring (a service in production has served far more than the passes)"
        },
        {"concurrency", "1,8,32,128", "closed-loop clients per level, spread evenly over both tenants"},
        {
            "reuse",
            "",
            "run id of an earlier run whose tenants (.stack/bench/retrieval-<run>.json) are measured again, unseeded"
        },
        {"force-merge", "false", "true: force-merge each tenant index to one segment after seeding"},
        {"gateway", "http://127.0.0.1:8080", "the gateway retrievals go through"},
        {"opensearch", "http://127.0.0.1:9200", "OpenSearch: seeding and the raw _msearch"},
        {"config", "config/memory.yaml", "the config naming the embedding model and retrieval parameters"},
        {"stack-dir", ".stack", "the local stack's state: admin-key, pids/ (for CPU figures), bench/ (tenant keys)"},
    });

    static RetrievalOptions parse(String[] args) {
        CommandLine.Values v = LINE.parse(args);
        List<Integer> levels;
        try {
            levels = Arrays.stream(v.text("concurrency").split(","))
                    .map(String::trim)
                    .map(Integer::parseInt)
                    .toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--concurrency takes whole numbers separated by commas");
        }
        if (levels.isEmpty() || levels.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--concurrency levels must be at least 1");
        }
        return new RetrievalOptions(
                v.positive("memories"),
                v.positive("small-memories"),
                v.positive("users"),
                v.positive("queries"),
                v.positive("top-k"),
                v.positive("duration"),
                v.positive("rounds"),
                v.positive("warmup-passes"),
                v.positive("warmup-seconds"),
                levels,
                v.text("reuse"),
                v.flag("force-merge"),
                v.uri("gateway"),
                v.uri("opensearch"),
                v.path("config"),
                v.path("stack-dir"),
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
