package dev.agentmemory.consistency;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.embedding.EmbeddingModels;
import dev.agentmemory.schemas.ConsistencyEvent;
import dev.langchain4j.data.segment.TextSegment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * Calibrates the supersession thresholds of the configured embedding model offline (no Kafka):
 * decides every pair of a supersession evaluation set (old fact, then new fact, one user) with the
 * engine the stream would build, with the configured judge ({@code consistency.supersession.judge}:
 * the built-in one, or an LLM's), and prints how many updates replaced their old fact and how many
 * non-updates wrongly did, for the calibration in force and for a grid around it, then how the
 * judge answered (an LLM judge's fallbacks mean the built-in judge decided those pairs). Usage:
 * {@code Calibrate <eval-set.json> [dev|test|all] [config.yaml]}. For an operator bringing another
 * model.
 */
public final class Calibrate {

    private record Pair(String id, boolean update, String old, String neu, float[] oldVector, float[] newVector) {}

    private Calibrate() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: Calibrate <eval-set.json> [dev|test|all] [config.yaml]");
            System.exit(2);
        }
        String split = args.length > 1 ? args[1] : "dev";
        MemoryConfig config = args.length > 2
                ? ConfigLoader.load(Path.of(args[2]), System.getenv())
                : ConfigLoader.fromArgs(new String[0]);
        EmbeddingModels.Named model = EmbeddingModels.create(config.embedding());
        List<Pair> pairs = pairs(Path.of(args[0]), split, model);
        Calibration c = Calibration.of(config.embedding().model());
        var registry = new SimpleMeterRegistry();
        DoubleFunction<ContradictionJudge> judges =
                Calibration.judges(config.consistency().supersession().judge(), registry);
        System.out.printf(
                "model %s, judge %s, split %s: %d updates, %d non-updates%n",
                model.id(),
                judges.apply(c.marked()).name(),
                split,
                pairs.stream().filter(Pair::update).count(),
                pairs.stream().filter(p -> !p.update()).count());
        System.out.println("in force:   " + score(pairs, c, model.id(), judges));
        String verbose = System.getenv().getOrDefault("CALIBRATE_VERBOSE", "");
        boolean heldOut = !split.equals("dev") && !"1".equals(System.getenv("CALIBRATE_LIST_HELD_OUT"));
        if (!verbose.isEmpty() && heldOut) {
            // rules are written from the dev split's errors; listing the test split's would spend it
            System.out.println("(no pair-by-pair listing outside the dev split: its pairs stay held out;"
                    + " CALIBRATE_LIST_HELD_OUT=1 lists them anyway)");
        } else if (!verbose.isEmpty()) {
            var judge = judges.apply(c.marked());
            var engine = engine(c, model.id(), judges);
            for (Pair p : pairs) {
                double similarity = Vectors.cosine(p.oldVector(), p.newVector());
                var verdict = judge.judge(p.old(), p.neu(), similarity);
                boolean caught = hides(engine, p);
                if (caught != p.update() || verbose.equals("all")) {
                    System.out.printf(
                            Locale.ROOT,
                            "%s %s sim %.3f | %s -> %s | %s: %s%n",
                            p.id(),
                            (p.update() ? "UPDATE" : "KEEP") + (caught == p.update() ? "-ok" : "-WRONG"),
                            similarity,
                            p.old(),
                            p.neu(),
                            verdict.decidedBy(judge),
                            verdict.reason());
                }
            }
        }
        for (double candidate = c.candidate() - 0.06; candidate <= c.candidate() + 0.061; candidate += 0.02) {
            for (double marked = c.marked() - 0.06; marked <= c.marked() + 0.061; marked += 0.02) {
                var variant = new Calibration(c.merge(), c.supersede(), candidate, marked);
                System.out.println(score(pairs, variant, model.id(), judges));
            }
        }
        // every judgement of the runs above (an LLM judge's repeated pairs came from its cache)
        registry.find(MeteredJudge.CALLS).counters().stream()
                .filter(counter -> counter.count() > 0)
                .forEach(counter -> System.out.printf(
                        Locale.ROOT,
                        "judge %s %s: %.0f%n",
                        counter.getId().getTag("judge"),
                        counter.getId().getTag("outcome"),
                        counter.count()));
    }

    private static Supersession engine(Calibration c, String modelId, DoubleFunction<ContradictionJudge> judges) {
        return new Supersession(
                new Supersession.Thresholds(c.merge(), c.supersede(), c.candidate()),
                Supersession.Policy.NEWEST_WINS,
                judges.apply(c.marked()),
                modelId);
    }

    /** Whether the engine, told the old fact and then a minute later the new one, hides the old one. */
    private static boolean hides(Supersession engine, Pair p) {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Fact old = new Fact(true, "old", "t", "u", p.old(), "fact", null, p.oldVector(), t0, 1, 1.0);
        Fact neu = new Fact(true, "new", "t", "u", p.neu(), "fact", null, p.newVector(), t0.plusSeconds(60), 1, 1.0);
        return engine.decide(neu, List.of(old), t0).events().stream()
                .anyMatch(e -> e.memoryId().equals("old") && e.kind() != ConsistencyEvent.Kind.CONTRADICTION_DETECTED);
    }

    private static String score(
            List<Pair> pairs, Calibration c, String modelId, DoubleFunction<ContradictionJudge> judges) {
        var engine = engine(c, modelId, judges);
        int replaced = 0;
        int updates = 0;
        int wrong = 0;
        int keeps = 0;
        List<String> misses = new ArrayList<>();
        for (Pair p : pairs) {
            boolean hidden = hides(engine, p);
            if (p.update()) {
                updates++;
                replaced += hidden ? 1 : 0;
            } else {
                keeps++;
                wrong += hidden ? 1 : 0;
            }
            if (hidden != p.update() && misses.size() < 3) {
                misses.add(p.id());
            }
        }
        return String.format(
                Locale.ROOT,
                "candidate %.3f marked %.3f: updates replaced %.3f (%d/%d), false supersession %.3f (%d/%d) e.g. %s",
                c.candidate(),
                c.marked(),
                (double) replaced / updates,
                replaced,
                updates,
                (double) wrong / keeps,
                wrong,
                keeps,
                misses);
    }

    private static List<Pair> pairs(Path file, String split, EmbeddingModels.Named model) throws IOException {
        JsonNode set = new ObjectMapper().readTree(file.toFile());
        List<Pair> pairs = new ArrayList<>();
        for (String section : List.of("updates", "keeps")) {
            for (JsonNode item : set.path(section)) {
                if (split.equals("all") || split.equals(item.path("split").asText())) {
                    String old = item.path("old").asText();
                    String neu = item.path("new").asText();
                    var vectors = model.passages()
                            .embedAll(List.of(TextSegment.from(old), TextSegment.from(neu)))
                            .content();
                    pairs.add(new Pair(
                            item.path("id").asText(),
                            section.equals("updates"),
                            old,
                            neu,
                            vectors.get(0).vector(),
                            vectors.get(1).vector()));
                }
            }
        }
        return pairs;
    }
}
