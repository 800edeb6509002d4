package dev.agentmemory.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A line-for-line port of the BM25 of {@code /work/shared/bench/locomo_bm25_reference.py} (k1 1.2,
 * b 0.75, idf = ln(1 + (N − n + 0.5)/(n + 0.5)), tokens [a-z0-9]+ of the lower-cased text minus the
 * script's stop words, every document ranked, ties in corpus order). It is here only to check this
 * module's metric code against the script's published output (same text in, same figures out), and
 * to show what the same scorer gives on the text the API indexed. Not the product's BM25 (OpenSearch's).
 */
final class ReferenceBm25 {

    private static final Set<String> STOP =
            Set.of(("a an the and or but if of at by for with about against between into"
                            + " through during before after above below to from up down in out on off over under again further then"
                            + " once here there when where why how all any both each few more most other some such no nor not only"
                            + " own same so than too very s t can will just don should now i me my myself we our ours ourselves you"
                            + " your yours yourself yourselves he him his himself she her hers herself it its itself they them their"
                            + " theirs themselves what which who whom this that these those am is are was were be been being have"
                            + " has had having do does did doing would could ll re ve d m o y")
                    .split(" "));
    private static final Pattern TOKEN = Pattern.compile("[a-z0-9]+");
    private static final double K1 = 1.2;
    private static final double B = 0.75;

    private final List<String> ids;
    private final List<Map<String, Integer>> tf = new ArrayList<>();
    private final int[] length;
    private final Map<String, Double> idf = new HashMap<>();
    private final double avgdl;

    /** One index over the documents of one conversation: their ids (dia_ids) and texts, in corpus order. */
    ReferenceBm25(List<String> ids, List<String> docs) {
        this.ids = ids;
        this.length = new int[docs.size()];
        Map<String, Integer> df = new HashMap<>();
        long total = 0;
        for (int d = 0; d < docs.size(); d++) {
            List<String> tokens = tokenize(docs.get(d));
            length[d] = tokens.size();
            total += tokens.size();
            Map<String, Integer> counts = new HashMap<>();
            tokens.forEach(t -> counts.merge(t, 1, Integer::sum));
            tf.add(counts);
            new HashSet<>(tokens).forEach(t -> df.merge(t, 1, Integer::sum));
        }
        int n = docs.size();
        this.avgdl = (double) total / Math.max(1, n);
        df.forEach((w, c) -> idf.put(w, Math.log(1 + (n - c + 0.5) / (c + 0.5))));
    }

    /** Every document's id, best first (ties in corpus order, as Python's stable sort). */
    List<String> rank(String query) {
        List<String> q = tokenize(query);
        double[] score = new double[ids.size()];
        for (int d = 0; d < score.length; d++) {
            double s = 0;
            for (String w : q) {
                Integer f = tf.get(d).get(w);
                if (f != null) {
                    s += idf.get(w) * f * (K1 + 1) / (f + K1 * (1 - B + B * length[d] / avgdl));
                }
            }
            score[d] = s;
        }
        Integer[] order = new Integer[score.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> -score[i])); // stable
        List<String> out = new ArrayList<>(order.length);
        for (int i : order) {
            out.add(ids.get(i));
        }
        return out;
    }

    static List<String> tokenize(String s) {
        List<String> out = new ArrayList<>();
        Matcher m = TOKEN.matcher(s.toLowerCase(Locale.ROOT));
        while (m.find()) {
            if (!STOP.contains(m.group())) {
                out.add(m.group());
            }
        }
        return out;
    }
}
