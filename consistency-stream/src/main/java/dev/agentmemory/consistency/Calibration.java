package dev.agentmemory.consistency;

import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.DoubleFunction;

/**
 * The similarity thresholds of one embedding model; a threshold set in the config wins over these.
 * Each in-process model's were chosen on the dev split of the supersession evaluation set ({@code
 * benchmarks/src/main/resources/supersession/eval-set.json}) with {@link Calibrate} ({@code
 * EMBEDDING_MODEL} set to the model): the highest recall at e5-small-v2-q's dev false supersession
 * (1 of 51), no update merged; the test split was run once, for the final values (README).
 *
 * @param merge at or above: the same statement, merged
 * @param supersede at or above: superseded unless the judge sees another person or an addition
 * @param candidate from here to {@code supersede}: the judge decides
 * @param marked the judge: a statement with a change marker sharing no content word with the
 *     earlier one replaces it from this similarity up
 */
record Calibration(double merge, double supersede, double candidate, double marked) {

    private static final Map<String, Calibration> BY_MODEL = Map.of(
            "e5-small-v2-q", new Calibration(0.975, 0.96, 0.76, 0.80),
            "bge-small-en-v15-q", new Calibration(0.97, 0.90, 0.40, 0.60),
            "all-minilm-l6-v2-q", new Calibration(0.97, 0.86, 0.30, 0.38));

    /** For a model without its own calibration (a remote API): the reference's 0.92, and guesses. */
    private static final Calibration UNCALIBRATED = new Calibration(0.97, 0.92, 0.75, 0.85);

    static Calibration of(String model) {
        return BY_MODEL.getOrDefault(model, UNCALIBRATED);
    }

    /** The thresholds in force: the config's where set, else this model's calibration. */
    static Supersession.Thresholds thresholds(MemoryConfig.Supersession config, String model) {
        Calibration c = of(model);
        return new Supersession.Thresholds(
                Objects.requireNonNullElse(
                        MemoryConfig.Supersession.threshold("merge_threshold", config.mergeThreshold()), c.merge()),
                Objects.requireNonNullElse(
                        MemoryConfig.Supersession.threshold("similarity_threshold", config.similarityThreshold()),
                        c.supersede()),
                Objects.requireNonNullElse(
                        MemoryConfig.Supersession.threshold("candidate_threshold", config.candidateThreshold()),
                        c.candidate()));
    }

    /**
     * The engine for a config: thresholds, policy, the configured judge (counted in {@code
     * registry}), and whether supersession is enabled at all.
     */
    static Supersession engine(MemoryConfig config, MeterRegistry registry) {
        Calibration c = of(config.embedding().model());
        MemoryConfig.Judge judge = config.consistency().supersession().judge();
        return new Supersession(
                thresholds(
                        config.consistency().supersession(), config.embedding().model()),
                Supersession.Policy.of(config.consistency().supersession().conflictResolution()),
                judges(judge, registry).apply(c.marked()),
                EmbeddingModels.id(config.embedding()),
                config.consistency().supersession().enabled(),
                // one judgement's whole budget for all of a memory's pairs: with the one that may
                // still be under way when it runs out, within the transaction timeout (two budgets)
                judge.provider().equals("openai")
                        ? Duration.ofMillis(ConsistencyStreamMain.judgeBudgetMs(judge.openai()))
                        : null);
    }

    /**
     * The configured judge for a calibration's {@code marked} similarity, counted in {@code
     * registry}: the built-in judge, or ({@code provider: openai}) the LLM judge falling back on it.
     * The judges of one call share the LLM client and its verdict cache.
     */
    static DoubleFunction<ContradictionJudge> judges(MemoryConfig.Judge config, MeterRegistry registry) {
        return switch (config.provider()) {
            case "builtin" -> marked -> new MeteredJudge(new RuleJudge(marked), registry);
            case "openai" -> {
                LlmJudge.Client client = LlmJudge.client(config, registry);
                yield marked -> new MeteredJudge(new LlmJudge(client, new RuleJudge(marked)), registry);
            }
            default ->
                throw new IllegalArgumentException(
                        "consistency.supersession.judge.provider: unknown " + config.provider());
        };
    }
}
