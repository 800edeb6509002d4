package dev.agentmemory.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.runtime.config.MemoryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FusionTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MemoryConfig.Retrieval WEIGHTS =
            new MemoryConfig.Retrieval(0.6, 0.25, 0.15, new MemoryConfig.Hnsw(200, 32, 128), 50, 10, 50);
    private final Fusion fusion = new Fusion(WEIGHTS, new MemoryConfig.Decay(true, 90, 0.1, "0 */6 * * *", 1000));

    private static Fusion.Hit hit(String id, double score, Instant created) {
        return new Fusion.Hit(id, score, source(id, created));
    }

    private static StoredMemory source(String id, Instant created) {
        return source(id, created, null);
    }

    private static StoredMemory source(String id, Instant created, Instant occurred) {
        return new StoredMemory(
                id,
                "t",
                "u",
                "c " + id,
                "fact",
                null,
                JSON.createObjectNode(),
                created.toString(),
                occurred == null ? null : occurred.toString(),
                null,
                null,
                null);
    }

    private List<RetrievedMemory> fuse(List<Fusion.Hit> vector, List<Fusion.Hit> lexical) {
        return fusion.fuse(vector, lexical, NOW, 10, true);
    }

    @Test
    void eachLegIsNormalisedThenWeighted() {
        // vector scores 0.95, 0.9, 0.85 are cos 0.9, 0.8, 0.7: stretched over the candidates to 1, 0.5, 0;
        // BM25 3.0 of a best 6.0 counts 0.5; age 0: recency and decay 1
        var results = fuse(
                List.of(hit("a", 0.95, NOW), hit("b", 0.9, NOW), hit("c", 0.85, NOW)),
                List.of(hit("c", 6.0, NOW), hit("b", 3.0, NOW)));
        assertEquals(
                List.of("a", "b", "c"),
                results.stream().map(RetrievedMemory::memoryId).toList());
        assertEquals(0.6 * 1 + 0.25 * 0 + 0.15, results.get(0).score(), 1e-9);
        assertEquals(0.6 * 0.5 + 0.25 * 0.5 + 0.15, results.get(1).score(), 1e-9);
        assertEquals(0.6 * 0 + 0.25 * 1 + 0.15, results.get(2).score(), 1e-9);
    }

    @Test
    void aLoneRelatedVectorCandidateCountsFully() {
        var result =
                fuse(List.of(hit("a", 0.9, NOW)), List.of(hit("a", 7.3, NOW))).get(0);
        assertEquals(0.6 * 1 + 0.25 * 1 + 0.15 * 1, result.score(), 1e-9);
    }

    @Test
    void explainAddsUpToTheScore() {
        Instant old = NOW.minus(Duration.ofDays(45));
        var result = fuse(
                        List.of(hit("b", 0.9, NOW), hit("a", 0.8, old), hit("c", 0.7, NOW)),
                        List.of(hit("a", 2.0, old), hit("b", 4.0, NOW)))
                .stream()
                .filter(r -> r.memoryId().equals("a"))
                .findFirst()
                .orElseThrow();
        Fusion.Parts p = result.explain();
        assertEquals(0.5, p.vector(), 1e-9); // cos 0.6 between 0.8 and 0.4
        assertEquals(0.5, p.lexical(), 1e-9);
        assertEquals(Math.pow(0.5, 0.5), p.temporal(), 1e-9);
        assertEquals(p.temporal(), p.decay(), 1e-9);
        assertEquals(p.decay() * (0.6 * p.vector() + 0.25 * p.lexical() + 0.15 * p.temporal()), result.score(), 1e-12);
        assertEquals(p.score(), result.score());
    }

    @Test
    void explainIsOnlyThereWhenAskedFor() {
        assertNull(fusion.fuse(List.of(hit("a", 0.9, NOW)), List.of(), NOW, 10, false)
                .get(0)
                .explain());
    }

    @Test
    void aCandidateFromOneLegScoresZeroInTheOther() {
        var results = fuse(List.of(hit("v", 1.0, NOW)), List.of(hit("l", 3.0, NOW)));
        assertEquals(
                List.of("v", "l"),
                results.stream().map(RetrievedMemory::memoryId).toList());
        assertEquals(0.6 + 0.15, results.get(0).score(), 1e-9);
        assertEquals(0.25 + 0.15, results.get(1).score(), 1e-9);
    }

    @Test
    void anUnrelatedVectorAddsNothing() {
        assertEquals(0.15, fuse(List.of(hit("x", 0.4, NOW)), List.of()).get(0).score(), 1e-9);
    }

    @Test
    void recencyHalvesEveryHalfLife() {
        assertEquals(0.5, fusion.recency(NOW.minus(Duration.ofDays(90)), NOW), 1e-9);
        assertEquals(0.25, fusion.recency(NOW.minus(Duration.ofDays(180)), NOW), 1e-9);
        assertEquals(1.0, fusion.recency(NOW.plus(Duration.ofDays(1)), NOW), 1e-9);
    }

    @Test
    void decayNeverGoesBelowItsFloorAndAtTheFloorAFactIsStale() {
        Instant ancient = NOW.minus(Duration.ofDays(3650));
        var result = fuse(List.of(hit("old", 1.0, ancient)), List.of()).get(0);
        assertEquals(0.1, result.explain().decay(), 1e-9);
        assertTrue(fusion.stale(result.parts()));
        assertFalse(fusion.stale(
                fuse(List.of(hit("new", 1.0, NOW)), List.of()).get(0).parts()));
    }

    @Test
    void ageCountsFromWhenItHappenedWhenThatIsKnown() {
        StoredMemory source = source("a", NOW, NOW.minus(Duration.ofDays(90)));
        var result = fuse(List.of(new Fusion.Hit("a", 1.0, source)), List.of()).get(0);
        assertEquals(0.5, result.explain().temporal(), 1e-9);
    }

    @Test
    void withDecayOffOnlyTheTemporalLegSeesAge() {
        Fusion noDecay = new Fusion(WEIGHTS, new MemoryConfig.Decay(false, 90, 0.1, "0 */6 * * *", 1000));
        var result = noDecay.fuse(List.of(hit("a", 1.0, NOW.minus(Duration.ofDays(90)))), List.of(), NOW, 10, true)
                .get(0);
        assertEquals(1.0, result.explain().decay());
        assertEquals(0.6 + 0.15 * 0.5, result.score(), 1e-9);
    }

    @Test
    void tiesGoToTheNewestThenTheSmallestIdWhateverTheInputOrder() {
        Instant older = NOW.minus(Duration.ofDays(1));
        var a = List.of(hit("b", 0.9, NOW), hit("a", 0.9, NOW), hit("c", 0.9, older));
        var b = List.of(hit("c", 0.9, older), hit("a", 0.9, NOW), hit("b", 0.9, NOW));
        var first = fuse(a, List.of()).stream().map(RetrievedMemory::memoryId).toList();
        var second = fuse(b, List.of()).stream().map(RetrievedMemory::memoryId).toList();
        assertEquals(List.of("a", "b", "c"), first);
        assertEquals(first, second);
    }

    @Test
    void topKCutsTheList() {
        var hits = List.of(hit("a", 0.9, NOW), hit("b", 0.8, NOW), hit("c", 0.7, NOW));
        assertEquals(2, fusion.fuse(hits, List.of(), NOW, 2, false).size());
    }
}
