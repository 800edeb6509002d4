package dev.agentmemory.runtime.embedding;

import dev.agentmemory.runtime.config.MemoryConfig;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import java.time.Duration;

/**
 * Builds the configured embedding model and checks, before the service takes any work, that it
 * produces vectors of the configured size (a mismatch with the index would fail every write).
 */
public final class EmbeddingModels {

    /** A model with the name recorded on every memory it embeds. */
    public record Named(String id, EmbeddingModel model) {}

    private EmbeddingModels() {}

    public static Named create(MemoryConfig.Embedding config) {
        Named named = switch (config.provider()) {
            case "in_process" -> new Named(config.model(), inProcess(config.model()));
            case "openai" -> new Named("openai:" + config.model(), openAi(config));
            default -> throw new IllegalArgumentException("embedding.provider: unknown " + config.provider());
        };
        int actual = named.model().dimension();
        if (actual != config.dimensions()) {
            throw new IllegalStateException("embedding.dimensions is " + config.dimensions() + " but model '"
                    + named.id() + "' produces " + actual + "-dimensional vectors; fix the config");
        }
        return named;
    }

    private static EmbeddingModel inProcess(String model) {
        return switch (model) {
            case "all-minilm-l6-v2-q" -> new AllMiniLmL6V2QuantizedEmbeddingModel();
            default ->
                throw new IllegalArgumentException(
                        "embedding.model: unknown in-process model '" + model + "' (known: all-minilm-l6-v2-q)");
        };
    }

    private static EmbeddingModel openAi(MemoryConfig.Embedding config) {
        MemoryConfig.OpenAi api = config.openai();
        return OpenAiEmbeddingModel.builder()
                .baseUrl(api.baseUrl())
                .apiKey(api.apiKey())
                .modelName(config.model())
                .dimensions(config.dimensions())
                .timeout(Duration.ofMillis(api.timeoutMs()))
                // retries are ours (backoff with jitter, then the dead-letter topic), not the client's
                .maxRetries(0)
                .build();
    }
}
