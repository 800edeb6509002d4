package dev.agentmemory.bench;

import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.langchain4j.data.segment.TextSegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Raw model throughput: the embedding model the config names, built in this JVM exactly as the
 * embedder worker builds it ({@link EmbeddingModels#create}), embedding distinct texts in calls of
 * {@code embedding.batch_size} texts — the worker's call shape — with nothing else in between
 * (no Kafka, no JSON, no HTTP). A warm-up of two batches comes first and is not timed. It also
 * records how many cores everything else on the machine kept busy meanwhile (the stack should be
 * idle; a build next to it shows here).
 */
final class RawModelBenchmark {

    /** What was measured: the model id, texts embedded, batch size, seconds; cores busy elsewhere. */
    record Result(String model, int texts, int batchSize, double seconds, double elsewhereCores) {
        double textsPerSecond() {
            return texts / seconds;
        }
    }

    private RawModelBenchmark() {}

    static Result run(MemoryConfig.Embedding config, Sentences sentences, int texts, Path stackDir) {
        EmbeddingModels.Named model = EmbeddingModels.create(config);
        int batchSize = config.batchSize();
        long k = 0;
        for (int i = 0; i < 2; i++) {
            k = embed(model, sentences, k, batchSize);
        }
        CpuSample before = CpuSample.take(stackDir);
        long start = System.nanoTime();
        int done = 0;
        while (done < texts) {
            int n = Math.min(batchSize, texts - done);
            k = embed(model, sentences, k, n);
            done += n;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double elsewhere = CpuSample.take(stackDir).since(before).entrySet().stream()
                .filter(e -> !e.getKey().equals(CpuSample.BENCHMARK))
                .mapToDouble(Map.Entry::getValue)
                .sum();
        return new Result(model.id(), texts, batchSize, seconds, elsewhere / seconds);
    }

    /** Embeds sentences k .. k+n-1 in one call; answers the next k. */
    private static long embed(EmbeddingModels.Named model, Sentences sentences, long k, int n) {
        List<TextSegment> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            batch.add(TextSegment.from(sentences.text(k + i)));
        }
        int vectors = model.passages().embedAll(batch).content().size();
        if (vectors != n) {
            throw new IllegalStateException("the model returned " + vectors + " vectors for " + n + " texts");
        }
        return k + n;
    }
}
