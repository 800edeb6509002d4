package dev.agentmemory.consistency;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A judge whose judgements are counted: {@value #CALLS}{@code {judge, outcome}}, outcome {@code
 * conflict}, {@code no_conflict}, {@code stands} (can stand together however similar) or {@code
 * fallback} (the LLM judge could not decide and its fallback did). Thread-safe.
 */
final class MeteredJudge implements ContradictionJudge {

    static final String CALLS = "memory_contradiction_judge_calls_total";

    private final ContradictionJudge judge;
    private final Counter conflict;
    private final Counter noConflict;
    private final Counter stands;
    private final Counter fallback;
    private final ContradictionJudge offline;

    MeteredJudge(ContradictionJudge judge, MeterRegistry registry) {
        this.judge = judge;
        this.offline = judge.withoutNetwork() == judge ? this : new MeteredJudge(judge.withoutNetwork(), registry);
        this.conflict = counter(registry, judge.name(), "conflict");
        this.noConflict = counter(registry, judge.name(), "no_conflict");
        this.stands = counter(registry, judge.name(), "stands");
        this.fallback = counter(registry, judge.name(), "fallback");
    }

    private static Counter counter(MeterRegistry registry, String judge, String outcome) {
        return Counter.builder(CALLS)
                .description("pairs of facts the contradiction judge was asked about, by its answer")
                .tag("judge", judge)
                .tag("outcome", outcome)
                .register(registry);
    }

    @Override
    public String name() {
        return judge.name();
    }

    @Override
    public ContradictionJudge withoutNetwork() {
        return offline;
    }

    @Override
    public Verdict judge(String earlier, String later, double similarity) {
        Verdict verdict = judge.judge(earlier, later, similarity);
        Counter outcome = verdict.isFallback()
                ? fallback
                : verdict.conflict() ? conflict : verdict.standsAnyway() ? stands : noConflict;
        outcome.increment();
        return verdict;
    }
}
