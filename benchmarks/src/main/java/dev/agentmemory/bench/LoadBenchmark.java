package dev.agentmemory.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentmemory.bench.GatewayClient.Exchange;
import dev.agentmemory.bench.GatewayClient.Tenant;
import dev.agentmemory.schemas.MemoryIndex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The reference's load test, through the gateway: virtual users ramp through stages (by default
 * its shape — up to 200, hold, spike to 500, hold, down — with shorter holds); each iteration
 * picks a random tenant and user, ingests an observation one time in ten, retrieves with one of
 * five questions, checks the answer (200, results, every result of that tenant and user: no
 * cross-tenant leak) and thinks for 100 ms. Before the load every user of every tenant gets the
 * reference's five seed statements, so a retrieval has something to find. Prints, overall and per
 * stage: requests per second, p50/p95/p99 of every request and of retrievals, failures by kind,
 * empty answers and leaks, beside the reference's thresholds (p95 < 200 ms, retrieval p95 < 150
 * ms, failures < 1 %), which are printed, never enforced.
 */
public final class LoadBenchmark {

    private static final CommandLine LINE = new CommandLine("load", new String[][] {
        {"gateway", "http://127.0.0.1:8080", "the gateway every request goes through"},
        {"opensearch", "http://127.0.0.1:9200", "OpenSearch, counted to see when the seed is searchable"},
        {"stack-dir", ".stack", "the local stack's state: admin-key"},
        {"tenants", "20", "tenants (the reference: 100)"},
        {"users", "50", "users per tenant (the reference: 100)"},
        {
            "stages",
            "30s:200,60s:200,30s:500,60s:500,30s:0",
            "duration:target VUs, ramped linearly (the reference: 2m:200,5m:200,2m:500,5m:500,2m:0)"
        },
        {"think-ms", "100", "pause after each iteration"},
        {"ingest-percent", "10", "iterations that also ingest a memory"},
        {"top-k", "10", "top_k of each retrieval"},
    });

    private static final List<String> SEED = List.of(
            "I prefer dark mode in all applications",
            "My timezone is UTC-5 (EST)",
            "I work on backend infrastructure",
            "I use TypeScript and Rust primarily",
            "I prefer concise responses, no filler");

    private static final List<String> QUESTIONS = List.of(
            "What are the user's display preferences?",
            "What timezone does the user work in?",
            "What programming languages does the user prefer?",
            "What is the user's communication style preference?",
            "What does the user work on?");

    /** One stage: reach {@code target} VUs, linearly, over {@code seconds}. */
    record Stage(int seconds, int target) {}

    /** What one VU saw in one stage. Written by that VU only; read after the run. */
    static final class Tally {
        final Latencies all = new Latencies();
        final Latencies retrievals = new Latencies();
        long ingests;
        long failed;
        long rejected;
        long serverErrors;
        long ioErrors;
        long empty;
        long leaks;

        void request(long nanos, int status, int expected) {
            all.add(nanos);
            if (status != expected) {
                failed++;
                if (status == 429) {
                    rejected++;
                } else if (status >= 500) {
                    serverErrors++;
                } else if (status < 0) {
                    ioErrors++;
                }
            }
        }
    }

