package dev.agentmemory.consistency;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The built-in judge: no network, rules over the words of two statements whose embeddings are
 * already close (same topic). In order:
 *
 * <ol>
 *   <li>different subjects ("I live in Berlin" / "My sister lives in Paris": another person) → no
 *       conflict;
 *   <li>the later one is additive ("also", "as well", "another", "… too.") → no conflict;
 *   <li>the later one carries a change marker or a negation ("switched", "no longer", "now",
 *       "moved", "quit", "dropped", "bought", "went back", "don't", "no", …) → conflict when the two
 *       still share a content word besides the markers, compared by stem ("dark mode" / "light
 *       mode", "eat" / "eating"), when the earlier one was an absence and the later one starts or
 *       acquires something ("I don't have a bike" / "I bought a bike"), or when their similarity
 *       reaches {@code markedSimilarity} ("I live in Berlin" / "I moved to Munich"); otherwise it is
 *       about something else;
 *   <li>unmarked: {@link Frames} — a new clock-time range, a same attribute named with a copula
 *       either way round ("Earl Grey is my tea" / "My tea is Darjeeling"), a slot substitution of a
 *       value of the same kind ("My IDE is Eclipse" / "My IDE is IntelliJ IDEA"), or the same words
 *       reordered; a later statement restricted to an occasion ("… on Saturdays", "… this week"),
 *       another attribute ("my favourite food" / "my favourite sushi"), a changed head noun after a
 *       shared modifier ("dark mode" / "dark chocolate") or a span that grows into another clause
 *       ("I use Vim" / "I use Vimeo to host my videos") is no conflict.
 * </ol>
 *
 * Stateless.
 */
final class RuleJudge implements ContradictionJudge {

    private final double markedSimilarity;

    /** @param markedSimilarity a marked statement sharing no content word conflicts from this similarity up */
    RuleJudge(double markedSimilarity) {
        this.markedSimilarity = markedSimilarity;
    }

    @Override
    public String name() {
        return "builtin";
    }

    @Override
    public Verdict judge(String earlier, String later, double similarity) {
        Statement before = Statement.of(earlier);
        Statement after = Statement.of(later);
        String subjectBefore = subject(before.words());
        String subjectAfter = subject(after.words());
        if (!subjectBefore.equals(subjectAfter)) {
            return Verdict.standsAnyway("different subjects ('" + subjectBefore + "' / '" + subjectAfter + "')");
        }
        Matcher additive = Lexicon.ADDITIVE.matcher(after.joined());
        if (additive.find()) {
            return Verdict.standsAnyway("additive '" + additive.group(1) + "'");
        }
        if (Lexicon.TOO_AT_CLAUSE_END.matcher(later.toLowerCase(Locale.ROOT)).find()) {
            return Verdict.standsAnyway("additive 'too'");
        }
        Matcher change = Lexicon.CHANGE.matcher(after.marking());
        if (change.find()) {
            return marked(before, after, similarity, "change marker '" + change.group(1) + "'");
        }
        return Frames.compare(before, after, similarity, markedSimilarity);
    }

    /** The later statement says that something changed: about the same thing, or another? */
    private Verdict marked(Statement before, Statement after, double similarity, String marker) {
        Set<String> shared = before.contentStems(Lexicon.CHANGE);
        shared.retainAll(after.contentStems(Lexicon.CHANGE));
        if (!shared.isEmpty()) {
            return Verdict.conflict(marker + ", shared '" + String.join(" ", shared) + "'");
        }
        Matcher acquiring = Lexicon.ACQUIRING.matcher(after.joined());
        if (Lexicon.NEGATION.matcher(before.joined()).find()
                && !Lexicon.NEGATION.matcher(after.joined()).find()
                && acquiring.find()) {
            return Verdict.conflict(marker + ": an absence, then '" + acquiring.group(1) + "'");
        }
        return similarity >= markedSimilarity
                ? Verdict.conflict(marker + String.format(Locale.ROOT, ", similarity %.3f", similarity))
                : Verdict.noConflict(marker + " but nothing shared: another attribute");
    }

    /** "self" for the user; a relation ("sister"), a name ("tom") or "someone else" for another person. */
    static String subject(List<String> words) {
        int i = 0;
        while (i < words.size() && Lexicon.OPENERS.contains(Statement.lower(words.get(i)))) {
            i++;
        }
        if (i == words.size()) {
            return "self";
        }
        String first = Statement.lower(words.get(i));
        String next = i + 1 < words.size() ? Lexicon.relation(Statement.lower(words.get(i + 1))) : null;
        boolean speaksOfUser = false;
        for (int k = i; k < words.size(); k++) {
            String w = Statement.lower(words.get(k));
            boolean beforeRelation =
                    k + 1 < words.size() && Lexicon.relation(Statement.lower(words.get(k + 1))) != null;
            speaksOfUser |= Lexicon.FIRST_PERSON.contains(w) && !beforeRelation;
        }
        String named = first.equals("my") || first.equals("our") ? null : namedRelation(words, i);
        if (named != null) {
            // "Sara is my team lead" says who the user's team lead is, as "My team lead is Sara" does
            return named;
        }
        if ((first.equals("my") || first.equals("our")) && next != null) {
            // "My boyfriend and I live together" is the user's own statement
            return speaksOfUser ? "self" : next;
        }
        String opener = Lexicon.relation(first);
        if (opener != null && !speaksOfUser) {
            // "The kids go to bed at 8" ("the" is skipped as an opener), "Neighbours park on the street"
            return opener;
        }
        if (Lexicon.FIRST_PERSON.contains(first)) {
            return "self";
        }
        if (Lexicon.THIRD_PERSON.contains(first)) {
            return "someone else";
        }
        // a noun phrase opens it ("Dark mode is my favourite", "Tom from my team uses Vim"): the
        // user's own statement if it speaks of the user other than through a relation, else a
        // capitalised opener is a name unless it is a verb or a filler ("Started a new job")
        String opening = words.get(i);
        boolean name = Character.isUpperCase(opening.charAt(0))
                && !Lexicon.NOT_A_NAME.matcher(opening).matches();
        return speaksOfUser || !name ? "self" : first;
    }

    /**
     * The relation a statement names someone as, "Sara is my team lead" → "team": a name or a noun
     * phrase of up to three words, a copula, then "my" or "our" and a relation; null otherwise.
     */
    private static String namedRelation(List<String> words, int from) {
        for (int k = from + 1; k <= Math.min(from + 3, words.size() - 3); k++) {
            String possessive = Statement.lower(words.get(k + 1));
            if (Lexicon.COPULAS.contains(Statement.lower(words.get(k)))
                    && (possessive.equals("my") || possessive.equals("our"))) {
                return Lexicon.relation(Statement.lower(words.get(k + 2)));
            }
        }
        return null;
    }

    /** The words, in order, with their case (a capital may mark a name). */
    static List<String> words(String text) {
        return Statement.words(text);
    }
}
