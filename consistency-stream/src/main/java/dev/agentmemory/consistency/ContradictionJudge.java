package dev.agentmemory.consistency;

/**
 * Decides whether a later statement replaces an earlier one about the same user (same attribute,
 * new value) or can stand beside it (an addition, another person, another attribute). Consulted for
 * pairs whose similarity is at least {@code candidate_threshold}. Implementations are thread-safe.
 */
interface ContradictionJudge {

    /**
     * The judgement and the reason it gives (kept as evidence on the decision). {@code standsAnyway}:
     * the two can stand together however similar they are (another person's fact, an addition).
     * {@code fallbackJudge}: null when the judge asked decided; else the name of the judge that
     * decided in its place (the LLM judge's built-in fallback), which the evidence then names.
     */
    record Verdict(boolean conflict, boolean standsAnyway, String reason, String fallbackJudge) {
        static Verdict conflict(String reason) {
            return new Verdict(true, false, reason, null);
        }

        static Verdict noConflict(String reason) {
            return new Verdict(false, false, reason, null);
        }

        static Verdict standsAnyway(String reason) {
            return new Verdict(false, true, reason, null);
        }

        /** This judgement, given by {@code judge} in place of the judge asked, with another reason. */
        Verdict givenInPlaceBy(String judge, String reason) {
            return new Verdict(conflict, standsAnyway, reason, judge);
        }

        boolean isFallback() {
            return fallbackJudge != null;
        }

        /** The name of the judge that decided, when {@code asked} was asked. */
        String decidedBy(ContradictionJudge asked) {
            return isFallback() ? fallbackJudge : asked.name();
        }
    }

    /** Recorded on decisions, e.g. {@code builtin} or {@code llm:gpt-4o-mini}. */
    String name();

    /**
     * @param earlier the statement that became true first
     * @param later the statement that became true after it
     * @param similarity their embeddings' cosine similarity
     */
    Verdict judge(String earlier, String later, double similarity);

    /** The judge that decides without the network when this one may not be asked (itself, unless it calls out). */
    default ContradictionJudge withoutNetwork() {
        return this;
    }
}
