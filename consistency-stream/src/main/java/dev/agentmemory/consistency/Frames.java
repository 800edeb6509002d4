package dev.agentmemory.consistency;

import dev.agentmemory.consistency.ContradictionJudge.Verdict;
import dev.agentmemory.consistency.Statement.Token;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;

/**
 * The built-in judge's reading of two unmarked statements (no change marker, no negation, no
 * addition): whether the later one gives the same attribute a new value. In order:
 *
 * <ol>
 *   <li>both give a clock-time range ("from 2pm to 10pm" / "7am to 3pm"), the later one names an
 *       attribute ("my hours are …") or they share a content word, and they are as similar as a
 *       marked change → a new schedule;
 *   <li>the later one is restricted in time or company and the earlier is not ("on Sundays", "this
 *       week", "every evening", "with my nephew") → an occasion, not a new standing value;
 *   <li>both name an attribute of the user's with a copula, either way round ("my A is V" / "V is my
 *       A"): another attribute, or a value of another kind ("Priya" / "strict about deadlines") → no
 *       conflict; the same one with a value of the same kind → conflict;
 *   <li>a slot substitution, in the whole later statement or in one of its clauses: the same words
 *       before and after one differing span, after a verb or a function word, both values of the
 *       same kind (a bare name is not a common noun phrase, "to" + a verb is not a noun, a place or
 *       time after a preposition is not a thing: "before bed" / "the news at breakfast"), the span not
 *       growing into another statement, no shared modifier before it ("dark mode" / "dark chocolate"),
 *       no word in both spans and not a setting in each (then more than one thing differs: "email for
 *       work" / "phone calls for family", "audiobooks on Audible" / "the radio in the car"), the
 *       shared words attached alike (no span ending in a preposition where the other does not),
 *       not a second thing had ("I have a cat" / "I have a dog", unlike "I have brown hair" / "I have
 *       grey hair");
 *   <li>the same words reordered around a few new ones, at the similarity of a marked change.
 * </ol>
 *
 * Articles are left out of the alignment, verbs of liking read as one ("like" / "prefer"), "I'm on
 * X" as "I use X". Stateless.
 */
final class Frames {

    private static final int MAX_SPAN_GROWTH = 3;
    private static final int MAX_ATTRIBUTE_WORDS = 3;
    private static final Set<String> SUBJECTS = Set.of("i", "we", "they", "you");
    private static final Set<String> POSSESSIVES = Set.of("my", "our");
    /** Adverbs that stand between a copula and its value ("is always Darjeeling"). */
    private static final Set<String> ADVERBS =
            Set.of("always", "usually", "still", "really", "definitely", "mostly", "now", "currently", "honestly");

    /** Prepositions that open a place or a time. */
    private static final Set<String> PREPOSITIONS = Set.of(
            "at", "in", "on", "by", "before", "after", "during", "from", "near", "with", "for", "since", "until",
            "around", "into", "inside", "outside", "under", "over", "behind", "between");

    /** Verbs of having: one more thing had is no replacement of the other. */
    private static final Set<String> POSSESSION =
            Set.of("have", "has", "own", "owns", "keep", "keeps", "collect", "collects");

    private Frames() {}

    static Verdict compare(Statement before, Statement after, double similarity, double markedSimilarity) {
        String beforeText = before.text().toLowerCase(Locale.ROOT);
        String afterText = after.text().toLowerCase(Locale.ROOT);
        Set<String> shared = before.contentStems(null);
        shared.retainAll(after.contentStems(null));
        if (Lexicon.TIME_RANGE.matcher(beforeText).find()
                && Lexicon.TIME_RANGE.matcher(afterText).find()
                && (attribute(after.tokens()) != null || shared.stream().anyMatch(w -> !w.matches("\\d+.*")))
                && similarity >= markedSimilarity) {
            return Verdict.conflict("a new clock-time range for the same thing");
        }
        Matcher restriction = Lexicon.RESTRICTION.matcher(after.joined());
        if (restriction.find() && !Lexicon.RESTRICTION.matcher(before.joined()).find()) {
            return Verdict.noConflict("restricted to '" + restriction.group(1) + "': an occasion, not a new value");
        }
        Verdict copular = copular(before, after);
        if (copular != null) {
            return copular;
        }
        Verdict whole = slotSubstitution(before, after, similarity, markedSimilarity);
        if (whole.conflict()) {
            return whole;
        }
        List<Statement> clauses = after.clauses();
        if (clauses.size() > 1) {
            for (Statement clause : clauses) {
                Verdict part = slotSubstitution(before, clause, similarity, markedSimilarity);
                if (part.conflict()) {
                    return Verdict.conflict("in the clause '" + clause.text() + "': " + part.reason());
                }
            }
        }
        return whole;
    }

