package dev.agentmemory.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.schemas.MemoryIndex;
import dev.agentmemory.schemas.Topics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Supersession through the real pipeline: every pair of the evaluation set ({@code
 * supersession/eval-set.json}: old → new updates, and pairs that must both stand) is ingested over
 * HTTP for a user of its own — the old fact, then a day later (in {@code occurred_at}) the new one,
 * both of type {@code fact} and without a {@code key} — and once every memory is indexed and the
 * decisions have settled, each pair's question is asked through the API. Reports, per split:
 * new-over-old (the current fact ranks above the replaced one, or the replaced one is gone),
 * stale-leak@10 (a replaced fact still in the top 10) and false supersession (a fact of a pair that
 * must stand is hidden). Targets with the default config and no LLM: ≥ 0.98, ≤ 0.02, ≤ 0.02.
 */
public final class SupersessionBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The consistency stream's consumer group: its Kafka Streams application id. */
    private static final String STREAM_GROUP = "memory-consistency";

    private static final CommandLine LINE = new CommandLine("supersession", new String[][] {
        {"gateway", "http://127.0.0.1:8080", "the gateway memories and retrievals go through"},
        {"opensearch", "http://127.0.0.1:9200", "OpenSearch, counted to see when memories and decisions have settled"},
        {"kafka", "127.0.0.1:9092", "Kafka, asked whether the consistency stream has read every memory"},
        {"stack-dir", ".stack", "the local stack's state: admin-key"},
        {"settle-seconds", "5", "seconds without a new decision applied before the questions are asked"},
        {"set", "eval-set", "the pairs: eval-set, fresh-batch or held-out-batch (supersession/ in the jar), or a file"},
    });

    private record Pair(String id, String split, boolean update, String old, String neu, String query) {}

    private SupersessionBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            System.out.print(LINE.usage());
            return;
        }
        CommandLine.Values o = LINE.parse(args);
        GatewayClient gateway = new GatewayClient(o.uri("gateway"));
        EngineClient engine = new EngineClient(o.uri("opensearch"));
        String run = Long.toString(System.currentTimeMillis() / 1000 % 60_466_176L, 36);
        List<Pair> pairs = pairs(o.text("set"));
        GatewayClient.Tenant tenant =
                gateway.createTenant(GatewayClient.adminKey(o.path("stack-dir")), "supersession-" + run);
        System.out.printf(
                "supersession benchmark, run %s, set %s: tenant %s, %d pairs (%d updates, %d that must stand)%n",
                run,
                o.text("set"),
                tenant.id(),
                pairs.size(),
                pairs.stream().filter(Pair::update).count(),
                pairs.stream().filter(p -> !p.update()).count());

        Instant t0 = Instant.parse("2026-01-01T09:00:00Z");
        Map<String, String[]> ids = new LinkedHashMap<>(); // pair id -> {old memory, new memory}
        for (int side = 0; side < 2; side++) {
            for (int from = 0; from < pairs.size(); from += 100) {
                List<Pair> part = pairs.subList(from, Math.min(pairs.size(), from + 100));
                List<Map<String, Object>> items = new ArrayList<>();
                for (Pair p : part) {
                    items.add(Map.of(
                            "user_id",
                            "u-" + p.id(),
                            "content",
                            side == 0 ? p.old() : p.neu(),
                            "type",
                            "fact",
                            "occurred_at",
                            t0.plusSeconds(86_400L * side).toString()));
                }
                List<String> accepted = gateway.ingestItems(tenant, items);
                for (int i = 0; i < part.size(); i++) {
                    ids.computeIfAbsent(part.get(i).id(), k -> new String[2])[side] = accepted.get(i);
                }
            }
        }
        settle(
                engine,
                MemoryIndex.alias(tenant.id()),
                2L * pairs.size(),
                o.text("kafka"),
                o.positive("settle-seconds"));

        Map<String, int[]> counts =
                new LinkedHashMap<>(); // split -> updates, newOverOld, staleLeak, keeps, falseHidden
        for (Pair p : pairs) {
            List<String> results = new ArrayList<>();
            JsonNode reply = gateway.retrieveJson(
                    tenant,
                    Map.of("tenant_id", tenant.id(), "user_id", "u-" + p.id(), "query", p.query(), "top_k", 10));
            reply.path("results").forEach(r -> results.add(r.path("memory_id").asText()));
            String[] pair = ids.get(p.id());
            for (String split : List.of(p.split(), "all")) {
                int[] c = counts.computeIfAbsent(split, k -> new int[5]);
                if (p.update()) {
                    int oldRank = results.indexOf(pair[0]);
                    int newRank = results.indexOf(pair[1]);
                    c[0]++;
                    c[1] += newRank >= 0 && (oldRank < 0 || newRank < oldRank) ? 1 : 0;
                    c[2] += oldRank >= 0 ? 1 : 0;
                } else {
                    c[3]++;
                    c[4] += results.contains(pair[0]) && results.contains(pair[1]) ? 0 : 1;
                }
            }
        }
        System.out.printf(
                "%n%-6s %8s %14s %16s %8s %20s%n",
                "split", "updates", "new-over-old", "stale-leak@10", "keeps", "false supersession");
        for (var e : counts.entrySet()) {
            int[] c = e.getValue();
            System.out.printf(
                    Locale.ROOT,
                    "%-6s %8d %14.3f %16.3f %8d %20.3f%n",
                    e.getKey(),
                    c[0],
                    (double) c[1] / c[0],
                    (double) c[2] / c[0],
                    c[3],
                    (double) c[4] / c[3]);
        }
        System.out.println("targets (default config, no LLM): new-over-old >= 0.98, stale-leak@10 <= 0.02,"
                + " false supersession <= 0.02");
        System.exit(0);
    }

    /**
     * Waits until every memory is indexed, the consistency stream has read every embedded memory (a
     * stream that is still starting has decided nothing yet), and no decision has been applied for a
     * while.
     */
    private static void settle(EngineClient engine, String alias, long memories, String kafka, int quietSeconds)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        while (engine.count(alias) < memories) {
            if (System.nanoTime() - start > 600_000_000_000L) {
                throw new IOException("not every memory was indexed within 10 minutes");
            }
            Thread.sleep(500);
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            while (streamLag(admin) > 0) {
                if (System.nanoTime() - start > 600_000_000_000L) {
                    throw new IOException("the consistency stream did not catch up within 10 minutes");
                }
                Thread.sleep(500);
            }
        } catch (ExecutionException e) {
            throw new IOException("cannot read the consistency stream's offsets: " + e.getCause(), e);
        }
        long last = -1;
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < quietSeconds * 1_000_000_000L) {
            long applied = engine.countWith(alias, "superseded_by") + engine.countWith(alias, "merged_into");
            if (applied != last) {
                last = applied;
                quietSince = System.nanoTime();
            }
            Thread.sleep(500);
        }
        System.out.printf(
                "indexed and settled in %.1f s: %d memories superseded or merged%n",
                (System.nanoTime() - start) / 1e9, last);
    }

    /** Embedded memories the consistency stream has not committed yet (its group: its application id). */
    private static long streamLag(Admin admin) throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(STREAM_GROUP)
                .partitionsToOffsetAndMetadata()
                .get();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < Topics.EMBEDDED.partitions(); p++) {
            latest.put(new TopicPartition(Topics.EMBEDDED.name(), p), OffsetSpec.latest());
        }
        long lag = 0;
        for (var end : admin.listOffsets(latest).all().get().entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    private static List<Pair> pairs(String name) throws IOException {
        InputStream bundled = SupersessionBenchmark.class.getResourceAsStream("/supersession/" + name + ".json");
        try (InputStream in = bundled != null ? bundled : Files.newInputStream(Path.of(name))) {
            JsonNode set = JSON.readTree(in);
            List<Pair> pairs = new ArrayList<>();
            for (JsonNode u : set.path("updates")) {
                pairs.add(new Pair(
                        u.path("id").asText(),
                        u.path("split").asText(),
                        true,
                        u.path("old").asText(),
                        u.path("new").asText(),
                        u.path("query").asText()));
            }
            for (JsonNode k : set.path("keeps")) {
                pairs.add(new Pair(
                        k.path("id").asText(),
                        k.path("split").asText(),
                        false,
                        k.path("old").asText(),
                        k.path("new").asText(),
                        k.path("query_old").asText()));
            }
            return pairs;
        }
    }
}
