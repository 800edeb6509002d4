package dev.agentmemory.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The per-question figures, against the reference script's definitions (shared/bench/locomo_bm25_reference.py). */
class LocomoMetricsTest {

    private static final double LN2 = Math.log(2);

    @Test
    void recallNdcgAndReciprocalRankAsTheReferenceDefinesThem() {
        // gold D1:3 at rank 2, D2:7 at rank 6; D9:9 never found
        List<String> ranked = List.of("D1:1", "D1:3", "D1:4", "D1:5", "D1:6", "D2:7", "D2:8");
        double[] m = LocomoMetrics.of(ranked, List.of("D1:3", "D2:7", "D9:9"));
        assertEquals(0.0, m[0], 1e-12); // recall@1
        assertEquals(1 / 3.0, m[1], 1e-12); // recall@5
        assertEquals(2 / 3.0, m[2], 1e-12); // recall@10
        assertEquals(2 / 3.0, m[3], 1e-12); // recall@20
        assertEquals(1.0, m[4], 1e-12); // hit@10
        double dcg = 1 / (Math.log(3) / LN2) + 1 / (Math.log(7) / LN2);
        double ideal = 1 + 1 / (Math.log(3) / LN2) + 1 / (Math.log(4) / LN2);
        assertEquals(dcg / ideal, m[5], 1e-12); // nDCG@10
        assertEquals(0.5, m[6], 1e-12); // MRR
    }

    @Test
    void aTurnStoredTwiceCountsOnce() {
        double[] m = LocomoMetrics.of(List.of("D1:3", "D1:3", "D2:1"), List.of("D1:3", "D2:7"));
        assertEquals(0.5, m[1], 1e-12, "recall@5 never above the share of evidence found");
        assertEquals(1 / (1 + 1 / (Math.log(3) / LN2)), m[5], 1e-12);
    }
}
