package dev.agentmemory.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
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
    private final Fusion fusion = new Fusion(WEIGHTS, new MemoryConfig.Decay(true, 90, 0.1));

    private static Fusion.Hit hit(String id, double score, Instant created) {
        JsonNode source = JSON.createObjectNode()
                .put("memory_id", id)
                .put("tenant_id", "t")
                .put("user_id", "u")
                .put("content", "c " + id)
                .put("type", "fact")
                .put("created_at", created.toString());
        return new Fusion.Hit(id, score, source);
    }

    @Test
    void eachLegIsNormalisedThenWeighted() {
        // vector score 0.9 is cos 0.8; the only lexical hit is the best, so it counts 1; age 0 gives recency 1
        var results = fusion.fuse(List.of(hit("a", 0.9, NOW)), List.of(hit("a", 7.3, NOW)), NOW, 10);
        assertEquals(0.6 * 0.8 + 0.25 * 1 + 0.15 * 1, results.get(0).score(), 1e-9);
    }

    @Test
    void aCandidateFromOneLegScoresZeroInTheOther() {
        var results = fusion.fuse(List.of(hit("v", 1.0, NOW)), List.of(hit("l", 3.0, NOW)), NOW, 10);
        assertEquals(
                List.of("v", "l"),
                results.stream().map(RetrievedMemory::memoryId).toList());
        assertEquals(0.6 + 0.15, results.get(0).score(), 1e-9);
        assertEquals(0.25 + 0.15, results.get(1).score(), 1e-9);
    }

    @Test
    void anUnrelatedVectorAddsNothing() {
        var results = fusion.fuse(List.of(hit("x", 0.4, NOW)), List.of(), NOW, 10);
        assertEquals(0.15, results.get(0).score(), 1e-9);
    }

    @Test
    void recencyHalvesEveryHalfLife() {
        assertEquals(0.5, fusion.recency(NOW.minus(Duration.ofDays(90)), NOW), 1e-9);
        assertEquals(0.25, fusion.recency(NOW.minus(Duration.ofDays(180)), NOW), 1e-9);
        assertEquals(1.0, fusion.recency(NOW.plus(Duration.ofDays(1)), NOW), 1e-9);
    }

    @Test
    void tiesGoToTheNewestThenTheSmallestIdWhateverTheInputOrder() {
        Instant older = NOW.minus(Duration.ofDays(1));
        var a = List.of(hit("b", 0.9, NOW), hit("a", 0.9, NOW), hit("c", 0.9, older));
        var b = List.of(hit("c", 0.9, older), hit("a", 0.9, NOW), hit("b", 0.9, NOW));
        // recency makes the older one score lower; a and b tie exactly and are ordered by id
        var first = fusion.fuse(a, List.of(), NOW, 10).stream()
                .map(RetrievedMemory::memoryId)
                .toList();
        var second = fusion.fuse(b, List.of(), NOW, 10).stream()
                .map(RetrievedMemory::memoryId)
                .toList();
        assertEquals(List.of("a", "b", "c"), first);
        assertEquals(first, second);
    }

    @Test
    void topKCutsTheList() {
        var hits = List.of(hit("a", 0.9, NOW), hit("b", 0.8, NOW), hit("c", 0.7, NOW));
        assertEquals(2, fusion.fuse(hits, List.of(), NOW, 2).size());
    }
}
