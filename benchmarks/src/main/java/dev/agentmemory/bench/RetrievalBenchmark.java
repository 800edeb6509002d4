package dev.agentmemory.bench;

import static dev.agentmemory.bench.Report.f;
import static dev.agentmemory.bench.Report.row;
import static dev.agentmemory.bench.Report.target;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentmemory.query.SearchRequests;
import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.schemas.MemoryIndex;
import dev.langchain4j.data.segment.TextSegment;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The retrieval latency benchmark, a command that prints figures (it asserts nothing). Two fresh
 * tenants, a large one ({@code --memories}, 100,000) and a small one ({@code --small-memories},
 * 10,000), seeded straight into their aliases ({@link RetrievalSeeder}); then, with the same fixed
 * questions ({@link Questions}) embedded once in this JVM:
 *
 * <ol>
 *   <li>single client: latency of {@code POST /api/memory/retrieve} through the gateway and of the
 *       raw {@code _msearch} query-api sends ({@link EngineClient#msearchBody}) sent straight to
 *       OpenSearch, per tenant, interleaved query by query;
 *   <li>each {@code --concurrency} level for {@code --duration} seconds of the API and as many of
 *       the raw engine, in {@code --rounds} alternating slices: throughput of successful requests,
 *       p95, and 429s counted apart.
 * </ol>
 *
 * The targets are printed with the figures, never enforced. See benchmarks/README.md.
 */
public final class RetrievalBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LATENCY = "memory_retrieval_latency_seconds";
    private static final int SINGLE_CLIENT_PASSES = 2;
    /** Clients of the concurrent warm-up: enough to keep both cores busy, under the per-tenant limit. */
    private static final int WARMUP_CLIENTS = 8;

    /** A seeded tenant, its key, and the prepared requests of every question (user, query, raw body). */
    private record Target(
            GatewayClient.Tenant tenant, int memories, int users, List<String> userIds, List<byte[]> raw) {}

    /** What one closed-loop run measured. */
    private record Load(Latencies ok, long rejected, long failed, double seconds, Map<String, Double> cpu) {
        double throughput() {
            return ok.count() / seconds;
        }

        /** Slices of one path's load taken as one: their requests, seconds and CPU added up. */
        static Load merge(List<Load> slices) {
            Map<String, Double> cpu = new HashMap<>();
            slices.forEach(l -> l.cpu().forEach((k, v) -> cpu.merge(k, v, Double::sum)));
            return new Load(
                    Latencies.merge(slices.stream().map(Load::ok).toList()),
                    slices.stream().mapToLong(Load::rejected).sum(),
                    slices.stream().mapToLong(Load::failed).sum(),
                    slices.stream().mapToDouble(Load::seconds).sum(),
                    cpu);
        }
    }

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(RetrievalOptions.usage());
            return;
        }
        RetrievalOptions options;
        try {
            options = RetrievalOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new RetrievalBenchmark(options).run();
        System.exit(0); // the ONNX runtime may leave non-daemon threads
    }

    private final RetrievalOptions o;
    private final GatewayClient gateway;
    private final EngineClient engine;
    private final int cores = Runtime.getRuntime().availableProcessors();

    private RetrievalBenchmark(RetrievalOptions o) {
        this.o = o;
        this.gateway = new GatewayClient(o.gateway());
        this.engine = new EngineClient(o.opensearch());
    }

    private void run() throws Exception {
        String adminKey = adminKey();
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("MEMORY_ADMIN_KEY", adminKey);
        MemoryConfig config = ConfigLoader.load(o.config(), env);
        EmbeddingModels.Named model = EmbeddingModels.create(config.embedding());
        String run =
                o.reuse().isEmpty() ? Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36) : o.reuse();
        System.out.printf(
                "retrieval benchmark, run %s: tenants of %d and %d memories, %d users each, %d questions, top_k %d,"
                        + " levels %s x %d s; %d cores, Java %s, max heap %d MiB; model %s%n",
                run,
                o.memories(),
                o.smallMemories(),
                o.users(),
                o.queries(),
                o.topK(),
                o.concurrency(),
                o.durationSeconds(),
                cores,
                Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20,
                model.id());

        List<GatewayClient.Tenant> tenants = o.reuse().isEmpty() ? seed(adminKey, run, model) : reuse(run);

        List<String> questions = Questions.generate(o.queries());
        List<float[]> vectors = embedQuestions(model, questions);
        SearchRequests requests = new SearchRequests(config.retrieval());
        List<Target> targets = new ArrayList<>();
        for (int t = 0; t < tenants.size(); t++) {
            GatewayClient.Tenant tenant = tenants.get(t);
            int users = savedUsers.getOrDefault(tenant.id(), o.users());
            List<String> userIds = new ArrayList<>();
            List<byte[]> raw = new ArrayList<>();
            for (int i = 0; i < questions.size(); i++) {
                String user = "user-" + (i * 37 % users);
                userIds.add(user);
                raw.add(EngineClient.msearchBody(requests, tenant.id(), user, questions.get(i), vectors.get(i)));
            }
            long count = engine.count(MemoryIndex.alias(tenant.id()));
            targets.add(new Target(tenant, (int) count, users, userIds, raw));
            System.out.printf(
                    "tenant %s: %d documents in %d segments, %d users%n",
                    tenant.id(), count, engine.segments(MemoryIndex.alias(tenant.id())), users);
        }

        System.out.printf(
                "warm-up: %d passes over the questions per tenant, then %d s of %d clients, API and raw engine (fills query-api's query-embedding cache and lets its JIT compile the hot path)%n",
                o.warmupPasses(), o.warmupSeconds(), WARMUP_CLIENTS);
        for (Target t : targets) {
            singleClient(t, o.warmupPasses());
        }
        load(targets, WARMUP_CLIENTS, true, o.warmupSeconds());
        load(targets, WARMUP_CLIENTS, false, o.warmupSeconds());

        System.out.printf(
                "%n== single client: %d passes over the %d questions, API and raw interleaved ==%n",
                SINGLE_CLIENT_PASSES, questions.size());
        URI queryMetrics = URI.create("http://127.0.0.1:8092/metrics");
        List<Latencies[]> single = new ArrayList<>();
        for (Target t : targets) {
            MetricsScrape before = MetricsScrape.of(queryMetrics);
            CpuSample cpuBefore = CpuSample.take(o.stackDir());
            Latencies[] l = singleClient(t, SINGLE_CLIENT_PASSES);
            Map<String, Double> cpu = CpuSample.take(o.stackDir()).since(cpuBefore);
            double wall = (System.nanoTime() - cpuBefore.wallNanos()) / 1e9;
            MetricsScrape after = MetricsScrape.of(queryMetrics);
            single.add(l);
            System.out.printf(
                    "%-22s API p50 %6.1f  p95 %6.1f  p99 %6.1f  mean %6.1f ms | raw _msearch p50 %6.1f  p95 %6.1f  p99 %6.1f  mean %6.1f ms%n",
                    t.tenant().id() + " (" + t.memories() + ")",
                    l[0].ms(.5),
                    l[0].ms(.95),
                    l[0].ms(.99),
                    l[0].meanMs(),
                    l[1].ms(.5),
                    l[1].ms(.95),
                    l[1].ms(.99),
                    l[1].meanMs());
            System.out.printf(
                    "%-22s inside query-api (%s): mean %s ms, p95 %s; query-embedding cache hits %s / misses %s; %s%n",
                    "",
                    LATENCY,
                    serviceMean(before, after),
                    serviceQuantile(before, after, .95),
                    cacheDelta(before, after, "hit"),
                    cacheDelta(before, after, "miss"),
                    CpuSample.coresBusy(cpu, wall));
        }

        System.out.printf(
                "%n== concurrency: clients spread evenly over both tenants, %d s each for the API and the raw engine, in %d alternating slices ==%n",
                o.durationSeconds(), o.rounds());
        System.out.printf(
                "(the API admits %d retrievals per tenant at once, so at most %d in all here; a 429 is counted and that client waits its Retry-After)%n",
                config.tenant().maxRetrievalConcurrent(), config.tenant().maxRetrievalConcurrent() * targets.size());
        Map<Integer, Load[]> levels = new LinkedHashMap<>();
        for (int clients : o.concurrency()) {
            Load[] both = interleaved(targets, clients);
            Load api = both[0];
            Load raw = both[1];
            levels.put(clients, new Load[] {api, raw});
            for (Load l : new Load[] {api, raw}) {
                System.out.printf(
                        "%4d clients %-4s %8.1f req/s ok  p50 %7.1f  p95 %7.1f  p99 %7.1f ms  429s %6d  errors %d  %s%n",
                        clients,
                        l == api ? "API" : "raw",
                        l.throughput(),
                        l.ok().ms(.5),
                        l.ok().ms(.95),
                        l.ok().ms(.99),
                        l.rejected(),
                        l.failed(),
                        CpuSample.coresBusy(l.cpu(), l.seconds()));
            }
        }

        summary(run, targets, single, levels);
    }

    // ---------------------------------------------------------------- data

    private final Map<String, Integer> savedUsers = new HashMap<>();

    private List<GatewayClient.Tenant> seed(String adminKey, String run, EmbeddingModels.Named model) throws Exception {
        List<GatewayClient.Tenant> tenants = List.of(
                gateway.createTenant(adminKey, "rbench-" + run + "-large"),
                gateway.createTenant(adminKey, "rbench-" + run + "-small"));
        int[] sizes = {o.memories(), o.smallMemories()};
        RetrievalSeeder seeder = new RetrievalSeeder(engine, model, new Sentences(System.nanoTime()));
        CpuSample before = CpuSample.take(o.stackDir());
        int from = 0;
        for (int t = 0; t < tenants.size(); t++) {
            System.out.printf(
                    "seeding %s: %d memories straight into %s (_bulk, bypassing the pipeline)...%n",
                    tenants.get(t).id(),
                    sizes[t],
                    MemoryIndex.alias(tenants.get(t).id()));
            double s = seeder.seed(tenants.get(t).id(), from, sizes[t], o.users());
            from += sizes[t];
            System.out.printf(
                    "seeded %s in %.1f s (%.0f memories/s, embedding and indexing overlapped)%n",
                    tenants.get(t).id(), s, sizes[t] / s);
        }
        if (o.forceMerge()) {
            for (GatewayClient.Tenant t : tenants) {
                long start = System.nanoTime();
                engine.forceMerge(MemoryIndex.alias(t.id()));
                System.out.printf(
                        "force-merged %s to one segment in %.1f s%n", t.id(), (System.nanoTime() - start) / 1e9);
            }
        }
        double wall = (System.nanoTime() - before.wallNanos()) / 1e9;
        System.out.println(
                "seeding: " + CpuSample.coresBusy(CpuSample.take(o.stackDir()).since(before), wall));
        save(run, tenants, sizes);
        tenants.forEach(t -> savedUsers.put(t.id(), o.users()));
        return tenants;
    }

    private Path runFile(String run) {
        return o.stackDir().resolve("bench").resolve("retrieval-" + run + ".json");
    }

    private void save(String run, List<GatewayClient.Tenant> tenants, int[] sizes) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("run", run).put("force_merged", o.forceMerge());
        ArrayNode list = root.putArray("tenants");
        for (int t = 0; t < tenants.size(); t++) {
            list.addObject()
                    .put("tenant_id", tenants.get(t).id())
                    .put("api_key", tenants.get(t).key())
                    .put("memories", sizes[t])
                    .put("users", o.users());
        }
        Files.createDirectories(runFile(run).getParent());
        Files.writeString(runFile(run), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        System.out.println(
                "tenants and keys saved in " + runFile(run) + " (measure again without seeding: --reuse " + run + ")");
    }

    private List<GatewayClient.Tenant> reuse(String run) throws IOException {
        if (!Files.exists(runFile(run))) {
            throw new IOException("no " + runFile(run) + ": nothing to reuse for run " + run);
        }
        List<GatewayClient.Tenant> tenants = new ArrayList<>();
        for (var t : JSON.readTree(runFile(run).toFile()).path("tenants")) {
            tenants.add(new GatewayClient.Tenant(
                    t.path("tenant_id").asText(), t.path("api_key").asText()));
            savedUsers.put(t.path("tenant_id").asText(), t.path("users").asInt());
        }
        System.out.println("reusing the tenants of run " + run + " (" + runFile(run)
                + "), not seeding; --memories/--users are theirs");
        return tenants;
    }

    /** Embeds the questions once, in one call; and times single-text embedding, what query-api does on a cache miss. */
    private static List<float[]> embedQuestions(EmbeddingModels.Named model, List<String> questions) {
        List<float[]> vectors =
                model
                        .queries()
                        .embedAll(questions.stream().map(TextSegment::from).toList())
                        .content()
                        .stream()
                        .map(e -> e.vector())
                        .toList();
        Latencies one = new Latencies();
        for (int i = 0; i < Math.min(100, questions.size()); i++) {
            long start = System.nanoTime();
            model.queries().embed(questions.get(i));
            if (i >= 20) { // the first ones warm the JIT
                one.add(System.nanoTime() - start);
            }
        }
        System.out.printf(
                "query embedding, one text a call in this JVM (query-api's cost on a cache miss): p50 %.1f ms, p95 %.1f ms%n",
                one.ms(.5), one.ms(.95));
        return vectors;
    }

    // ---------------------------------------------------------------- measurement

    /** {@code passes} over the questions, one client: API then raw for each question. Answers {api, raw}. */
    private Latencies[] singleClient(Target t, int passes) throws Exception {
        Latencies api = new Latencies();
        Latencies raw = new Latencies();
        List<String> questions = Questions.generate(o.queries());
        int failures = 0;
        for (int p = 0; p < passes; p++) {
            for (int i = 0; i < questions.size(); i++) {
                long start = System.nanoTime();
                int status = gateway.retrieve(t.tenant(), t.userIds().get(i), questions.get(i), o.topK())
                        .status();
                long mid = System.nanoTime();
                int rawStatus = engine.msearch(t.raw().get(i));
                long end = System.nanoTime();
                if (status == 200) {
                    api.add(mid - start);
                } else {
                    failures++;
                }
                if (rawStatus == 200) {
                    raw.add(end - mid);
                } else {
                    failures++;
                }
            }
        }
        if (failures > 0) {
            System.out.printf(
                    "  %s: %d requests failed (not counted in the latencies)%n",
                    t.tenant().id(), failures);
        }
        return new Latencies[] {api, raw};
    }

    /**
     * One level: {@code --duration} seconds of each path cut into {@code --rounds} slices, in the
     * order API, raw, raw, API, API, raw, … — the machine's drift within the level (OpenSearch's CPU
     * per search moves by a third between runs on the same index) then weighs on both paths alike
     * instead of on whichever ran second. Answers {API, raw}.
     */
    private Load[] interleaved(List<Target> targets, int clients) throws Exception {
        List<Load> api = new ArrayList<>();
        List<Load> raw = new ArrayList<>();
        double slice = (double) o.durationSeconds() / o.rounds();
        for (int r = 0; r < o.rounds(); r++) {
            boolean apiFirst = r % 2 == 0;
            (apiFirst ? api : raw).add(load(targets, clients, apiFirst, slice));
            (apiFirst ? raw : api).add(load(targets, clients, !apiFirst, slice));
        }
        return new Load[] {Load.merge(api), Load.merge(raw)};
    }

    /** {@code clients} closed-loop clients for {@code durationSeconds}, client j on tenant j mod 2. */
    private Load load(List<Target> targets, int clients, boolean api, double durationSeconds) throws Exception {
        List<String> questions = Questions.generate(o.queries());
        AtomicLong rejected = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        CpuSample before = CpuSample.take(o.stackDir());
        long start = System.nanoTime();
        long end = start + (long) (durationSeconds * 1e9);
        List<Future<Latencies>> futures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < clients; c++) {
                Target t = targets.get(c % targets.size());
                int first = c * 7;
                futures.add(pool.submit(() -> {
                    Latencies mine = new Latencies();
                    for (int i = first; System.nanoTime() < end; i++) {
                        int q = i % questions.size();
                        long s = System.nanoTime();
                        GatewayClient.Answer answer = api
                                ? gateway.retrieve(t.tenant(), t.userIds().get(q), questions.get(q), o.topK())
                                : new GatewayClient.Answer(
                                        engine.msearch(t.raw().get(q)), Duration.ZERO);
                        if (answer.status() == 200) {
                            mine.add(System.nanoTime() - s);
                        } else if (answer.status() == 429) {
                            // as a well-behaved client does: back off for as long as the API asks, but
                            // not past the slice's end (that wait would be counted as time the API had)
                            rejected.incrementAndGet();
                            Thread.sleep(Duration.ofNanos(
                                    Math.max(0, Math.min(answer.retryAfter().toNanos(), end - System.nanoTime()))));
                        } else {
                            failed.incrementAndGet();
                        }
                    }
                    return mine;
                }));
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Latencies> parts = new ArrayList<>();
        for (var f : futures) {
            parts.add(f.get());
        }
        Map<String, Double> cpu = CpuSample.take(o.stackDir()).since(before);
        return new Load(Latencies.merge(parts), rejected.get(), failed.get(), seconds, cpu);
    }

    // ---------------------------------------------------------------- report

    private void summary(String run, List<Target> targets, List<Latencies[]> single, Map<Integer, Load[]> levels) {
        System.out.printf("%n==================== summary: retrieval benchmark, run %s ====================%n", run);
        row("figure", "measured", "target");
        for (int t = 0; t < targets.size(); t++) {
            Latencies[] l = single.get(t);
            String name = f("%,d memories", targets.get(t).memories());
            row("API p50/p95/p99, 1 client, " + name, ms3(l[0]), "");
            row("raw _msearch p50/p95/p99, 1 client, " + name, ms3(l[1]), "");
            double ratio = l[0].ms(.95) / l[1].ms(.95);
            row("API p95 / raw p95, " + name, f("%.2f", ratio), target(ratio <= 1.5, "<= 1.5"));
        }
        if (single.size() == 2) {
            double scale = single.get(0)[0].ms(.95) / single.get(1)[0].ms(.95);
            row("API p95 large / API p95 small (1 client)", f("%.2f", scale), target(scale <= 1.3, "<= 1.3"));
        }
        levels.forEach((clients, l) -> {
            double ratio = l[0].throughput() / l[1].throughput();
            row(
                    f("%d clients: API / raw req/s", clients),
                    f("%.1f / %.1f = %.2f", l[0].throughput(), l[1].throughput(), ratio),
                    target(ratio >= 0.8, ">= 0.80"));
            row(
                    f("%d clients: API / raw p95; API 429s", clients),
                    f("%.1f / %.1f ms; %d", l[0].ok().ms(.95), l[1].ok().ms(.95), l[0].rejected()),
                    "");
        });
        String noise = levels.values().stream()
                .map(l -> f("%.2f/%.2f", other(l[0]), other(l[1])))
                .reduce((a, b) -> a + " " + b)
                .orElse("");
        row("cores busy outside stack+benchmark (API/raw per level)", noise, "");
        List<String> again = new ArrayList<>(List.of("bin/memory-stack", "bench", "retrieval"));
        again.addAll(o.changedArgs());
        System.out.println("reproduce: " + String.join(" ", again)
                + (o.reuse().isEmpty()
                        ? "   (measure these tenants again without seeding: add --reuse " + run + ")"
                        : ""));
    }

    private static double other(Load l) {
        return l.cpu().getOrDefault(CpuSample.OTHER, Double.NaN) / l.seconds();
    }

    private static String ms3(Latencies l) {
        return f("%.1f / %.1f / %.1f ms", l.ms(.5), l.ms(.95), l.ms(.99));
    }

    private static String serviceMean(MetricsScrape before, MetricsScrape after) {
        var sum = MetricsScrape.delta(before, after, LATENCY + "_sum");
        var count = MetricsScrape.delta(before, after, LATENCY + "_count");
        return sum.isPresent() && count.isPresent() && count.get() > 0
                ? f("%.1f", 1000 * sum.get() / count.get())
                : "n/a";
    }

    private static String serviceQuantile(MetricsScrape before, MetricsScrape after, double q) {
        return MetricsScrape.quantile(before, after, LATENCY, q)
                .map(s -> f("%.1f ms", s * 1000))
                .orElse("n/a");
    }

    private static String cacheDelta(MetricsScrape before, MetricsScrape after, String result) {
        String series = "cache_gets_total{cache=\"memory_query_embedding_cache\",result=\"" + result
                + "\",service=\"query-api\"}";
        Double b = before.samples().get(series);
        Double a = after.samples().get(series);
        return a == null || b == null ? "n/a" : String.valueOf(Math.round(a - b));
    }

    private String adminKey() throws IOException {
        String key = System.getenv("MEMORY_ADMIN_KEY");
        return key != null && !key.isBlank()
                ? key
                : Files.readString(o.stackDir().resolve("admin-key")).trim();
    }
}
