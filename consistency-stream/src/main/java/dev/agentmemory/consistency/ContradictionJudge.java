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
     */
    record Verdict(boolean conflict, boolean standsAnyway, String reason) {
        static Verdict conflict(String reason) {
            return new Verdict(true, false, reason);
        }

        static Verdict noConflict(String reason) {
            return new Verdict(false, false, reason);
        }

        static Verdict standsAnyway(String reason) {
            return new Verdict(false, true, reason);
        }
    }

    /** Recorded on decisions, e.g. {@code builtin}. */
    String name();

    /**
     * @param earlier the statement that became true first
     * @param later the statement that became true after it
     * @param similarity their embeddings' cosine similarity
     */
    Verdict judge(String earlier, String later, double similarity);
}
