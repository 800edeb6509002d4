package dev.agentmemory.consistency;

import dev.agentmemory.schemas.ConsistencyEvent;
import dev.agentmemory.schemas.ConsistencyEvent.Evidence;
import dev.agentmemory.schemas.ConsistencyEvent.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one new fact does to a user's active facts: merge into a duplicate, replace the facts it
 * contradicts (or be replaced, when it is the older one), or simply join them. Pure: the caller
 * reads the active facts and applies {@link Outcome}. Thread-safe.
 */
final class Supersession {

    /** Conflict policy, {@code consistency.supersession.conflict_resolution}. */
    enum Policy {
        NEWEST_WINS,
        MOST_FREQUENT,
        MANUAL;

        static Policy of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }

        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Similarity thresholds: merge ≥ supersede ≥ candidate. */
    record Thresholds(double merge, double supersede, double candidate) {}

    /** The decisions to publish and the facts to write back to the store (the incoming one always among them). */
    record Outcome(List<ConsistencyEvent> events, List<Fact> puts) {}

    private final Thresholds thresholds;
    private final Policy policy;
    private final ContradictionJudge judge;
    private final String embeddingModel;
    private final boolean supersedes;
    private final Duration judging;

    Supersession(Thresholds thresholds, Policy policy, ContradictionJudge judge, String embeddingModel) {
        this(thresholds, policy, judge, embeddingModel, true);
    }

    Supersession(
            Thresholds thresholds, Policy policy, ContradictionJudge judge, String embeddingModel, boolean supersedes) {
        this(thresholds, policy, judge, embeddingModel, supersedes, null);
    }

    /**
     * @param supersedes {@code consistency.supersession.enabled}: when false no fact replaces
     *     another (no slot, similarity or judge decision, no contradiction reported); duplicates
     *     still merge
     * @param judging the time the judge may spend on one memory's pairs (null: no limit); once it
     *     is spent, the remaining pairs go to {@link ContradictionJudge#withoutNetwork}. One memory
     *     can have many candidate pairs, and the LLM judge is asked while the record's transaction
     *     is open: without a limit, a few dozen slow answers would outlast the transaction timeout
     */
    Supersession(
            Thresholds thresholds,
            Policy policy,
            ContradictionJudge judge,
            String embeddingModel,
            boolean supersedes,
            Duration judging) {
        this.thresholds = thresholds;
        this.policy = policy;
        this.judge = judge;
        this.embeddingModel = embeddingModel;
        this.supersedes = supersedes;
        this.judging = judging;
    }

    /**
     * @param facts the user's facts, without {@code incoming}: the active ones, which it is compared
     *     with, and the retired ones, whose mentions {@code most_frequent} counts
     */
    Outcome decide(Fact incoming, List<Fact> facts, Instant now) {
        List<ConsistencyEvent> events = new ArrayList<>();
        List<Fact> puts = new ArrayList<>();
        List<Fact> active = facts.stream().filter(Fact::active).toList();

        Fact duplicate = null;
        double duplicateSimilarity = -1;
        // a fact in a slot that repeats facts outside any slot: they are folded into it once it
        // holds the slot (below), not it into them, so the slot's old value is still replaced
        Map<Fact, Double> absorbed = new LinkedHashMap<>(); // each with its duplicate similarity
        // a repeated statement of how things are is one fact said again; a repeated event or
        // observation is another occurrence, kept
        for (Fact fact : incoming.statesHowThingsAre() ? active : List.<Fact>of()) {
            double similarity = fact.statesHowThingsAre() ? duplicate(incoming, fact) : -1;
            if (similarity < 0) {
                continue;
            }
            if (incoming.key() != null && !incoming.key().equals(fact.key())) {
                if (fact.key() == null) {
                    absorbed.put(fact, similarity);
                }
                continue;
            }
            if (similarity > duplicateSimilarity) {
                duplicate = fact;
                duplicateSimilarity = similarity;
            }
        }
        if (duplicate != null) {
            Fact canonical = duplicate.mentionedAgain(incoming.effectiveAt());
            puts.add(canonical);
            String rule = duplicateRule(duplicateSimilarity);
            events.add(event(
                    Kind.MERGED,
                    incoming,
                    canonical.memoryId(),
                    null,
                    canonical.mentionCount(),
                    now,
                    evidence(rule, incoming.similarity(duplicate), null, null)));
            puts.add(incoming.retiredAsDuplicate());
            return new Outcome(events, puts);
        }
        if (policy == Policy.MOST_FREQUENT) {
            // a value said before and outvoted then still counts: said often enough, it wins. Its
            // mentions move to the new statement (the earlier ones keep none), so none counts twice
            String text = Texts.normalised(incoming.content());
            List<Fact> saidBefore = facts.stream()
                    .filter(f -> !f.active() && f.mentionCount() > 0)
                    .filter(f -> Texts.normalised(f.content()).equals(text))
                    .toList();
            incoming = incoming.mentioned(
                    1 + saidBefore.stream().mapToInt(Fact::mentionCount).sum());
            saidBefore.forEach(f -> puts.add(f.mentioned(0)));
        }

        List<Conflict> conflicts = new ArrayList<>();
        long judgingEnds = judging == null ? Long.MAX_VALUE : System.nanoTime() + judging.toNanos();
        for (Fact fact : supersedes ? active : List.<Fact>of()) {
            if (absorbed.containsKey(fact)) {
                continue;
            }
            Conflict conflict = conflict(incoming, fact, judgingEnds);
            if (conflict != null) {
                conflicts.add(conflict);
            }
        }
        // the conflict whose fact prevails over the incoming one, if any: the incoming one is then replaced by it
        Conflict lostTo = null;
        for (Conflict c : conflicts) {
            events.add(event(
                    Kind.CONTRADICTION_DETECTED, c.existing(), incoming.memoryId(), null, null, now, c.evidence()));
            if (policy == Policy.MANUAL) {
                continue;
            }
            if (wins(incoming, c.existing())) {
                puts.add(c.existing().retired());
                events.add(event(
                        Kind.SUPERSEDED,
                        c.existing(),
                        incoming.memoryId(),
                        incoming.effectiveAt(),
                        null,
                        now,
                        c.evidence()));
            } else if (lostTo == null || wins(c.existing(), lostTo.existing())) {
                lostTo = c;
            }
        }
        if (lostTo != null) {
            events.add(event(
                    Kind.SUPERSEDED,
                    incoming,
                    lostTo.existing().memoryId(),
                    lostTo.existing().effectiveAt(),
                    null,
                    now,
                    lostTo.evidence()));
        }
        if (lostTo == null) {
            for (var entry : absorbed.entrySet()) {
                Fact said = entry.getKey();
                incoming = incoming.mentioned(incoming.mentionCount() + said.mentionCount());
                events.add(event(
                        Kind.MERGED,
                        said,
                        incoming.memoryId(),
                        null,
                        incoming.mentionCount(),
                        now,
                        evidence(duplicateRule(entry.getValue()), incoming.similarity(said), null, null)));
                puts.add(said.retiredAsDuplicate());
            }
        }
        puts.add(lostTo == null ? incoming.stored() : incoming.retired());
        return new Outcome(events, puts);
    }

