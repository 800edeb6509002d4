package dev.agentmemory.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        List<Integer> concurrency,
        String reuse,
        boolean forceMerge,
        URI gateway,
        URI opensearch,
        Path config,
        Path stackDir,
        Map<String, String> given) {

    /** Every option: name, default, what it sets (in the order {@code --help} shows them). */
    private static final String[][] OPTIONS = {
        {"memories", "100000", "memories of the large tenant (seeded straight into its alias)"},
        {"small-memories", "10000", "memories of the small tenant"},
        {"users", "100", "users per tenant (1: every memory belongs to one user, the worst case for filtered kNN)"},
        {"queries", "200", "distinct natural-language questions, the same for every measurement"},
        {"top-k", "10", "top_k of each retrieval"},
        {"duration", "20", "seconds each concurrency level runs, for the API and for the raw engine"},
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
    };

    static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        for (String[] option : OPTIONS) {
            d.put(option[0], option[1]);
        }
        return d;
    }

    static RetrievalOptions parse(String[] args) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        for (int i = 0; i < args.length; i++) {
            String name = args[i].startsWith("--") ? args[i].substring(2) : null;
            if (name == null || !v.containsKey(name) || i + 1 >= args.length) {
                throw new IllegalArgumentException("unknown or incomplete option '" + args[i] + "'\n" + usage());
            }
            v.put(name, args[++i]);
        }
        List<Integer> levels;
        try {
            levels = Arrays.stream(v.get("concurrency").split(","))
                    .map(String::trim)
                    .map(Integer::parseInt)
                    .toList();
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--concurrency takes whole numbers separated by commas");
        }
        if (levels.isEmpty() || levels.stream().anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("--concurrency levels must be at least 1");
        }
        if (!v.get("force-merge").matches("true|false")) {
            throw new IllegalArgumentException("--force-merge is true or false");
        }
        return new RetrievalOptions(
                BenchOptions.positive(v, "memories"),
                BenchOptions.positive(v, "small-memories"),
                BenchOptions.positive(v, "users"),
                BenchOptions.positive(v, "queries"),
                BenchOptions.positive(v, "top-k"),
                BenchOptions.positive(v, "duration"),
                levels,
                v.get("reuse"),
                Boolean.parseBoolean(v.get("force-merge")),
                URI.create(v.get("gateway")),
                URI.create(v.get("opensearch")),
                Path.of(v.get("config")),
                Path.of(v.get("stack-dir")),
                Map.copyOf(v));
    }

    static String usage() {
        StringBuilder s = new StringBuilder("usage: bin/memory-stack bench retrieval [options]\n");
        for (String[] o : OPTIONS) {
            s.append(String.format("  --%-15s %-22s %s%n", o[0], o[1].isEmpty() ? "(none)" : o[1], o[2]));
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
}
