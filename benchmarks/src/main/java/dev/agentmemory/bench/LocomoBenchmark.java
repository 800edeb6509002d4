package dev.agentmemory.bench;

import static dev.agentmemory.bench.Report.f;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentmemory.query.SearchRequests;
import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.schemas.MemoryIndex;
import dev.langchain4j.data.segment.TextSegment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToDoubleFunction;

/**
 * Retrieval quality on LoCoMo through the real HTTP API (it asserts nothing). One fresh tenant
 * {@code locomo-<run>}, one user per conversation ({@code user_id} = the conversation id); one
 * memory per dialogue turn ({@code POST /api/memory/ingest/batch}, 100 a request; {@code
 * occurred_at} = the session date; {@code metadata.dia_id} = the turn), then every question of
 * categories 1–4 with evidence as {@code POST /api/memory/retrieve} ({@code top_k} 50, {@code
 * explain}), scored three ways from the same answers: the API's hybrid order, kNN alone (by {@code
 * explain.vector}) and BM25 alone (by {@code explain.lexical}). See benchmarks/README.md.
 */
public final class LocomoBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BATCH = 100;
    private static final String[] CATEGORY = {"", "multi-hop", "temporal", "open-domain", "single-hop"};
    private static final List<String> RANKINGS = List.of("hybrid (API)", "kNN (vector)", "BM25 (lexical)");

    /** One returned memory: its turn and the explain parts. */
    private record Hit(String diaId, double vector, double lexical, double temporal, double decay) {}

    /** One question's answer: the three rankings (dia_ids, best first) and the raw hits. */
    private record Answer(LocomoData.Question q, List<List<String>> rankings, List<Hit> hits) {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help") || List.of(args).contains("-h")) {
            System.out.print(LocomoOptions.usage());
            return;
        }
        LocomoOptions options;
        try {
            options = LocomoOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        new LocomoBenchmark(options).run();
        System.exit(0);
    }

    private final LocomoOptions o;
    private final GatewayClient gateway;
    private final EngineClient engine;

    private LocomoBenchmark(LocomoOptions o) {
        this.o = o;
        this.gateway = new GatewayClient(o.gateway());
        this.engine = new EngineClient(o.opensearch());
    }

    private void run() throws Exception {
        List<LocomoData.Turn> allTurns = LocomoData.turns(o.data());
        List<LocomoData.Question> allQuestions = LocomoData.questions(o.data());
        String run =
                o.reuse().isEmpty() ? Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36) : o.reuse();
        String split = o.split();
        String content = o.content();
        GatewayClient.Tenant tenant;
        if (o.reuse().isEmpty()) {
            tenant = gateway.createTenant(adminKey(), "locomo-" + run);
        } else {
            if (!Files.exists(runFile(run))) {
                throw new IOException("no " + runFile(run) + ": nothing to reuse for run " + run);
            }
            JsonNode saved = JSON.readTree(runFile(run).toFile());
            tenant = new GatewayClient.Tenant(
                    saved.path("tenant_id").asText(), saved.path("api_key").asText());
            split = saved.path("split").asText();
            content = saved.path("content").asText();
        }
        final String sp = split;
        List<LocomoData.Turn> turns =
                allTurns.stream().filter(t -> LocomoData.inSplit(t.conv(), sp)).toList();
        List<LocomoData.Question> questions = allQuestions.stream()
                .filter(q -> LocomoData.inSplit(q.conv(), sp))
                .filter(q -> q.category() >= 1 && q.category() <= 4)
                .filter(q -> !q.evidence().isEmpty())
                .toList();
        long skipped = allQuestions.stream()
                .filter(q -> LocomoData.inSplit(q.conv(), sp)
                        && q.category() <= 4
                        && q.evidence().isEmpty())
                .count();
        System.out.printf(
                "LoCoMo benchmark, run %s: tenant %s, split %s, %d turns, %d questions of categories 1-4 (%d without evidence skipped),"
                        + " content %s, top_k %d, data %s%n",
                run, tenant.id(), split, turns.size(), questions.size(), skipped, content, o.topK(), o.data());

        if (o.reuse().isEmpty()) {
            save(run, tenant, split, content, turns.size());
            ingest(tenant, turns, content);
        } else {
            long count;
            try {
                count = engine.count(MemoryIndex.alias(tenant.id()));
            } catch (IOException e) {
                throw new IOException(
                        "the tenant " + tenant.id() + " of run " + run + " is gone (" + e.getMessage()
                                + "): run without --reuse",
                        e);
            }
            System.out.println("reusing the tenant of run " + run + " (" + runFile(run) + ", " + count
                    + " memories), not ingesting; split and content are that run's");
        }
        waitSearchable(tenant, turns.size());

        long start = System.nanoTime();
        List<Answer> answers = query(tenant, questions);
        System.out.printf(
                "queried %d questions in %.1f s (client retries %d)%n",
                answers.size(), (System.nanoTime() - start) / 1e9, gateway.retries());

        diagnostics(answers);
        Map<String, Map<String, List<String>>> rankings = new LinkedHashMap<>();
        Map<String, String> notes = new LinkedHashMap<>();
        for (int r = 0; r < RANKINGS.size(); r++) {
            Map<String, List<String>> byQid = new LinkedHashMap<>();
            for (Answer a : answers) {
                byQid.put(a.q().qid(), a.rankings().get(r));
            }
            rankings.put(RANKINGS.get(r), byQid);
            notes.put(RANKINGS.get(r), "through the API, from the fused top " + o.topK());
        }
        if (o.exactLegs()) {
            exactLegs(tenant, questions, answers, rankings, notes);
        }
        referenceRankings(turns, questions, content).forEach((name, byQid) -> {
            rankings.put(name, byQid);
            notes.put(name, "every turn ranked, in this JVM");
        });
        report(questions, rankings, notes, content, split);
        weightSweep(answers, split);

        List<String> again = new ArrayList<>(List.of("bin/memory-stack", "bench", "locomo"));
        again.addAll(o.changedArgs());
        if (o.reuse().isEmpty()) {
            again.addAll(List.of("--reuse", run));
        }
        System.out.println("\nreproduce (queries only, same tenant): " + String.join(" ", again));
    }

    // ---------------------------------------------------------------- ingest

    private void ingest(GatewayClient.Tenant tenant, List<LocomoData.Turn> turns, String content)
            throws InterruptedException {
        long start = System.nanoTime();
        int accepted = 0;
        List<String> refused = new ArrayList<>();
        for (int from = 0; from < turns.size(); from += BATCH) {
            List<LocomoData.Turn> part = turns.subList(from, Math.min(turns.size(), from + BATCH));
            List<Map<String, Object>> items = new ArrayList<>();
            for (LocomoData.Turn t : part) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("user_id", t.conv());
                item.put("content", LocomoData.content(t, content));
                item.put("type", "observation");
                item.put("occurred_at", t.date().toString());
                item.put("metadata", Map.of("dia_id", t.diaId(), "speaker", t.speaker(), "session", t.session()));
                items.add(item);
            }
            List<String> ids = gateway.ingestItems(tenant, items);
            for (int i = 0; i < ids.size(); i++) {
                if (ids.get(i) != null) {
                    accepted++;
                } else {
                    refused.add(part.get(i).conv() + "/" + part.get(i).diaId());
                }
            }
        }
        System.out.printf(
                "ingested: %d accepted, %d refused%s in %.1f s (%d requests of up to %d, client retries %d)%n",
                accepted,
                refused.size(),
                refused.isEmpty() ? "" : " " + refused.subList(0, Math.min(5, refused.size())),
                (System.nanoTime() - start) / 1e9,
                (turns.size() + BATCH - 1) / BATCH,
                BATCH,
                gateway.retries());
    }

    /** Waits until the tenant's alias counts every turn (refresh included: a counted document is searchable). */
    private void waitSearchable(GatewayClient.Tenant tenant, int expected) throws Exception {
        long start = System.nanoTime();
        long deadline = start + o.waitTimeoutSeconds() * 1_000_000_000L;
        long count = 0;
        long lastPrint = 0;
        while (true) {
            count = engine.count(MemoryIndex.alias(tenant.id()));
            if (count >= expected) {
                break;
            }
            if (System.nanoTime() > deadline) {
                System.out.printf(
                        "WARNING: only %d of %d turns searchable after %d s; scoring what is there%n",
                        count, expected, o.waitTimeoutSeconds());
                return;
            }
            if (System.nanoTime() - lastPrint > 10_000_000_000L) {
                System.out.printf("  %d / %d searchable%n", count, expected);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(500);
        }
        System.out.printf("all %d turns searchable (%.1f s of waiting)%n", count, (System.nanoTime() - start) / 1e9);
    }

    // ---------------------------------------------------------------- query

    private List<Answer> query(GatewayClient.Tenant tenant, List<LocomoData.Question> questions) throws Exception {
        AtomicInteger done = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(o.concurrency())) {
            List<Future<Answer>> futures = new ArrayList<>();
            for (LocomoData.Question q : questions) {
                futures.add(pool.submit(() -> {
                    Map<String, Object> body = new LinkedHashMap<>();
                    body.put("tenant_id", tenant.id());
                    body.put("user_id", q.conv());
                    body.put("query", q.question());
                    body.put("top_k", o.topK());
                    body.put("explain", true);
                    JsonNode reply = gateway.retrieveJson(tenant, body);
                    int n = done.incrementAndGet();
                    if (n % 250 == 0) {
                        System.out.printf("  %d / %d questions%n", n, questions.size());
                    }
                    return answer(q, reply);
                }));
            }
            List<Answer> out = new ArrayList<>();
            for (Future<Answer> f : futures) {
                out.add(f.get());
            }
            return out;
        }
    }

    private static Answer answer(LocomoData.Question q, JsonNode reply) {
        List<Hit> hits = new ArrayList<>();
        for (JsonNode r : reply.path("results")) {
            JsonNode e = r.path("explain");
            hits.add(new Hit(
                    r.path("metadata").path("dia_id").asText(),
                    e.path("vector").asDouble(),
                    e.path("lexical").asDouble(),
                    e.path("temporal").asDouble(),
                    e.path("decay").asDouble()));
        }
        List<String> hybrid = hits.stream().map(Hit::diaId).toList();
        return new Answer(q, List.of(hybrid, leg(hits, Hit::vector), leg(hits, Hit::lexical)), hits);
    }

    /** One leg's ranking from the fused answer: the hits it scored (above 0), by its score, descending (stable). */
    private static List<String> leg(List<Hit> hits, ToDoubleFunction<Hit> score) {
        return hits.stream()
                .filter(h -> score.applyAsDouble(h) > 0)
                .sorted(Comparator.comparingDouble(score).reversed())
                .map(Hit::diaId)
                .toList();
    }

    /** What the answers say about the fusion: leg depth inside the returned top_k, and the time parts. */
    private void diagnostics(List<Answer> answers) {
        int minV = Integer.MAX_VALUE, minL = Integer.MAX_VALUE, minN = Integer.MAX_VALUE;
        long sumV = 0, sumL = 0, sumBoth = 0, sumN = 0;
        double minDecay = Double.MAX_VALUE, maxDecay = 0, maxTemporal = 0;
        for (Answer a : answers) {
            int v = 0, l = 0, both = 0;
            for (Hit h : a.hits()) {
                v += h.vector() > 0 ? 1 : 0;
                l += h.lexical() > 0 ? 1 : 0;
                both += h.vector() > 0 && h.lexical() > 0 ? 1 : 0;
                minDecay = Math.min(minDecay, h.decay());
                maxDecay = Math.max(maxDecay, h.decay());
                maxTemporal = Math.max(maxTemporal, h.temporal());
            }
            minV = Math.min(minV, v);
            minL = Math.min(minL, l);
            minN = Math.min(minN, a.hits().size());
            sumV += v;
            sumL += l;
            sumBoth += both;
            sumN += a.hits().size();
        }
        int n = answers.size();
        System.out.printf(
                "%nin the returned top %d (mean over questions): %.1f results, %.1f with a vector score, %.1f with a BM25 score,"
                        + " %.1f with both; fewest: %d results, %d vector, %d BM25%n",
                o.topK(),
                (double) sumN / n,
                (double) sumV / n,
                (double) sumL / n,
                (double) sumBoth / n,
                minN,
                minV,
                minL);
        System.out.printf(
                "time parts over every result: decay %.4f..%.4f, temporal at most %.6f (LoCoMo sessions are 2022-2023:"
                        + " decay sits at its floor, recency is ~0)%n",
                minDecay, maxDecay, maxTemporal);
    }

    // ---------------------------------------------------------------- exact legs

    /**
     * The API returns the fused top_k of the union of both legs (up to 2 × candidate_pool), so a
     * leg read back from {@code explain} is cut where the fusion cut it. To see how much that
     * matters, this sends query-api's own {@code _msearch} ({@link EngineClient#msearchBody}, built
     * by its {@code SearchRequests}) straight to OpenSearch, with the question embedded in this JVM
     * by the model the config names (the one the services load), and keeps each leg's complete
     * top {@code candidate_pool}. Also counts, per question, whether the kNN leg read from explain
     * agrees with it.
     */
    private void exactLegs(
            GatewayClient.Tenant tenant,
            List<LocomoData.Question> questions,
            List<Answer> answers,
            Map<String, Map<String, List<String>>> rankings,
            Map<String, String> notes)
            throws Exception {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.putIfAbsent("MEMORY_ADMIN_KEY", adminKey());
        MemoryConfig config = ConfigLoader.load(o.config(), env);
        var model = EmbeddingModels.create(config.embedding());
        var requests = new SearchRequests(config.retrieval());
        long start = System.nanoTime();
        List<float[]> vectors = new ArrayList<>();
        for (int from = 0; from < questions.size(); from += 128) {
            model.queries()
                    .embedAll(questions.subList(from, Math.min(questions.size(), from + 128)).stream()
                            .map(q -> TextSegment.from(q.question()))
                            .toList())
                    .content()
                    .forEach(e -> vectors.add(e.vector()));
        }
        Map<String, List<String>> knn = new LinkedHashMap<>();
        Map<String, List<String>> bm25 = new LinkedHashMap<>();
        for (int i = 0; i < questions.size(); i++) {
            LocomoData.Question q = questions.get(i);
            JsonNode responses = engine.msearchResponses(
                    EngineClient.msearchBody(requests, tenant.id(), q.conv(), q.question(), vectors.get(i), o.topK()));
            knn.put(q.qid(), diaIds(responses.get(0)));
            bm25.put(q.qid(), diaIds(responses.get(1)));
        }
        int sameKnn10 = 0, sameBm25at10 = 0, knnDepthOk = 0;
        for (Answer a : answers) {
            List<String> exactK = knn.get(a.q().qid());
            List<String> exactB = bm25.get(a.q().qid());
            List<String> fromK = a.rankings().get(1);
            List<String> fromB = a.rankings().get(2);
            sameKnn10 += head(fromK, 10).equals(head(exactK, 10)) ? 1 : 0;
            sameBm25at10 += head(fromB, 10).equals(head(exactB, 10)) ? 1 : 0;
            knnDepthOk += head(fromK, 20).equals(head(exactK, 20)) ? 1 : 0;
        }
        System.out.printf(
                "%nexact legs (model %s, raw _msearch of query-api's SearchRequests, %.1f s): the leg read from explain has the same"
                        + " top 10 as the exact leg for %d / %d questions (kNN) and %d / %d (BM25); same kNN top 20: %d%n",
                model.id(),
                (System.nanoTime() - start) / 1e9,
                sameKnn10,
                answers.size(),
                sameBm25at10,
                answers.size(),
                knnDepthOk);
        rankings.put("kNN exact leg (raw _msearch)", knn);
        rankings.put("BM25 exact leg (raw _msearch)", bm25);
        notes.put(
                "kNN exact leg (raw _msearch)",
                "OpenSearch, the leg's own top " + config.retrieval().candidatePool());
        notes.put(
                "BM25 exact leg (raw _msearch)",
                "OpenSearch, the leg's own top " + config.retrieval().candidatePool());
    }

    private static List<String> diaIds(JsonNode response) throws IOException {
        if (response == null || response.has("error")) {
            throw new IOException("_msearch leg failed: " + response);
        }
        List<String> out = new ArrayList<>();
        for (JsonNode hit : response.path("hits").path("hits")) {
            out.add(hit.path("_source").path("metadata").path("dia_id").asText());
        }
        return out;
    }

    private static List<String> head(List<String> list, int n) {
        return list.subList(0, Math.min(n, list.size()));
    }

    // ---------------------------------------------------------------- reference scorer

    /** The reference script's BM25, ported, on the text indexed and on its rag format: subset → qid → ranking. */
    private static Map<String, Map<String, List<String>>> referenceRankings(
            List<LocomoData.Turn> turns, List<LocomoData.Question> questions, String content) {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        List<String> formats = content.equals("rag") ? List.of("rag") : List.of(content, "rag");
        for (String format : formats) {
            Map<String, ReferenceBm25> index = new TreeMap<>();
            Map<String, List<LocomoData.Turn>> byConv = new TreeMap<>();
            turns.forEach(t ->
                    byConv.computeIfAbsent(t.conv(), c -> new ArrayList<>()).add(t));
            byConv.forEach((conv, ts) -> index.put(
                    conv,
                    new ReferenceBm25(
                            ts.stream().map(LocomoData.Turn::diaId).toList(),
                            ts.stream().map(t -> LocomoData.content(t, format)).toList())));
            Map<String, List<String>> rankings = new LinkedHashMap<>();
            for (LocomoData.Question q : questions) {
                rankings.put(q.qid(), index.get(q.conv()).rank(q.question()));
            }
            out.put("reference BM25 port, " + format, rankings);
        }
        return out;
    }

    // ---------------------------------------------------------------- report

    private void report(
            List<LocomoData.Question> questions,
            Map<String, Map<String, List<String>>> rankings,
            Map<String, String> notes,
            String content,
            String split) {
        List<String> subsets = switch (split) {
            case "dev" -> List.of("dev");
            case "test" -> List.of("test");
            default -> List.of("dev", "test", "all");
        };
        // ranking name → subset → category (0 = 1-4) → metrics
        Map<String, Map<String, LocomoMetrics[]>> table = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(rankings.keySet());
        for (String name : names) {
            Map<String, LocomoMetrics[]> bySubset = new LinkedHashMap<>();
            for (String s : subsets) {
                LocomoMetrics[] cats = new LocomoMetrics[5];
                for (int c = 0; c < 5; c++) {
                    cats[c] = new LocomoMetrics();
                }
                bySubset.put(s, cats);
            }
            table.put(name, bySubset);
        }
        for (LocomoData.Question q : questions) {
            for (String s : subsets) {
                if (!LocomoData.inSplit(q.conv(), s)) {
                    continue;
                }
                for (String name : names) {
                    List<String> ranked = rankings.get(name).get(q.qid());
                    LocomoMetrics[] cats = table.get(name).get(s);
                    cats[q.category()].add(ranked, q.evidence());
                    cats[0].add(ranked, q.evidence());
                }
            }
        }

        for (String name : names) {
            for (String s : subsets) {
                System.out.printf("%n== %s, %s split (%s) ==%n", name, s, notes.get(name));
                System.out.printf("%-14s %5s", "category", "n");
                for (String c : LocomoMetrics.COLUMNS) {
                    System.out.printf(" %8s", c);
                }
                System.out.println();
                LocomoMetrics[] cats = table.get(name).get(s);
                for (int c = 1; c <= 5; c++) {
                    int cat = c == 5 ? 0 : c;
                    LocomoMetrics m = cats[cat];
                    System.out.printf("%-14s %5d", cat == 0 ? "1-4 (micro)" : c + " " + CATEGORY[c], m.count());
                    for (int i = 0; i < LocomoMetrics.COLUMNS.length; i++) {
                        System.out.printf(" %8.3f", m.mean(i));
                    }
                    System.out.println();
                }
            }
        }

        System.out.printf(
                "%n==================== summary: LoCoMo retrieval, categories 1-4, micro-averaged ====================%n");
        System.out.printf(
                "indexed text: %s (e.g. %s)%n",
                content,
                "\""
                        + LocomoData.content(
                                new LocomoData.Turn(
                                        "conv-26",
                                        "D1:3",
                                        1,
                                        "1:56 pm on 8 May, 2023",
                                        LocomoData.parseDate("1:56 pm on 8 May, 2023"),
                                        "Caroline",
                                        "I went to a LGBTQ support group yesterday and it was so powerful."),
                                content)
                        + "\"");
        System.out.printf("%-34s", "ranking");
        for (String s : subsets) {
            System.out.printf(" %20s", s + " R@10 / nDCG@10");
        }
        System.out.printf("   %s%n", "published (MTEB/LMEB, all ten)");
        Map<String, String> published = Map.of(
                "hybrid (API)", "-",
                "kNN (vector)", "dense models: below",
                "BM25 (lexical)", "BM25 0.603 / 0.478",
                "kNN exact leg (raw _msearch)", "dense models: below",
                "BM25 exact leg (raw _msearch)", "BM25 0.603 / 0.478",
                "reference BM25 port, rag", "script --fmt rag: 0.590 / 0.466");
        for (String name : names) {
            System.out.printf("%-34s", name);
            for (String s : subsets) {
                LocomoMetrics m = table.get(name).get(s)[0];
                System.out.printf(" %20s", f("%.3f / %.3f", m.recall10(), m.ndcg10()));
            }
            System.out.printf("   %s%n", published.getOrDefault(name, ""));
        }
        System.out.println("published dense models (all ten): all-MiniLM-L6-v2 0.474 / 0.321, bge-small-en-v1.5"
                + " 0.592 / 0.437, e5-small-v2 0.644 / 0.494 (another model: EMBEDDING_MODEL=<name> for up and bench)");
    }

    // ---------------------------------------------------------------- weights

    /**
     * Re-fuses each question's returned candidates (the API's top {@code --top-k}, with each leg's
     * normalised score from {@code explain}) with other vector : lexical weights, to choose the
     * weights on the dev split and read them off the test split. The temporal part is left out:
     * LoCoMo's sessions are years old, so recency is ~0 and decay sits at its floor for every turn
     * (the diagnostics line shows it), which changes no order. Approximate in one way: candidates
     * the configured weights cut from the top {@code --top-k} are not there to be re-ranked.
     */
    private void weightSweep(List<Answer> answers, String split) {
        List<String> subsets = split.equals("all") ? List.of("dev", "test") : List.of(split);
        System.out.printf(
                "%n== fusion weights, re-ranked from the returned candidates: R@10 / nDCG@10, categories 1-4 ==%n");
        System.out.printf("%-34s", "vector / (vector + lexical)");
        subsets.forEach(sub -> System.out.printf(" %20s", sub));
        System.out.println();
        for (int step = 0; step <= 10; step++) {
            double share = step / 10.0;
            System.out.printf("%-34s", f("%.1f", share));
            for (String sub : subsets) {
                LocomoMetrics m = new LocomoMetrics();
                for (Answer a : answers) {
                    if (LocomoData.inSplit(a.q().conv(), sub)) {
                        m.add(reweighted(a.hits(), share), a.q().evidence());
                    }
                }
                System.out.printf(" %20s", f("%.3f / %.3f", m.recall10(), m.ndcg10()));
            }
            System.out.println();
        }
    }

    /** The hits ordered by share × vector + (1 − share) × lexical, descending (stable). */
    private static List<String> reweighted(List<Hit> hits, double share) {
        ToDoubleFunction<Hit> score = h -> share * h.vector() + (1 - share) * h.lexical();
        return hits.stream()
                .sorted(Comparator.comparingDouble(score).reversed())
                .map(Hit::diaId)
                .toList();
    }

    // ---------------------------------------------------------------- run files

    private void save(String run, GatewayClient.Tenant tenant, String split, String content, int turns)
            throws IOException {
        ObjectNode root = JSON.createObjectNode()
                .put("run", run)
                .put("tenant_id", tenant.id())
                .put("api_key", tenant.key())
                .put("split", split)
                .put("content", content)
                .put("turns", turns)
                .put("data", o.data().toString());
        Files.createDirectories(runFile(run).getParent());
        Files.writeString(runFile(run), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        System.out.println(
                "tenant and key saved in " + runFile(run) + " (query again without ingesting: --reuse " + run + ")");
    }

    private Path runFile(String run) {
        return o.stackDir().resolve("bench").resolve("locomo-" + run + ".json");
    }

    private String adminKey() throws IOException {
        return GatewayClient.adminKey(o.stackDir());
    }
}