    private LoadBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(LINE.usage());
            return;
        }
        CommandLine.Values o = LINE.parse(args);
        List<Stage> stages = stages(o.text("stages"));
        int tenantCount = o.positive("tenants");
        int users = o.positive("users");
        int think = o.integer("think-ms");
        int ingestPercent = o.integer("ingest-percent");
        GatewayClient gateway = new GatewayClient(o.uri("gateway"));
        String run = Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36);
        System.out.printf(
                Locale.ROOT,
                "load benchmark, run %s: %d tenants x %d users, stages %s, think %d ms, %d %% of iterations ingest%n",
                run,
                tenantCount,
                users,
                o.text("stages"),
                think,
                ingestPercent);

        String adminKey = GatewayClient.adminKey(o.path("stack-dir"));
        List<Tenant> tenants = new ArrayList<>();
        for (int t = 0; t < tenantCount; t++) {
            tenants.add(gateway.createTenant(adminKey, "load-" + run + "-" + t));
        }
        seed(gateway, new EngineClient(o.uri("opensearch")), tenants, users);

        List<Tally[]> tallies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger stage = new AtomicInteger();
        AtomicInteger target = new AtomicInteger();
        int maxVus = stages.stream().mapToInt(Stage::target).max().orElse(0);
        AtomicBoolean[] alive = new AtomicBoolean[maxVus];
        for (int i = 0; i < maxVus; i++) {
            alive[i] = new AtomicBoolean();
        }
        AtomicReference<String> firstLeak = new AtomicReference<>();
        int topK = o.positive("top-k");
        long[] stageEnds = new long[stages.size()];
        CpuSample cpuBefore = CpuSample.take(o.path("stack-dir"));
        long start = System.nanoTime();
        int from = 0;
        long stageStart = start;
        for (int s = 0; s < stages.size(); s++) {
            Stage st = stages.get(s);
            stage.set(s);
            long end = stageStart + TimeUnit.SECONDS.toNanos(st.seconds());
            for (long now = System.nanoTime(); now < end; now = System.nanoTime()) {
                double done = (double) (now - stageStart) / (end - stageStart);
                target.set((int) Math.round(from + (st.target() - from) * done));
                for (int i = 0; i < target.get(); i++) {
                    if (alive[i].compareAndSet(false, true)) {
                        Tally[] mine = new Tally[stages.size()];
                        for (int k = 0; k < mine.length; k++) {
                            mine[k] = new Tally();
                        }
                        tallies.add(mine);
                        int vu = i;
                        Thread.ofVirtual().start(() -> {
                            try {
                                while (vu < target.get()) {
                                    iterate(gateway, tenants, users, ingestPercent, topK, mine[stage.get()], firstLeak);
                                    if (think > 0) {
                                        Thread.sleep(think);
                                    }
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } finally {
                                alive[vu].set(false);
                            }
                        });
                    }
                }
                Thread.sleep(50);
            }
            stageEnds[s] = System.nanoTime();
            from = st.target();
            stageStart = end;
        }
        target.set(0);
        for (AtomicBoolean a : alive) {
            while (a.get()) {
                Thread.sleep(20);
            }
        }
        String cpu = CpuSample.coresBusy(
                CpuSample.take(o.path("stack-dir")).since(cpuBefore), (System.nanoTime() - start) / 1e9);

        System.out.println();
        System.out.println(
                "stage (s to VUs)   req/s  p50 ms  p95 ms  p99 ms  retr p95  failed  429s  5xx  i/o  empty  leaks");
        long previous = start;
        Tally total = new Tally();
        for (int s = 0; s < stages.size(); s++) {
            Tally t = new Tally();
            for (Tally[] mine : tallies) {
                add(t, mine[s]);
            }
            add(total, t);
            print(
                    String.format(
                            Locale.ROOT,
                            "%d: %ds to %d",
                            s + 1,
                            stages.get(s).seconds(),
                            stages.get(s).target()),
                    t,
                    (stageEnds[s] - previous) / 1e9);
            previous = stageEnds[s];
        }
        print("all", total, (previous - start) / 1e9);
        System.out.println(cpu);
        double failureRate = (double) total.failed / Math.max(1, total.all.count());
        System.out.println();
        System.out.printf(
                Locale.ROOT,
                "thresholds (the reference's, printed, never enforced): p95 of every request %.1f ms < 200 %s;"
                        + " retrieval p95 %.1f ms < 150 %s; failures %.2f %% < 1 %% %s; cross-tenant or"
                        + " cross-user results %d = 0 %s%n",
                total.all.ms(0.95),
                met(total.all.ms(0.95) < 200),
                total.retrievals.ms(0.95),
                met(total.retrievals.ms(0.95) < 150),
                100 * failureRate,
                met(failureRate < 0.01),
                total.leaks,
                met(total.leaks == 0));
        if (firstLeak.get() != null) {
            System.out.println("first leak: " + firstLeak.get());
        }
        System.out.printf("reproduce: bin/memory-stack bench load %s%n", String.join(" ", o.changedArgs()));
        System.exit(0);
    }

    /** One iteration of a VU: maybe an ingest, then a retrieval checked for results and leaks. */
    private static void iterate(
            GatewayClient gateway,
            List<Tenant> tenants,
            int users,
            int ingestPercent,
            int topK,
            Tally tally,
            AtomicReference<String> firstLeak)
            throws InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Tenant tenant = tenants.get(random.nextInt(tenants.size()));
        String user = "user-" + random.nextInt(users);
        if (random.nextInt(100) < ingestPercent) {
            String content = "Memory entry at " + System.currentTimeMillis() + " from " + user;
            Map<String, Object> memory = Map.of("content", content, "type", "observation");
            timed(gateway, tenant, user, "/api/memory/ingest", memory, 201, tally, null);
            tally.ingests++;
        }
        String question = QUESTIONS.get(random.nextInt(QUESTIONS.size()));
        Map<String, Object> retrieval = Map.of("query", question, "top_k", topK);
        Exchange answer = timed(gateway, tenant, user, "/api/memory/retrieve", retrieval, 200, tally, tally.retrievals);
        if (answer.status() == 200 && answer.body() != null) {
            JsonNode results = answer.body().path("results");
            if (results.isEmpty()) {
                tally.empty++;
            }
            for (JsonNode r : results) {
                if (!tenant.id().equals(r.path("tenant_id").asText())
                        || !user.equals(r.path("user_id").asText())) {
                    tally.leaks++;
                    firstLeak.compareAndSet(
                            null,
                            "asked for " + tenant.id() + "/" + user + ", got memory "
                                    + r.path("memory_id").asText() + " of "
                                    + r.path("tenant_id").asText() + "/"
                                    + r.path("user_id").asText());
                }
            }
        }
    }

    /**
     * Sends {@code fields} with the tenant and user once, and counts it in the tally ({@code
     * expected} is success) and in {@code also} when given.
     */
    private static Exchange timed(
            GatewayClient gateway,
            Tenant tenant,
            String user,
            String path,
            Map<String, Object> fields,
            int expected,
            Tally tally,
            Latencies also)
            throws InterruptedException {
        Map<String, Object> body = new HashMap<>(fields);
        body.put("tenant_id", tenant.id());
        body.put("user_id", user);
        long sent = System.nanoTime();
        Exchange answer = gateway.once(tenant, path, body);
        long nanos = System.nanoTime() - sent;
        tally.request(nanos, answer.status(), expected);
        if (also != null) {
            also.add(nanos);
        }
        return answer;
    }

    /** Every user of every tenant gets the seed statements; waits until all are searchable. */
    private static void seed(GatewayClient gateway, EngineClient engine, List<Tenant> tenants, int users)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long seeded = 0;
        for (Tenant tenant : tenants) {
            List<Map<String, Object>> items = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                for (String statement : SEED) {
                    items.add(Map.of("user_id", "user-" + u, "content", statement, "type", "preference"));
                }
            }
            for (int i = 0; i < items.size(); i += 100) {
                List<String> ids = gateway.ingestItems(tenant, items.subList(i, Math.min(items.size(), i + 100)));
                if (ids.contains(null)) {
                    throw new IOException("the seed of " + tenant.id() + " was not accepted in full");
                }
                seeded += ids.size();
            }
        }
        for (long indexed = 0; indexed < seeded; ) {
            if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(15)) {
                throw new IOException("the seed was not searchable within 15 minutes: " + indexed + " of " + seeded);
            }
            Thread.sleep(1000);
            indexed = 0;
            for (Tenant tenant : tenants) {
                indexed += Math.max(0, engine.count(MemoryIndex.alias(tenant.id())));
            }
        }
        System.out.printf(
                Locale.ROOT,
                "seeded %d memories, searchable after %.1f s%n",
                seeded,
                (System.nanoTime() - start) / 1e9);
    }

    static List<Stage> stages(String spec) {
        List<Stage> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] p = part.trim().split(":");
            if (p.length != 2 || !p[0].matches("\\d+[sm]") || !p[1].matches("\\d+")) {
                throw new IllegalArgumentException(
                        "--stages is duration:target,… (30s:200 or 2m:500), not '" + part + "'");
            }
            int n = Integer.parseInt(p[0].substring(0, p[0].length() - 1));
            out.add(new Stage(p[0].endsWith("m") ? n * 60 : n, Integer.parseInt(p[1])));
        }
        return out;
    }

    private static void add(Tally into, Tally from) {
        into.all.addAll(from.all);
        into.retrievals.addAll(from.retrievals);
        into.ingests += from.ingests;
        into.failed += from.failed;
        into.rejected += from.rejected;
        into.serverErrors += from.serverErrors;
        into.ioErrors += from.ioErrors;
        into.empty += from.empty;
        into.leaks += from.leaks;
    }

    private static void print(String name, Tally t, double seconds) {
        System.out.printf(
                Locale.ROOT,
                "%-16s %7.1f %7.1f %7.1f %7.1f %9.1f %7d %5d %4d %4d %6d %6d%n",
                name,
                t.all.count() / seconds,
                t.all.ms(0.50),
                t.all.ms(0.95),
                t.all.ms(0.99),
                t.retrievals.ms(0.95),
                t.failed,
                t.rejected,
                t.serverErrors,
                t.ioErrors,
                t.empty,
                t.leaks);
    }

    private static String met(boolean ok) {
        return ok ? "met" : "NOT met";
    }
}