    /**
     * How much {@code fact} is a duplicate of {@code incoming}: its similarity (at least 1 for the
     * same normalised text), or -1 when it is not one.
     */
    private double duplicate(Fact incoming, Fact fact) {
        double similarity = incoming.similarity(fact);
        if (Texts.normalised(fact.content()).equals(Texts.normalised(incoming.content()))) {
            return Math.max(similarity, 1.0);
        }
        // in one fact slot a different text is a new value ("… is 7" / "… is 8"), however similar
        boolean sameSlot = incoming.key() != null && incoming.key().equals(fact.key());
        // nor is a text with other numbers, however similar ("starts at 8:45" / "starts at 8:15")
        boolean sameNumbers = Texts.numbers(fact.content()).equals(Texts.numbers(incoming.content()));
        return similarity >= thresholds.merge() && !sameSlot && sameNumbers ? similarity : -1;
    }

    /** The rule a duplicate's similarity ({@link #duplicate}) names: 1 or more is the same text. */
    private static String duplicateRule(double duplicateSimilarity) {
        return duplicateSimilarity >= 1.0 ? "same_text" : "similarity";
    }

    private record Conflict(Fact existing, Evidence evidence) {}

    /** Whether the two facts cannot both be true, and by which rule; null when they can. */
    private Conflict conflict(Fact incoming, Fact existing, long judgingEnds) {
        double similarity = incoming.similarity(existing);
        if (incoming.key() != null && incoming.key().equals(existing.key())) {
            return new Conflict(existing, evidence("same_key", similarity, null, "fact slot '" + incoming.key() + "'"));
        }
        if (similarity < thresholds.candidate() || !incoming.statesHowThingsAre() || !existing.statesHowThingsAre()) {
            return null;
        }
        boolean incomingLater = !incoming.effectiveAt().isBefore(existing.effectiveAt());
        Fact earlier = incomingLater ? existing : incoming;
        Fact later = incomingLater ? incoming : existing;
        ContradictionJudge.Verdict verdict;
        String judgeName;
        if (System.nanoTime() - judgingEnds < 0) {
            verdict = judge.judge(earlier.content(), later.content(), similarity);
            judgeName = verdict.decidedBy(judge);
        } else {
            ContradictionJudge offline = judge.withoutNetwork();
            verdict = offline.judge(earlier.content(), later.content(), similarity);
            judgeName = offline.name();
            verdict = verdict.givenInPlaceBy(
                    judgeName,
                    judge.name() + " not asked: this memory's " + judging.toSeconds() + " s for judging were spent; "
                            + judgeName + ": " + verdict.reason());
        }
        if (similarity >= thresholds.supersede()) {
            // above the threshold only the judge's vetoes (another person, an addition) keep both
            return verdict.standsAnyway()
                    ? null
                    : new Conflict(existing, evidence("similarity", similarity, judgeName, verdict.reason()));
        }
        return verdict.conflict()
                ? new Conflict(existing, evidence("judge", similarity, judgeName, verdict.reason()))
                : null;
    }

    /** Whether {@code a} prevails over {@code b} under the policy. */
    private boolean wins(Fact a, Fact b) {
        Comparator<Fact> newest = Comparator.comparing(Fact::effectiveAt);
        Comparator<Fact> order = policy == Policy.MOST_FREQUENT
                ? Comparator.comparingInt(Fact::mentionCount).thenComparing(newest)
                : newest;
        return order.compare(a, b) >= 0;
    }

    private Evidence evidence(String rule, double similarity, String judgeName, String reason) {
        return new Evidence(
                rule, Math.round(similarity * 10_000) / 10_000.0, judgeName, reason, embeddingModel, policy.wireName());
    }

    private static ConsistencyEvent event(
            Kind kind, Fact about, String other, Instant validUntil, Integer mentions, Instant now, Evidence evidence) {
        return new ConsistencyEvent(
                ConsistencyEvent.SCHEMA_VERSION,
                ConsistencyEvent.decisionId(kind, about.memoryId(), other),
                kind,
                about.tenantId(),
                about.userId(),
                about.memoryId(),
                other,
                validUntil,
                mentions,
                null,
                now,
                evidence);
    }
}
