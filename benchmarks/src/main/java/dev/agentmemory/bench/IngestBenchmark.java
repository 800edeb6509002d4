package dev.agentmemory.bench;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.MemoryIndex;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The ingest benchmark, a command that prints figures (it asserts nothing). Against the running
 * stack, in one run:
 *
 * <ol>
 *   <li>raw model throughput: the configured embedding model, in this JVM, on distinct texts in
 *       calls of {@code embedding.batch_size} ({@link RawModelBenchmark}) — measured first, while
 *       the pipeline is idle;
 *   <li>phase 1, full speed: {@code --memories} unique memories over HTTP through the gateway to
 *       {@code --tenants} fresh tenants ({@code bench-<run>-<i>}, {@code --users} users each), by
 *       {@code --concurrency} closed-loop clients; throughput accepted and end to end, and the lag
 *       from each 201 to the memory's first appearance in an OpenSearch poll ({@link SearchWatcher});
 *   <li>phase 2, half speed: {@code --half-count} more memories, paced open-loop at half the phase-1
 *       end-to-end throughput; the same lags.
 * </ol>
 *
 * Alongside, each phase reads the indexer's {@code memory_ingestion_lag_seconds} histogram, the
 * embedder's model-call metrics and the CPU time of every stack component. See benchmarks/README.md.
 */
public final class IngestBenchmark {

    private IngestBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(BenchOptions.usage());
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new IngestBenchmark().run(options);
    }

    private void run(BenchOptions o) throws Exception {
        String adminKey = GatewayClient.adminKey(o.stackDir());
        MemoryConfig config = ConfigLoader.load(o.config(), environment(adminKey));
        String run = Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36); // 5 base-36 digits
        long salt = System.nanoTime();
        printHeader(o, run);

        RawModelBenchmark.Result raw = rawModel(o, config, salt);

        GatewayClient client = new GatewayClient(o.gateway());
        List<GatewayClient.Tenant> tenants = createTenants(o, client, adminKey, run);
        List<String> aliases =
                tenants.stream().map(t -> MemoryIndex.alias(t.id())).toList();
        int unit = Math.max(1, o.batch());
        int secondFrom = (o.memories() + unit - 1) / unit * unit; // phase 2 starts on a batch boundary
        Ledger ledger = new Ledger(secondFrom + o.halfCount());
        Workload workload = new Workload(o.tenants(), o.users(), unit, new Sentences(salt));
        Report report = new Report();
        try (SearchWatcher watcher = new SearchWatcher(o.opensearch(), aliases, o.fullSpeedPollMs())) {
            IngestPhase phases = new IngestPhase(o, client, tenants, workload, ledger, watcher);
            IngestPhase.Result p1 = phases.run("phase 1: full speed", 0, o.memories(), 0, o.fullSpeedPollMs());
            report.phase(p1);
            watcher.pollEvery(o.pollMs());
            idleCost(o);
            IngestPhase.Result p2 = null;
            double half = Report.endToEnd(p1) / 2;
            if (p1.range().seen() > 0 && half > 0) {
                p2 = phases.run("phase 2: half speed", secondFrom, o.halfCount(), half, o.pollMs());
                report.phase(p2);
            } else {
                System.out.println("phase 2 skipped: phase 1 measured no end-to-end throughput");
            }
            System.out.println("search watcher: " + watcher.stats());
            report.summary(run, raw, p1, p2, String.join(" ", againCommand(o)));
        }
    }

    private static void printHeader(BenchOptions o, String run) {
        System.out.printf(
                "ingest benchmark, run %s: %d + %d memories, %d tenants x %d users, %d clients, %s;"
                        + " %d cores, Java %s, max heap %d MiB%n",
                run,
                o.memories(),
                o.halfCount(),
                o.tenants(),
                o.users(),
                o.concurrency(),
                o.batch() > 0 ? "batches of " + o.batch() : "single ingest",
                Runtime.getRuntime().availableProcessors(),
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);
    }

    private static List<GatewayClient.Tenant> createTenants(
            BenchOptions o, GatewayClient client, String adminKey, String run) throws Exception {
        List<GatewayClient.Tenant> tenants = new ArrayList<>();
        for (int i = 0; i < o.tenants(); i++) {
            tenants.add(client.createTenant(adminKey, "bench-" + run + "-" + i));
        }
        System.out.println("created tenants bench-" + run + "-0 .. bench-" + run + "-" + (o.tenants() - 1));
        return tenants;
    }

    /** Measures the raw model before the pipeline runs. */
    private static RawModelBenchmark.Result rawModel(BenchOptions o, MemoryConfig config, long salt) {
        System.out.printf(
                "raw model: %s, %d distinct texts in calls of %d (after a warm-up)...%n",
                config.embedding().model(), o.modelTexts(), config.embedding().batchSize());
        RawModelBenchmark.Result raw =
                RawModelBenchmark.run(config.embedding(), new Sentences(~salt), o.modelTexts(), o.stackDir());
        System.out.printf(
                "raw model: %.1f texts/s (%d texts in %.1f s); meanwhile other processes kept %.2f cores busy%n",
                raw.textsPerSecond(), raw.texts(), raw.seconds(), raw.elsewhereCores());
        return raw;
    }

    /**
     * What the measurement itself costs: CPU per component over five seconds with the pipeline idle
     * and the search watcher polling (the benchmark JVM and most of OpenSearch's share are the watcher).
     */
    private static void idleCost(BenchOptions o) throws InterruptedException {
        CpuSample before = CpuSample.take(o.stackDir());
        Thread.sleep(5000);
        CpuSample after = CpuSample.take(o.stackDir());
        double wall = (after.wallNanos() - before.wallNanos()) / 1e9;
        StringBuilder line = new StringBuilder("idle pipeline, watcher polling (cores busy):");
        after.since(before).forEach((component, seconds) -> {
            if (seconds / wall >= 0.005) {
                line.append(String.format(" %s %.2f,", component, seconds / wall));
            }
        });
        System.out.println(line.substring(0, line.length() - 1));
    }

    private static Map<String, String> environment(String adminKey) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("MEMORY_ADMIN_KEY", adminKey);
        return env;
    }

    private static List<String> againCommand(BenchOptions o) {
        List<String> command = new ArrayList<>(List.of("bin/memory-stack", "bench", "ingest"));
        command.addAll(o.changedArgs());
        return command;
    }
}
