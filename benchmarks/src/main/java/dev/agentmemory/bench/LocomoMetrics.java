package dev.agentmemory.bench;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Turn-level retrieval metrics of one ranking against a question's evidence dia_ids (binary
 * relevance), as the reference script computes them: recall@k = |evidence ∩ top k| / |evidence|;
 * hit@10 = 1 when any evidence is in the top 10; nDCG@10 = Σ 1/log2(rank+1) over evidence in the top
 * 10, divided by the ideal for min(10, |evidence|) relevant; MRR = 1 / rank of the first evidence
 * in the ranking (0 if absent; the API's rankings stop at top_k). Sums are micro-averaged: every
 * question counts once.
 */
final class LocomoMetrics {

    static final int[] RECALL_AT = {1, 5, 10, 20};
    static final String[] COLUMNS = {"R@1", "R@5", "R@10", "R@20", "hit@10", "nDCG@10", "MRR"};

    private final double[] sums = new double[COLUMNS.length];
    private int n;

    void add(List<String> ranked, List<String> evidence) {
        double[] m = of(ranked, evidence);
        for (int i = 0; i < m.length; i++) {
            sums[i] += m[i];
        }
        n++;
    }

    void addAll(LocomoMetrics other) {
        for (int i = 0; i < sums.length; i++) {
            sums[i] += other.sums[i];
        }
        n += other.n;
    }

    int count() {
        return n;
    }

    /** The mean of column {@code i} of {@link #COLUMNS}; NaN with no question. */
    double mean(int i) {
        return n == 0 ? Double.NaN : sums[i] / n;
    }

    double recall10() {
        return mean(2);
    }

    double ndcg10() {
        return mean(5);
    }

    static double[] of(List<String> ranked, List<String> evidence) {
        Set<String> gold = new HashSet<>(evidence);
        double[] m = new double[COLUMNS.length];
        for (int j = 0; j < RECALL_AT.length; j++) {
            m[j] = found(ranked, gold, RECALL_AT[j]) / (double) gold.size();
        }
        m[4] = found(ranked, gold, 10) > 0 ? 1 : 0;
        double dcg = 0;
        Set<String> counted = new HashSet<>(); // a turn stored twice counts once, where it first ranks
        for (int i = 0; i < Math.min(10, ranked.size()); i++) {
            if (gold.contains(ranked.get(i)) && counted.add(ranked.get(i))) {
                dcg += 1 / log2(i + 2);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(10, gold.size()); i++) {
            ideal += 1 / log2(i + 2);
        }
        m[5] = dcg / ideal;
        for (int i = 0; i < ranked.size(); i++) {
            if (gold.contains(ranked.get(i))) {
                m[6] = 1.0 / (i + 1);
                break;
            }
        }
        return m;
    }

    /** Distinct evidence turns in the top k (as the reference script: |set(ranked[:k]) ∩ gold|). */
    private static int found(List<String> ranked, Set<String> gold, int k) {
        Set<String> top = new HashSet<>(ranked.subList(0, Math.min(k, ranked.size())));
        top.retainAll(gold);
        return top.size();
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
