package dev.agentmemory.query;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.agentmemory.runtime.config.MemoryConfig;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuses the kNN and BM25 candidate lists into one ranking. Each leg is brought to [0, 1] before
 * weighting, because their raw scales differ:
 *
 * <ul>
 *   <li>vector: OpenSearch's cosine score is (1 + cos) / 2; we take cos itself, floored at 0, and
 *       stretch it over this query's kNN candidates, (cos − lowest) / (highest − lowest), so the
 *       best candidate gets 1 and the last one 0 (a lone candidate gets 1, or 0 if unrelated).
 *       Small embedding models crowd the cosines of a user's memories into a narrow band (e5-small:
 *       mostly 0.75–0.9): unstretched, the vector leg barely separates its candidates while the
 *       lexical leg spans [0, 1] and decides the order whatever the weights say. Chosen on LoCoMo's
 *       dev split (benchmarks/README.md: +0.06 R@10 with e5-small at the default weights);
 *   <li>lexical: BM25 is unbounded and query-dependent, so it is divided by the best BM25 score of
 *       this query (the top lexical match gets 1);
 *   <li>temporal: recency, 0.5^(age / {@code consistency.decay.half_life_days}).
 * </ul>
 *
 * The weighted sum is then multiplied by the decay weight, max({@code min_weight}, recency), so a
 * stale fact loses ground without ever vanishing ({@code consistency.decay.enabled}). Age counts
 * from when the memory happened ({@code occurred_at}), else from when it was accepted. A candidate
 * missing from one leg scores 0 there. Ties are broken by newest first, then by id, so the same
 * candidates always give the same order. Pure and thread-safe.
 */
final class Fusion {

    /** One candidate as a leg returned it: the stored document (without its vector) and the raw score. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Hit(
            @JsonProperty("_id") String id,
            @JsonProperty("_score") double score,
            @JsonProperty("_source") StoredMemory source) {}

    /** The parts of a score, as {@code explain} shows them; {@code score} is their combination. */
    record Parts(double vector, double lexical, double temporal, double decay, double score) {}

    private final MemoryConfig.Retrieval weights;
    private final MemoryConfig.Decay decay;

    Fusion(MemoryConfig.Retrieval weights, MemoryConfig.Decay decay) {
        this.weights = weights;
        this.decay = decay;
    }

    List<RetrievedMemory> fuse(List<Hit> vectorHits, List<Hit> lexicalHits, Instant now, int topK, boolean explain) {
        Map<String, Candidate> byId = new LinkedHashMap<>();
        double highest = vectorHits.stream().mapToDouble(Fusion::cosine).max().orElse(0);
        double lowest = vectorHits.stream().mapToDouble(Fusion::cosine).min().orElse(0);
        for (Hit hit : vectorHits) {
            double cos = cosine(hit);
            candidate(byId, hit).vector = highest > lowest ? (cos - lowest) / (highest - lowest) : (cos > 0 ? 1 : 0);
        }
        double bestLexical = lexicalHits.stream().mapToDouble(Hit::score).max().orElse(1);
        for (Hit hit : lexicalHits) {
            candidate(byId, hit).lexical = bestLexical > 0 ? hit.score() / bestLexical : 0;
        }
        // rank the candidates, then build results for the top k only (most candidates are dropped)
        List<Candidate> ranked = new ArrayList<>(byId.values());
        ranked.forEach(c -> c.parts = parts(c, now));
        ranked.sort(RANKING);
        List<RetrievedMemory> results = new ArrayList<>(Math.min(topK, ranked.size()));
        for (Candidate c : ranked.subList(0, Math.min(topK, ranked.size()))) {
            results.add(RetrievedMemory.of(c.source, c.parts, explain, now));
        }
        return results;
    }

    /** Best score first; ties: the newest first, then by id — the same candidates always give the same order. */
    private static final Comparator<Candidate> RANKING = Comparator.<Candidate>comparingDouble(c -> c.parts.score())
            .reversed()
            .thenComparing(Candidate::createdAt, Comparator.reverseOrder())
            .thenComparing(c -> c.id);

    /** The cosine behind a kNN score of OpenSearch's cosinesimil space, (1 + cos) / 2, floored at 0. */
    private static double cosine(Hit hit) {
        return Math.max(0, 2 * hit.score() - 1);
    }

    /** The recency of something that happened at {@code when}: 1 now, halving every half-life. */
    double recency(Instant when, Instant now) {
        return decay.recency(MemoryConfig.Decay.ageDays(when, now));
    }

    /** True when the decay weight has reached its floor: the fact is past its decay threshold. */
    boolean stale(Parts parts) {
        return decay.enabled() && parts.decay() <= decay.minWeight();
    }

    private Parts parts(Candidate c, Instant now) {
        double age = MemoryConfig.Decay.ageDays(c.happenedAt, now);
        double temporal = decay.recency(age);
        double weight = decay.weight(age);
        double sum = weights.vectorWeight() * c.vector
                + weights.lexicalWeight() * c.lexical
                + weights.temporalWeight() * temporal;
        return new Parts(c.vector, c.lexical, temporal, weight, weight * sum);
    }

    private static Candidate candidate(Map<String, Candidate> byId, Hit hit) {
        return byId.computeIfAbsent(hit.id(), id -> new Candidate(id, hit.source()));
    }

    /** One candidate's leg scores while the legs are merged. Not thread-safe. */
    private static final class Candidate {
        final String id;
        final StoredMemory source;
        final Instant happenedAt;
        double vector;
        double lexical;
        Parts parts;
        private Instant createdAt;

        Candidate(String id, StoredMemory source) {
            this.id = id;
            this.source = source;
            this.happenedAt = source.occurredAt() != null ? Timestamps.parse(source.occurredAt()) : createdAt();
        }

        /** Parsed when first needed: only ties in score compare it. */
        Instant createdAt() {
            if (createdAt == null) {
                createdAt = Timestamps.parse(source.createdAt());
            }
            return createdAt;
        }
    }
}