    /** An attribute named with a copula: "my favourite tea is Assam" or "Assam is my favourite tea". */
    record Attribute(List<Token> name, List<Token> value) {
        String names() {
            return String.join(" ", name.stream().map(Token::lower).toList());
        }

        List<String> stems() {
            return name.stream().map(Token::stem).toList();
        }
    }

    /** Both statements name an attribute with a copula: the same one with a new value, or another. */
    private static Verdict copular(Statement before, Statement after) {
        Attribute a = attribute(before.tokens());
        Attribute b = attribute(after.tokens());
        if (a == null || b == null) {
            return null;
        }
        if (!a.stems().equals(b.stems())) {
            return Verdict.noConflict("another attribute: '" + a.names() + "' / '" + b.names() + "'");
        }
        if (!sameKind(a.value(), b.value(), true)) {
            // "my flat is in Leeds" / "my flat is a two-bed"
            return Verdict.noConflict("values of different kinds for '" + a.names() + "': '" + text(a.value()) + "' / '"
                    + text(b.value()) + "'");
        }
        return Verdict.conflict("same attribute '" + a.names() + "', new value: '" + text(a.value()) + "' -> '"
                + text(b.value()) + "'");
    }

    static Attribute attribute(List<Token> tokens) {
        int copula = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (Lexicon.COPULAS.contains(tokens.get(i).lower())) {
                copula = i;
                break;
            }
        }
        if (copula < 1 || copula == tokens.size() - 1) {
            return null;
        }
        int first = 0;
        while (first < copula && Lexicon.OPENERS.contains(tokens.get(first).lower())) {
            first++;
        }
        List<Token> left = tokens.subList(first, copula);
        List<Token> right = tokens.subList(copula + 1, tokens.size());
        int start = 0;
        while (start < right.size() - 1 && ADVERBS.contains(right.get(start).lower())) {
            start++;
        }
        right = right.subList(start, right.size());
        if (left.size() >= 2 && POSSESSIVES.contains(left.get(0).lower()) && left.size() - 1 <= MAX_ATTRIBUTE_WORDS) {
            return new Attribute(left.subList(1, left.size()), right); // my A is V
        }
        if (right.size() >= 2
                && POSSESSIVES.contains(right.get(0).lower())
                && right.size() - 1 <= MAX_ATTRIBUTE_WORDS
                && !left.isEmpty()) {
            List<Token> name = right.subList(1, right.size());
            // "Scala is my favourite language now": trailing adverbs are not the attribute
            int end = name.size();
            while (end > 1 && ADVERBS.contains(name.get(end - 1).lower())) {
                end--;
            }
            return new Attribute(name.subList(0, end), left); // V is my A
        }
        return null;
    }

    /** Same words around one differing span, the span after a verb or a function word. */
    private static Verdict slotSubstitution(
            Statement earlier, Statement later, double similarity, double markedSimilarity) {
        List<Token> before = earlier.tokens();
        List<Token> after = later.tokens();
        int start = 0;
        while (start < before.size()
                && start < after.size()
                && before.get(start).lower().equals(after.get(start).lower())) {
            start++;
        }
        int end = 0;
        while (end < before.size() - start
                && end < after.size() - start
                && before.get(before.size() - 1 - end)
                        .lower()
                        .equals(after.get(after.size() - 1 - end).lower())) {
            end++;
        }
        List<Token> oldSpan = before.subList(start, before.size() - end);
        List<Token> newSpan = after.subList(start, after.size() - end);
        String spans = "'" + text(oldSpan) + "' -> '" + text(newSpan) + "'";
        if (oldSpan.isEmpty() || newSpan.isEmpty()) {
            return Verdict.noConflict("nothing replaced: " + spans);
        }
        // the frame must be at least half the shorter statement, its articles counted
        int frame = start
                + end
                + articles(before.subList(0, start))
                + articles(before.subList(before.size() - end, before.size()))
                + (oldSpan.get(0).afterArticle() && newSpan.get(0).afterArticle() ? 1 : 0);
        int shorter = Math.min(before.size() + articles(before), after.size() + articles(after));
        if (start == 0 || 2 * frame < shorter) {
            return reordered(earlier, later, similarity, markedSimilarity, spans);
        }
        String hinge = before.get(start - 1).lower();
        // a word after "I" (or "we", or "I always") is a verb: "I teach maths" / "I teach physics"
        String beforeHinge = start >= 2 ? before.get(start - 2).lower() : "";
        boolean afterSubject = SUBJECTS.contains(beforeHinge) || ADVERBS.contains(beforeHinge);
        boolean numbers = numeric(oldSpan) && numeric(newSpan);
        if (!numbers
                && !afterSubject
                && !Lexicon.FUNCTION_WORDS.contains(hinge)
                && !Lexicon.VERBS.contains(hinge)
                && !Lexicon.VERB_ENDING.matcher(hinge).matches()) {
            return Verdict.noConflict("another thing after '" + hinge + "': " + spans);
        }
        if (POSSESSION.contains(hinge) && end == 0 && !numbers) {
            // "I have a cat" / "I have a dog": both may be owned; "I have brown hair" / "I have grey hair" is one thing
            return Verdict.noConflict("possessions add up: " + spans);
        }
        if (Math.abs(oldSpan.size() - newSpan.size()) > MAX_SPAN_GROWTH) {
            return Verdict.noConflict("the span grows into another statement: " + spans);
        }
        Set<String> inBoth =
                new LinkedHashSet<>(oldSpan.stream().map(Token::lower).toList());
        inBoth.retainAll(newSpan.stream().map(Token::lower).toList());
        if (!inBoth.isEmpty()) {
            // "email for work" / "phone calls for family", "a standing desk" / "a desk lamp": more than one thing
            // differs
            return Verdict.noConflict(
                    "the spans share '" + String.join(" ", inBoth) + "': not one value for another: " + spans);
        }
        boolean endsOld = PREPOSITIONS.contains(oldSpan.get(oldSpan.size() - 1).lower());
        boolean endsNew = PREPOSITIONS.contains(newSpan.get(newSpan.size() - 1).lower());
        if (endsOld != endsNew || innerPreposition(oldSpan) && innerPreposition(newSpan)) {
            // "three coffees a day" / "a lot of water during the day": the shared words attach
            // elsewhere; "audiobooks on Audible" / "the radio in the car": value and setting both differ
            return Verdict.noConflict("the spans are built differently: " + spans);
        }
        if (!sameKind(
                oldSpan, newSpan, Lexicon.COPULAS.contains(hinge) || hinge.equals("i'm") || hinge.equals("we're"))) {
            return Verdict.noConflict("values of different kinds: " + spans);
        }
        return Verdict.conflict("same frame, new value: " + spans);
    }

    /**
     * The same fact said in another order ("I use Edge at work" / "At work I use Chrome"): at least
     * two content words shared, one of them no name, a few new ones on each side, and the similarity
     * of a marked change.
     */
    private static Verdict reordered(
            Statement earlier, Statement later, double similarity, double markedSimilarity, String spans) {
        Set<String> oldOnly = earlier.contentStems(null);
        Set<String> newOnly = later.contentStems(null);
        Set<String> shared = new LinkedHashSet<>(oldOnly);
        shared.retainAll(newOnly);
        oldOnly.removeAll(shared);
        newOnly.removeAll(shared);
        Set<String> common = earlier.commonStems();
        common.retainAll(later.commonStems());
        boolean sameWordsReordered = shared.size() >= 2
                && !common.isEmpty() // a shared name alone is no frame ("near New Haven" / "New Haven pizza")
                && !oldOnly.isEmpty()
                && !newOnly.isEmpty()
                && oldOnly.size() <= MAX_SPAN_GROWTH
                && newOnly.size() <= MAX_SPAN_GROWTH;
        if (sameWordsReordered && similarity >= markedSimilarity) {
            return Verdict.conflict("same words reordered, new value: '" + String.join(" ", oldOnly) + "' -> '"
                    + String.join(" ", newOnly) + "'");
        }
        return Verdict.noConflict("no common frame: " + spans);
    }

    private enum Kind {
        /** "to" and a verb: an activity ("to swim"). */
        INFINITIVE,
        /** a place or a time: a preposition and what follows ("at 6am", "before bed"). */
        PREPOSITIONAL,
        /** a bare proper name ("Google", "Hamburg"). */
        NAME,
        /** a common noun after an article ("a standing desk", "the old town"). */
        COMMON,
        /** lower case, no article: an adjective, a participle, a mass noun ("strict", "gaming"). */
        BARE,
        OTHER
    }

    private static Kind kind(List<Token> span) {
        Token first = span.get(0);
        Token head = span.get(span.size() - 1);
        if (first.lower().equals("to") && span.size() > 1) {
            return Kind.INFINITIVE;
        }
        if (PREPOSITIONS.contains(first.lower()) && span.size() > 1) {
            return Kind.PREPOSITIONAL;
        }
        if (!first.afterArticle() && first.capitalised() && head.capitalised()) {
            return Kind.NAME;
        }
        if (first.afterArticle() && !Character.isUpperCase(head.text().charAt(0))) {
            return Kind.COMMON;
        }
        if (!first.afterArticle() && Character.isLowerCase(first.text().charAt(0))) {
            return Kind.BARE;
        }
        return Kind.OTHER;
    }

    /**
     * Whether two values can be values of one attribute: not a name or a bare word for a noun after
     * an article ("at Siemens" / "at a treadmill desk", "in marketing" / "in a coworking space"), not
     * "to" + a verb or a place or time for a thing, not a place for a purpose ("at" / "for"); after a
     * copula ({@code predicate}) not a description for a name either ("my manager is Priya" / "my
     * manager is strict").
     */
    private static boolean sameKind(List<Token> a, List<Token> b, boolean predicate) {
        if (a.isEmpty() || b.isEmpty()) {
            return true;
        }
        Kind x = kind(a);
        Kind y = kind(b);
        for (Kind alone : List.of(Kind.INFINITIVE, Kind.PREPOSITIONAL)) {
            if ((x == alone) != (y == alone)) {
                return false;
            }
        }
        // "at Tesco" / "for clothes online": a place, a purpose; but "in the morning" / "before bed": both times
        if (x == Kind.PREPOSITIONAL && !a.get(0).lower().equals(b.get(0).lower()) && !(when(a) && when(b))) {
            return false;
        }
        return !(mismatch(x, y, Kind.NAME, Kind.COMMON)
                || mismatch(x, y, Kind.BARE, Kind.COMMON)
                || predicate && mismatch(x, y, Kind.NAME, Kind.BARE));
    }

    /** A time of day or a clock time: "in the morning", "before bed", "after 9pm". */
    private static boolean when(List<Token> span) {
        String head = span.get(span.size() - 1).lower();
        return Lexicon.TIMES_OF_DAY.contains(head)
                || Lexicon.CLOCK_TIME.matcher(head).matches();
    }

    private static boolean mismatch(Kind x, Kind y, Kind one, Kind other) {
        return x == one && y == other || x == other && y == one;
    }

    /** A preposition inside the span, after its first word: a value with its own setting ("audiobooks on Audible"). */
    private static boolean innerPreposition(List<Token> span) {
        return span.stream().skip(1).anyMatch(t -> PREPOSITIONS.contains(t.lower()));
    }

    private static int articles(List<Token> tokens) {
        return (int) tokens.stream().filter(Token::afterArticle).count();
    }

    private static boolean numeric(List<Token> span) {
        return span.stream().allMatch(t -> Lexicon.NUMBER.matcher(t.lower()).matches());
    }

    private static String text(List<Token> span) {
        return String.join(" ", span.stream().map(Token::lower).toList());
    }
}
