package dev.agentmemory.runtime.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.MemoryIndex;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Rebuilds a tenant's index with the layout the config asks for now (HNSW {@code m} and {@code
 * ef_construction}, shards, replicas), without losing a write and without a moment where a query
 * finds no index:
 *
 * <ol>
 *   <li>the current index (behind the tenant's alias) is write-blocked (once the writes in flight
 *       are done) and refreshed: readers go
 *       on reading it; the indexer's writes are refused and it retries them, so they wait in Kafka;
 *   <li>a new index {@code memory-<tenant>-v1-r<millis>} is created (no refresh, no replica while
 *       it is filled) and {@code _reindex} copies every document into it, HNSW graphs built anew;
 *   <li>refresh and replicas are set as configured; with {@code optimize}, a force-merge to one
 *       segment (one graph);
 *   <li>checked: the old index still write-blocked and unchanged, the new one holding as many
 *       documents; then one atomic {@code _aliases} call moves the alias and deletes the old index.
 * </ol>
 *
 * Any failure before the swap deletes the new index and lifts the block: the tenant is as before.
 * Leftovers of an interrupted rebuild (a write block, an index no alias points to) are cleared when
 * the tenant is rebuilt again. Not thread-safe for one tenant: run one rebuild at a time.
 */
public final class IndexRebuild {

    /** What one tenant's rebuild did. */
    public record Result(String tenantId, String from, String to, long documents, boolean optimized, double seconds) {}

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Duration POLL = Duration.ofMillis(500);

    private final OpenSearch search;
    private final MemoryIndex.Layout layout;
    private final Clock clock;

    public IndexRebuild(OpenSearch search, MemoryConfig config, Clock clock) {
        this.search = search;
        this.layout = TenantIndices.layout(config);
        this.clock = clock;
    }

    /** Every tenant that has an index (an alias {@code memory-<tenant>}), sorted. */
    public List<String> tenants() throws IOException {
        OpenSearch.Reply reply = search.json("GET", "/_alias/" + MemoryIndex.alias("*"), null);
        if (reply.status() == 404 || reply.body() == null) {
            return List.of();
        }
        expect(reply, "list the tenant aliases");
        TreeSet<String> tenants = new TreeSet<>();
        String prefix = MemoryIndex.alias("");
        for (JsonNode index : reply.body()) {
            for (Iterator<String> aliases = index.path("aliases").fieldNames(); aliases.hasNext(); ) {
                String alias = aliases.next();
                if (alias.startsWith(prefix)) {
                    tenants.add(alias.substring(prefix.length()));
                }
            }
        }
        return List.copyOf(tenants);
    }

    /** The index the tenant's alias points to, or {@code null} when the tenant has no index. */
    public String currentIndex(String tenantId) throws IOException {
        OpenSearch.Reply reply = search.json("GET", "/_alias/" + MemoryIndex.alias(tenantId), null);
        if (reply.status() == 404) {
            return null;
        }
        expect(reply, "read the alias of tenant " + tenantId);
        List<String> indices = new ArrayList<>();
        reply.body().fieldNames().forEachRemaining(indices::add);
        if (indices.size() != 1) {
            throw new IOException("the alias of tenant " + tenantId + " points to " + indices + ", not one index");
        }
        return indices.get(0);
    }

