package dev.agentmemory.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The LoCoMo retrieval-quality benchmark's command line: {@code --name value} pairs, each with a
 * default, parsed like {@link BenchOptions} (unknown names and malformed values stop the benchmark).
 */
record LocomoOptions(
        Path data,
        String split,
        String content,
        String reuse,
        int topK,
        int concurrency,
        int waitTimeoutSeconds,
        boolean exactLegs,
        URI gateway,
        URI opensearch,
        Path config,
        Path stackDir,
        CommandLine.Values given) {

    static final List<String> SPLITS = List.of("dev", "test", "all");

    /** Every option: name, default, what it sets (in the order {@code --help} shows them). */
    private static final CommandLine LINE = new CommandLine("locomo", new String[][] {
        {
            "data",
            "/work/shared/data/locomo",
            "folder with locomo10_turn_corpus.jsonl and locomo10_qrels.jsonl (read, never copied)"
        },
        {
            "split",
            "all",
            "conversations ingested and queried: dev (conv-26, conv-30, conv-41), test (the other seven), all"
        },
        {
            "content",
            "date-speaker",
            "text indexed per turn: date-speaker \"[8 May 2023] Caroline: <text>\", rag, speaker, text"
        },
        {
            "reuse",
            "",
            "run id of an earlier run whose tenant (.stack/bench/locomo-<run>.json) is queried again, not ingested"
        },
        {"top-k", "50", "top_k of each retrieval (the API's maximum; = retrieval.candidate_pool)"},
        {"concurrency", "4", "retrievals in flight (below tenant.max_retrieval_concurrent, 20)"},
        {"wait-timeout", "600", "seconds to wait for every ingested turn to become searchable"},
        {
            "exact-legs",
            "true",
            "also send query-api's own _msearch straight to OpenSearch: each leg's complete top 50, to check the legs read from explain"
        },
        {"gateway", "http://127.0.0.1:8080", "the gateway memories and retrievals go through"},
        {"opensearch", "http://127.0.0.1:9200", "OpenSearch, counted to see when every turn is searchable"},
        {
            "config",
            "config/memory.yaml",
            "the config naming the embedding model and retrieval parameters (for --exact-legs)"
        },
        {"stack-dir", ".stack", "the local stack's state: admin-key, bench/ (tenant key of each run)"},
    });

    static LocomoOptions parse(String[] args) {
        CommandLine.Values v = LINE.parse(args);
        if (!SPLITS.contains(v.text("split"))) {
            throw new IllegalArgumentException("--split is dev, test or all");
        }
        if (!LocomoData.FORMATS.contains(v.text("content"))) {
            throw new IllegalArgumentException("--content is one of " + LocomoData.FORMATS);
        }
        int topK = v.positive("top-k");
        if (topK > 50) {
            throw new IllegalArgumentException("--top-k is at most 50 (retrieval.max_top_k)");
        }
        return new LocomoOptions(
                v.path("data"),
                v.text("split"),
                v.text("content"),
                v.text("reuse"),
                topK,
                v.positive("concurrency"),
                v.positive("wait-timeout"),
                v.flag("exact-legs"),
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
