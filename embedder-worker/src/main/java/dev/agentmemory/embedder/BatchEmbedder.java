package dev.agentmemory.embedder;

import dev.agentmemory.runtime.retry.Backoff;
import dev.agentmemory.runtime.retry.MisconfiguredModelException;
import dev.agentmemory.runtime.retry.ModelApiErrors;
import dev.agentmemory.runtime.retry.ModelApiErrors.Kind;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Embeds texts through the model under the error policy of {@link ModelApiErrors}: calls
 * of at most {@code batchSize} texts; a transient failure is retried with exponential backoff and
 * full jitter up to {@code maxRetries} times, then every text of the call is rejected with the
 * reason; a permanent failure splits the call in halves until the texts the provider refuses stand
 * alone, so each of them is rejected and every other text embedded; a fatal failure is thrown (the
 * caller keeps the batch). Answers one {@link Outcome} per text, in order. Counts every failed call
 * ({@code memory_embedding_batch_errors_total{kind}}), the texts per call and the call latency.
 * Not thread-safe (one loop thread), except {@link #stop()} and {@link #healthy()}.
 */
final class BatchEmbedder {

    /** What became of one text. */
    sealed interface Outcome permits Embedded, Rejected {}

    record Embedded(float[] vector) implements Outcome {}

    record Rejected(String reason) implements Outcome {}

    private static final Logger log = LoggerFactory.getLogger(BatchEmbedder.class);

    private final EmbeddingModel model;
    private final String label;
    private final int dimensions;
    private final int batchSize;
    private final int maxRetries;
    private final Backoff backoff;
    private final CountDownLatch stopping = new CountDownLatch(1);
    private final DistributionSummary textsPerCall;
    private final Timer latency;
    private final Map<Kind, Counter> errors = new EnumMap<>(Kind.class);
    private volatile String misconfiguration;

    /** @param label names the model in reasons, e.g. "embedding API" */
    BatchEmbedder(
            EmbeddingModel model,
            String label,
            int dimensions,
            int batchSize,
            int maxRetries,
            Backoff backoff,
            MeterRegistry registry) {
        this.model = model;
        this.label = label;
        this.dimensions = dimensions;
        this.batchSize = batchSize;
        this.maxRetries = maxRetries;
        this.backoff = backoff;
        this.textsPerCall = DistributionSummary.builder("memory_embedding_batch_size")
                .description("texts per embedding call")
                .register(registry);
        this.latency = Timer.builder("memory_embedding_latency_seconds")
                .description("time of one embedding call, failed ones included")
                .publishPercentileHistogram()
                .register(registry);
        for (Kind kind : Kind.values()) {
            errors.put(
                    kind,
                    Counter.builder("memory_embedding_batch_errors_total")
                            .description("embedding calls that failed, retried or not")
                            .tag("kind", kind.name().toLowerCase())
                            .register(registry));
        }
    }

    /** One outcome per text, in order. Throws on a fatal error, or when {@link #stop()} cuts a backoff short. */
    List<Outcome> embed(List<String> texts) {
        List<Outcome> outcomes = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += batchSize) {
            outcomes.addAll(embedCall(texts.subList(from, Math.min(texts.size(), from + batchSize))));
        }
        return outcomes;
    }

    private List<Outcome> embedCall(List<String> texts) {
        for (int attempt = 0; ; attempt++) {
            try {
                List<Outcome> embedded = call(texts);
                misconfiguration = null;
                return embedded;
            } catch (RuntimeException e) {
                Kind kind = ModelApiErrors.classify(e);
                errors.get(kind).increment();
                String detail = ModelApiErrors.describe(e);
                switch (kind) {
                    case FATAL -> {
                        misconfiguration = detail;
                        log.error("{} refused our configuration, the batch is kept: {}", label, detail);
                        throw e;
                    }
                    case PERMANENT -> {
                        if (texts.size() == 1) {
                            return List.of(new Rejected(label + " rejected the item: " + detail));
                        }
                        log.info("{} rejected a call of {} texts ({}): bisecting", label, texts.size(), detail);
                        return bisect(texts);
                    }
                    case TRANSIENT -> {
                        if (attempt >= maxRetries) {
                            return reject(texts, label + " failed after " + maxRetries + " retries: " + detail);
                        }
                        log.warn(
                                "{} call of {} texts failed ({}), retry {}/{}",
                                label,
                                texts.size(),
                                detail,
                                attempt + 1,
                                maxRetries);
                        pause(attempt);
                    }
                }
            }
        }
    }

    private List<Outcome> call(List<String> texts) {
        textsPerCall.record(texts.size());
        List<TextSegment> segments = texts.stream().map(TextSegment::from).toList();
        List<Embedding> vectors = latency.record(() -> model.embedAll(segments).content());
        if (vectors == null || vectors.size() != texts.size()) {
            throw new IllegalStateException(label + " answered " + (vectors == null ? 0 : vectors.size())
                    + " embeddings for " + texts.size() + " texts");
        }
        List<Outcome> outcomes = new ArrayList<>(vectors.size());
        for (Embedding vector : vectors) {
            if (vector.dimension() != dimensions) {
                throw new MisconfiguredModelException(label + " answered " + vector.dimension()
                        + "-dimensional vectors but embedding.dimensions is " + dimensions);
            }
            outcomes.add(new Embedded(vector.vector()));
        }
        return outcomes;
    }

    /** Each half gets its own call (and retry budget): only the halves holding a refused text split again. */
    private List<Outcome> bisect(List<String> texts) {
        int middle = texts.size() / 2;
        List<Outcome> outcomes = new ArrayList<>(embedCall(texts.subList(0, middle)));
        outcomes.addAll(embedCall(texts.subList(middle, texts.size())));
        return outcomes;
    }

    private static List<Outcome> reject(List<String> texts, String reason) {
        return texts.stream().map(t -> (Outcome) new Rejected(reason)).toList();
    }

    private void pause(int attempt) {
        try {
            if (stopping.await(backoff.delay(attempt).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("shutting down: the batch is left for redelivery");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: the batch is left for redelivery", e);
        }
    }

    /** Cuts any backoff short, so a worker that is shutting down does not wait out a retry. */
    void stop() {
        stopping.countDown();
    }

    /** False while the model refuses our configuration (until a call succeeds again). */
    boolean healthy() {
        return misconfiguration == null;
    }
}