    /** Rebuilds the tenant's index (see the class comment); throws, with the tenant as before, on failure. */
    public Result rebuild(String tenantId, boolean optimize) throws IOException, InterruptedException {
        long start = System.nanoTime();
        String current = currentIndex(tenantId);
        if (current == null) {
            throw new IllegalArgumentException("tenant " + tenantId + " has no index");
        }
        clearLeftovers(tenantId, current);
        String next = MemoryIndex.rebuiltIndex(tenantId, clock.millis());
        setWriteBlock(current, true);
        try {
            // what was written just before the block becomes visible to the count and the copy
            expect(search.json("POST", "/" + current + "/_refresh", null), "refresh " + current);
            long before = maxSeqNo(current);
            long documents = count(current);
            ObjectNode body = MemoryIndex.indexBody(layout);
            ObjectNode settings = (ObjectNode) body.at("/settings/index");
            settings.put("refresh_interval", "-1").put("number_of_replicas", 0);
            expect(search.json("PUT", "/" + next, body.toString()), "create " + next);

            ObjectNode reindex = NODES.objectNode();
            reindex.putObject("source").put("index", current).put("size", 1000);
            reindex.putObject("dest").put("index", next);
            JsonNode copied = awaitTask(
                    search.json("POST", "/_reindex", Map.of("wait_for_completion", "false"), reindex.toString()));
            if (!copied.path("failures").isEmpty()) {
                throw new IOException("reindex into " + next + " failed: " + copied.path("failures"));
            }

            ObjectNode restored = NODES.objectNode();
            restored.putObject("index")
                    .put("refresh_interval", layout.refreshIntervalMs() + "ms")
                    .put("number_of_replicas", layout.replicas());
            expect(search.json("PUT", "/" + next + "/_settings", restored.toString()), "configure " + next);
            expect(search.json("POST", "/" + next + "/_refresh", null), "refresh " + next);
            if (optimize) {
                awaitTask(search.json(
                        "POST",
                        "/" + next + "/_forcemerge",
                        Map.of("max_num_segments", "1", "wait_for_completion", "false"),
                        null));
            }

            if (!writeBlocked(current) || maxSeqNo(current) != before) {
                throw new IOException(current + " was written during the rebuild (its write block was lifted)");
            }
            long rebuilt = count(next);
            if (rebuilt != documents) {
                throw new IOException(next + " holds " + rebuilt + " documents, " + current + " " + documents);
            }
            ObjectNode swap = NODES.objectNode();
            var actions = swap.putArray("actions");
            actions.addObject().putObject("add").put("index", next).put("alias", MemoryIndex.alias(tenantId));
            actions.addObject().putObject("remove_index").put("index", current);
            expect(search.json("POST", "/_aliases", swap.toString()), "move the alias to " + next);
            return new Result(tenantId, current, next, documents, optimize, (System.nanoTime() - start) / 1e9);
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                search.json("DELETE", "/" + next, Map.of("ignore_unavailable", "true"), null);
                setWriteBlock(current, false);
            } catch (IOException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Deletes the tenant's indices no alias points to and lifts a write block left on the current one. */
    private void clearLeftovers(String tenantId, String current) throws IOException {
        OpenSearch.Reply reply = search.json(
                "GET",
                "/_cat/indices/" + MemoryIndex.concreteIndex(tenantId) + "*",
                Map.of("format", "json", "h", "index"),
                null);
        if (reply.ok() && reply.body() != null) {
            for (JsonNode row : reply.body()) {
                String index = row.path("index").asText();
                if (!index.equals(current) && MemoryIndex.isIndexOf(tenantId, index)) {
                    expect(search.json("DELETE", "/" + index, null), "delete the leftover " + index);
                }
            }
        }
        if (writeBlocked(current)) {
            setWriteBlock(current, false);
        }
    }

    private void setWriteBlock(String index, boolean blocked) throws IOException {
        if (blocked) {
            // the Blocks API, not the setting: it returns only once every in-flight write to the
            // index is done, so the refresh and count after it see everything the copy will (with
            // the setting, a bulk already under way landed after the count: 48 copied, 47 counted)
            expect(search.json("PUT", "/" + index + "/_block/write", null), "set the write block of " + index);
            return;
        }
        ObjectNode body = NODES.objectNode();
        body.putNull("index.blocks.write");
        expect(search.json("PUT", "/" + index + "/_settings", body.toString()), "lift the write block of " + index);
    }

    private boolean writeBlocked(String index) throws IOException {
        OpenSearch.Reply reply = search.json("GET", "/" + index + "/_settings/index.blocks.write", null);
        expect(reply, "read the settings of " + index);
        return reply.body().at("/" + index + "/settings/index/blocks/write").asBoolean(false);
    }

    /** The highest sequence number of the index's primaries: it moves with every write. */
    private long maxSeqNo(String index) throws IOException {
        OpenSearch.Reply reply = search.json("GET", "/" + index + "/_stats", Map.of("level", "shards"), null);
        expect(reply, "read the stats of " + index);
        long max = -1;
        for (JsonNode copies : reply.body().path("indices").path(index).path("shards")) {
            for (JsonNode copy : copies) {
                if (copy.path("routing").path("primary").asBoolean(false)) {
                    max = Math.max(max, copy.path("seq_no").path("max_seq_no").asLong(-1));
                }
            }
        }
        return max;
    }

    private long count(String index) throws IOException {
        OpenSearch.Reply reply = search.json("GET", "/" + index + "/_count", null);
        expect(reply, "count " + index);
        return reply.body().path("count").asLong();
    }

    /** Polls the task a {@code wait_for_completion=false} call started until it ends; its response. */
    private JsonNode awaitTask(OpenSearch.Reply started) throws IOException, InterruptedException {
        expect(started, "start a task");
        String task = started.body().path("task").asText();
        if (task.isEmpty()) {
            throw new IOException("no task in " + started.body());
        }
        while (true) {
            OpenSearch.Reply reply = search.json("GET", "/_tasks/" + task, null);
            expect(reply, "follow task " + task);
            if (reply.body().path("completed").asBoolean(false)) {
                if (reply.body().has("error")) {
                    throw new IOException(
                            "task " + task + " failed: " + reply.body().path("error"));
                }
                return reply.body().path("response");
            }
            Thread.sleep(POLL);
        }
    }

    private static void expect(OpenSearch.Reply reply, String what) throws IOException {
        if (!reply.ok()) {
            throw new IOException("cannot " + what + ": HTTP " + reply.status() + " " + reply.body());
        }
    }
}
