package dev.agentmemory.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Detects when each memory becomes visible to search, by polling OpenSearch directly on its own
 * thread every {@link #pollEvery interval} (set per phase: polling is not free, each poll is a
 * search on every tenant index), and records the first-seen time of every document id (the ingest
 * API's memory id) in the run's tenant indices.
 *
 * <p>Each poll is one {@code _msearch} with a search per tenant alias for the documents whose
 * {@code _seq_no} is above the highest already seen in that index (each tenant index has one
 * shard, so sequence numbers grow as documents are indexed), sorted by {@code _seq_no}, without
 * {@code _source}: a poll reads only what became visible since the previous one. A document's
 * first-seen time is when the poll that first returned it was sent; so it is known to within the
 * interval plus one poll's duration. A safety net: about every second the watcher counts each
 * index's visible documents; if an index held more documents a second ago than have been seen since, it
 * reads that index again from sequence number 0 (counted as a rescan).
 */
final class SearchWatcher implements AutoCloseable {

    private static final int PAGE = 5000;
    private static final long COUNT_EVERY_NANOS = 1_000_000_000L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI msearch;
    private final List<String> aliases;
    private final long[] watermarks;
    private final long[] countedBefore;
    private final AtomicInteger[] seenPerIndex;
    private final Map<String, Long> firstSeen = new ConcurrentHashMap<>();
    private final AtomicLong polls = new AtomicLong();
    private final AtomicLong pollNanos = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final AtomicLong rescans = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long intervalMs;

    SearchWatcher(URI opensearch, List<String> aliases, long intervalMs) {
        this.intervalMs = intervalMs;
        this.msearch = opensearch.resolve("/_msearch");
        this.aliases = List.copyOf(aliases);
        this.watermarks = new long[aliases.size()];
        this.countedBefore = new long[aliases.size()];
        this.seenPerIndex = new AtomicInteger[aliases.size()];
        for (int i = 0; i < aliases.size(); i++) {
            watermarks[i] = -1;
            seenPerIndex[i] = new AtomicInteger();
        }
        this.thread = Thread.ofPlatform().name("search-watcher").daemon().start(this::loop);
    }

    /** Sets the time between polls (the resolution of first-seen times) from the next poll on. */
    void pollEvery(long intervalMs) {
        this.intervalMs = intervalMs;
    }

    /** First-seen {@link System#nanoTime()} by memory id; filled while the watcher runs. */
    Map<String, Long> firstSeen() {
        return firstSeen;
    }

    /** polls, mean poll milliseconds, failed polls, rescans. */
    String stats() {
        long n = Math.max(1, polls.get());
        return String.format(
                "%d polls, mean poll %.1f ms, %d failed polls, %d rescans",
                polls.get(), pollNanos.get() / 1e6 / n, failures.get(), rescans.get());
    }

    private void loop() {
        long counted = System.nanoTime();
        while (running) {
            long sent = System.nanoTime();
            try {
                boolean more = poll(sent);
                polls.incrementAndGet();
                if (sent - counted >= COUNT_EVERY_NANOS) {
                    checkCounts();
                    counted = sent;
                }
                pollNanos.addAndGet(System.nanoTime() - sent);
                long rest = intervalMs - (System.nanoTime() - sent) / 1_000_000;
                if (!more && rest > 0) {
                    Thread.sleep(rest);
                }
            } catch (IOException | RuntimeException e) {
                failures.incrementAndGet();
                sleepQuietly();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One poll; true when a page came back full (more is waiting: poll again at once). */
    private boolean poll(long sent) throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < aliases.size(); i++) {
            body.append(header(i)).append('\n');
            body.append(JSON.writeValueAsString(Map.of(
                            "size",
                            PAGE,
                            "_source",
                            false,
                            "track_total_hits",
                            false,
                            "query",
                            Map.of("range", Map.of("_seq_no", Map.of("gt", watermarks[i]))),
                            "sort",
                            List.of(Map.of("_seq_no", "asc")))))
                    .append('\n');
        }
        JsonNode responses = send(body.toString()).path("responses");
        boolean more = false;
        for (int i = 0; i < aliases.size(); i++) {
            JsonNode hits = responses.path(i).path("hits").path("hits");
            for (JsonNode hit : hits) {
                if (firstSeen.putIfAbsent(hit.path("_id").asText(), sent) == null) {
                    seenPerIndex[i].incrementAndGet();
                }
                watermarks[i] = Math.max(watermarks[i], hit.path("sort").path(0).asLong());
            }
            more |= hits.size() == PAGE;
        }
        return more;
    }

    /** The safety net: an index that held more documents a second ago than have been seen is read again. */
    private void checkCounts() throws IOException, InterruptedException {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < aliases.size(); i++) {
            body.append(header(i)).append('\n');
            body.append("{\"size\":0,\"track_total_hits\":true}\n");
        }
        JsonNode responses = send(body.toString()).path("responses");
        for (int i = 0; i < aliases.size(); i++) {
            if (countedBefore[i] > seenPerIndex[i].get()) {
                watermarks[i] = -1;
                rescans.incrementAndGet();
            }
            countedBefore[i] =
                    responses.path(i).path("hits").path("total").path("value").asLong();
        }
    }

    private String header(int index) throws IOException {
        return JSON.writeValueAsString(Map.of("index", aliases.get(index), "ignore_unavailable", true));
    }

    private JsonNode send(String ndjson) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(msearch)
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(ndjson))
                .build();
        HttpResponse<byte[]> reply = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (reply.statusCode() != 200) {
            throw new IOException("_msearch answered HTTP " + reply.statusCode());
        }
        return JSON.readTree(reply.body());
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.interrupt();
        thread.join(5000);
    }
}
