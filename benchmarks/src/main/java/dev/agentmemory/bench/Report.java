package dev.agentmemory.bench;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Prints the ingest benchmark's figures: each phase in detail as it ends, then one summary table
 * with the targets (the figures are printed, never asserted: a benchmark is not a test).
 */
final class Report {

    static final String LAG_HISTOGRAM = "memory_ingestion_lag_seconds";

    private final int cores = Runtime.getRuntime().availableProcessors();

    void phase(IngestPhase.Result r) {
        Ledger.Range g = r.range();
        System.out.printf("%n== %s ==%n", r.name());
        if (r.rate() > 0) {
            System.out.printf(
                    "pace              %.1f memories/s offered open-loop; %d starts delayed by the client limit%n",
                    r.rate(), r.offered().lateStarts());
        }
        System.out.printf(
                "memories          offered %d, accepted %d, refused %d%s, client retries %d, searchable %d, never searchable %d%n",
                g.offered(), g.accepted(), g.failed(), statuses(g), r.retries(), g.seen(), g.accepted() - g.seen());
        System.out.printf(
                "accepted          %.1f memories/s  (first request sent -> last 201: %.1f s)%n",
                accepted(r), (g.lastAccepted() - r.offered().startNanos()) / 1e9);
        System.out.printf(
                "end-to-end        %.1f memories/s  (first 201 -> last memory first seen in search: %.1f s)%n",
                endToEnd(r), (g.lastSeen() - g.firstAccepted()) / 1e9);
        Ledger.Lags l = g.lags();
        System.out.printf(
                "lag (benchmark)   p50 %s  p95 %s  p99 %s  max %s  mean %s   (201 received -> first seen by a search poll, polls every %d ms)%n",
                s(l.p50()), s(l.p95()), s(l.p99()), s(l.max()), s(l.mean()), r.pollMs());
        System.out.printf(
                "lag (indexer)     p50 %s  p95 %s  p99 %s  over %s memories   (%s: accepted_at -> written to both stores, before refresh)%n",
                indexer(r, .50), indexer(r, .95), indexer(r, .99), count(r), LAG_HISTOGRAM);
        Ledger.Lags q = g.requests();
        System.out.printf(
                "ingest requests   p50 %s  p95 %s  p99 %s  max %s   (request sent -> 201 received, retries included)%n",
                s(q.p50()), s(q.p95()), s(q.p99()), s(q.max()));
        System.out.println("embedder          " + embedder(r));
        System.out.println("CPU seconds       " + cpu(r));
    }

    void summary(String run, RawModelBenchmark.Result raw, IngestPhase.Result p1, IngestPhase.Result p2, String again) {
        double ratio = endToEnd(p1) / raw.textsPerSecond();
        System.out.printf("%n==================== summary: ingest benchmark, run %s ====================%n", run);
        row("figure", "measured", "target");
        row("raw model throughput", f("%.1f texts/s", raw.textsPerSecond()), "");
        row("phase 1 accepted throughput", f("%.1f memories/s", accepted(p1)), "");
        row("phase 1 end-to-end throughput", f("%.1f memories/s", endToEnd(p1)), "");
        row("pipeline / raw model", f("%.2f", ratio), target(ratio >= 0.8, ">= 0.80"));
        row("CPU per memory: raw model / pipeline (phase 1)", cpuPerMemory(raw, p1), "");
        row("phase 1 lag p50 / p95 / p99 / max", lags(p1.range().lags(), true), "");
        row("phase 1 lag p50 / p95 / p99 (indexer histogram)", indexerLags(p1), "");
        row("phase 1 ingest request p50 / p95 / p99", lags(p1.range().requests(), false), "");
        if (p2 != null) {
            double p95 = p2.range().lags().p95();
            row("phase 2 offered rate (0.5 x phase 1 end-to-end)", f("%.1f memories/s", p2.rate()), "");
            row("phase 2 lag p50 / p95 / p99", lags(p2.range().lags(), false), "");
            row("phase 2 lag p95", s(p95), target(p95 < 2, "< 2 s"));
            row("phase 2 lag p50 / p95 / p99 (indexer histogram)", indexerLags(p2), "");
        }
        row("cores busy outside the measured (raw / p1 / p2)", noise(raw, p1, p2), "");
        String unseen = p2 == null ? String.valueOf(unseen(p1)) : unseen(p1) + " / " + unseen(p2);
        row("never searchable (phase 1" + (p2 == null ? ")" : " / phase 2)"), unseen, "");
        System.out.printf("raw model: %s in calls of %d texts%n", raw.model(), raw.batchSize());
        System.out.println("reproduce: " + again);
    }

    static double accepted(IngestPhase.Result r) {
        return r.range().accepted() / ((r.range().lastAccepted() - r.offered().startNanos()) / 1e9);
    }

