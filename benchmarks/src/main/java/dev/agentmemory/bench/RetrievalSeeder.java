package dev.agentmemory.bench;

import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.schemas.MemoryIndex;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Seeds a tenant's alias straight through OpenSearch {@code _bulk}, bypassing the HTTP → Kafka →
 * embedder → indexer pipeline (the retrieval benchmark measures retrieval, and 110k memories through
 * the pipeline take far too long on two cores). Each document has exactly the shape {@code
 * IndexBatchHandler#document} writes, its vector computed in this JVM by the model the config names
 * ({@link EmbeddingModels#create}), in calls of 128 texts. Memory {@code k} belongs to user {@code
 * user-<k mod users>}; texts come from {@link Sentences} (unique); {@code created_at} is spread over
 * the past year so the recency part of the fusion varies. Embedding and indexing overlap: one
 * thread sends the bulks while this one embeds.
 */
final class RetrievalSeeder {

    private static final int EMBED_BATCH = 128;
    private static final int BULK_BATCHES = 4; // 512 documents a _bulk

    private final EngineClient engine;
    private final EmbeddingModels.Named model;
    private final Sentences sentences;
    private final Instant now = Instant.now();

    RetrievalSeeder(EngineClient engine, EmbeddingModels.Named model, Sentences sentences) {
        this.engine = engine;
        this.model = model;
        this.sentences = sentences;
    }

    /** Seeds memories {@code from .. from+count-1} of the sentence space into the tenant; answers the seconds taken. */
    double seed(String tenantId, int from, int count, int users) throws Exception {
        String alias = MemoryIndex.alias(tenantId);
        BlockingQueue<List<Map.Entry<String, Map<String, Object>>>> queue = new ArrayBlockingQueue<>(4);
        List<Map.Entry<String, Map<String, Object>>> poison = List.of();
        long start = System.nanoTime();
        long lastReport = start;
        try (ExecutorService sender = Executors.newSingleThreadExecutor()) {
            Future<?> sending = sender.submit(() -> {
                for (var docs = queue.take(); docs != poison; docs = queue.take()) {
                    engine.bulk(alias, docs);
                }
                return null;
            });
            List<Map.Entry<String, Map<String, Object>>> pending = new ArrayList<>();
            for (int done = 0; done < count; ) {
                int n = Math.min(EMBED_BATCH, count - done);
                List<TextSegment> texts = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    texts.add(TextSegment.from(sentences.text(from + done + i)));
                }
                List<Embedding> vectors = model.passages().embedAll(texts).content();
                for (int i = 0; i < n; i++) {
                    int k = from + done + i;
                    pending.add(document(
                            tenantId,
                            k,
                            "user-" + ((done + i) % users),
                            vectors.get(i).vector()));
                }
                done += n;
                if (pending.size() >= EMBED_BATCH * BULK_BATCHES || done == count) {
                    while (!queue.offer(pending, 1, java.util.concurrent.TimeUnit.SECONDS)) {
                        if (sending.isDone()) {
                            sending.get(); // the sender failed: throw its error
                        }
                    }
                    pending = new ArrayList<>();
                }
                long t = System.nanoTime();
                if (t - lastReport > 10_000_000_000L) {
                    lastReport = t;
                    System.out.printf(
                            "  seeding %s: %d / %d embedded (%.0f texts/s)%n",
                            tenantId, done, count, done / ((t - start) / 1e9));
                }
            }
            queue.put(poison);
            sending.get();
        }
        engine.refresh(alias);
        return (System.nanoTime() - start) / 1e9;
    }

    /** The document IndexBatchHandler writes for a memory without key, metadata or occurred_at. */
    private Map<String, Object> documentSource(String tenantId, int k, String userId, float[] vector, String id) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("memory_id", id);
        doc.put("tenant_id", tenantId);
        doc.put("user_id", userId);
        doc.put("type", sentences.type(k));
        doc.put("key", null);
        doc.put("content", sentences.text(k));
        doc.put("metadata", Map.of());
        doc.put("occurred_at", null);
        doc.put(
                "created_at",
                now.minus(Duration.ofMinutes((k * 7919L) % (365L * 24 * 60))).toString());
        doc.put("embedding_model", model.id());
        doc.put("embedding", vector);
        return doc;
    }

    private Map.Entry<String, Map<String, Object>> document(String tenantId, int k, String userId, float[] vector) {
        String id = UUID.randomUUID().toString();
        return new AbstractMap.SimpleImmutableEntry<>(id, documentSource(tenantId, k, userId, vector, id));
    }
}