    static double endToEnd(IngestPhase.Result r) {
        Ledger.Range g = r.range();
        return g.seen() / ((g.lastSeen() - g.firstAccepted()) / 1e9);
    }

    /** Cores used by processes outside the stack and the benchmark: a build next to the run shows here. */
    private static String noise(RawModelBenchmark.Result raw, IngestPhase.Result p1, IngestPhase.Result p2) {
        String s = f("%.2f / %.2f", raw.elsewhereCores(), otherCores(p1));
        return p2 == null ? s : s + f(" / %.2f", otherCores(p2));
    }

    /**
     * Core-milliseconds the raw model spent per text against what the whole pipeline (every stack
     * process and the benchmark, outside processes excluded) spent per memory in phase 1, and their
     * quotient: on a machine the pipeline shares with its model, the pipeline / raw ratio cannot exceed it.
     */
    private static String cpuPerMemory(RawModelBenchmark.Result raw, IngestPhase.Result p1) {
        int cores = Runtime.getRuntime().availableProcessors();
        double modelMs = (cores - raw.elsewhereCores()) * 1000 / raw.textsPerSecond();
        double pipelineSeconds = p1.cpuSeconds().entrySet().stream()
                .filter(e -> !e.getKey().equals(CpuSample.OTHER))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        double pipelineMs = pipelineSeconds * 1000 / Math.max(1, p1.range().seen());
        return f("%.2f / %.2f core-ms = %.2f (the ratio's ceiling here)", modelMs, pipelineMs, modelMs / pipelineMs);
    }

    private static double otherCores(IngestPhase.Result r) {
        return r.cpuSeconds().getOrDefault(CpuSample.OTHER, Double.NaN) / r.wallSeconds();
    }

    private static int unseen(IngestPhase.Result r) {
        return r.range().accepted() - r.range().seen();
    }

    private static String lags(Ledger.Lags l, boolean withMax) {
        return s(l.p50()) + " / " + s(l.p95()) + " / " + s(l.p99()) + (withMax ? " / " + s(l.max()) : "");
    }

    private static String indexerLags(IngestPhase.Result r) {
        return indexer(r, .50) + " / " + indexer(r, .95) + " / " + indexer(r, .99);
    }

    private static String indexer(IngestPhase.Result r, double q) {
        return MetricsScrape.quantile(r.indexerBefore(), r.indexerAfter(), LAG_HISTOGRAM, q)
                .map(Report::s)
                .orElse("n/a");
    }

    private static String count(IngestPhase.Result r) {
        return MetricsScrape.delta(r.indexerBefore(), r.indexerAfter(), LAG_HISTOGRAM + "_count")
                .map(c -> String.valueOf(Math.round(c)))
                .orElse("n/a");
    }

    private static String embedder(IngestPhase.Result r) {
        Optional<Double> batches =
                MetricsScrape.delta(r.embedderBefore(), r.embedderAfter(), "memory_embedding_batch_size_count");
        Optional<Double> texts =
                MetricsScrape.delta(r.embedderBefore(), r.embedderAfter(), "memory_embedding_batch_size_sum");
        Optional<Double> busy =
                MetricsScrape.delta(r.embedderBefore(), r.embedderAfter(), "memory_embedding_latency_seconds_sum");
        if (batches.isEmpty() || texts.isEmpty() || busy.isEmpty() || batches.get() == 0) {
            return "n/a (embedder metrics unavailable or the worker restarted)";
        }
        return f(
                "%.0f model calls, mean %.1f texts per call, model busy %.1f s = %.0f%% of the phase, %.1f texts/s while busy",
                batches.get(),
                texts.get() / batches.get(),
                busy.get(),
                100 * busy.get() / r.wallSeconds(),
                texts.get() / busy.get());
    }

    private String cpu(IngestPhase.Result r) {
        double capacity = cores * r.wallSeconds();
        String parts = r.cpuSeconds().entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> f("%s %.1f (%.0f%%)", e.getKey(), e.getValue(), 100 * e.getValue() / capacity))
                .collect(Collectors.joining(", "));
        return f("over %.1f s wall x %d cores = %.0f core-s: %s", r.wallSeconds(), cores, capacity, parts);
    }

    private static String statuses(Ledger.Range g) {
        return g.failedByStatus().isEmpty()
                ? ""
                : g.failedByStatus().entrySet().stream()
                        .map(e -> "HTTP " + e.getKey() + " x" + e.getValue())
                        .collect(Collectors.joining(", ", " (", ")"));
    }

    static String target(boolean met, String target) {
        return target + (met ? "   met" : "   NOT met");
    }

    static void row(String figure, String value, String target) {
        System.out.printf("%-50s %-38s %s%n", figure, value, target);
    }

    private static String s(double seconds) {
        return Double.isNaN(seconds) ? "n/a" : f("%.3f s", seconds);
    }

    static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
