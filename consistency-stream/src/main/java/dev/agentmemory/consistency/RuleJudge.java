package dev.agentmemory.consistency;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in judge: no network, rules over the words of two statements whose embeddings are
 * already close (same topic). In order:
 *
 * <ol>
 *   <li>different subjects ("I live in Berlin" / "My sister lives in Paris": another person) → no
 *       conflict;
 *   <li>the later one is additive ("also", "as well", "another", "… too.") → no conflict;
 *   <li>the later one carries a change marker or a negation ("switched", "no longer", "now",
 *       "moved", "quit", "don't", …) → conflict when the two still share a content word besides the
 *       markers ("dark mode" / "light mode") or their similarity reaches {@code markedSimilarity}
 *       ("I live in Berlin" / "I moved to Munich"); otherwise it is about something else;
 *   <li>unmarked: conflict only for a slot substitution — the same words before and after, one
 *       differing span in the middle, after a verb or a function word ("My IDE is Eclipse" / "My
 *       IDE is IntelliJ IDEA"; "I'm a consultant at McKinsey" / "… at Bain"). A changed head noun
 *       after a shared modifier ("I prefer dark mode" / "I prefer dark chocolate") or a span that
 *       grows into a new clause ("I use Vim" / "I use Vimeo to host my videos") is another
 *       attribute.
 * </ol>
 *
 * Statements that reorder the same fact without a marker ("Earl Grey is my tea" / "My tea is
 * always Darjeeling") are missed: that is the price of never hiding an unrelated fact. Stateless.
 */
final class RuleJudge implements ContradictionJudge {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?");

    private static final Set<String> RELATIONS = Set.of(
            "wife",
            "husband",
            "partner",
            "spouse",
            "sister",
            "brother",
            "sibling",
            "mom",
            "mum",
            "mother",
            "dad",
            "father",
            "parents",
            "son",
            "daughter",
            "kid",
            "kids",
            "child",
            "children",
            "friend",
            "friends",
            "boss",
            "manager",
            "colleague",
            "coworker",
            "co-worker",
            "team",
            "teammate",
            "roommate",
            "flatmate",
            "neighbor",
            "neighbour",
            "cousin",
            "aunt",
            "uncle",
            "niece",
            "nephew",
            "girlfriend",
            "boyfriend",
            "fiance",
            "fiancee",
            "grandma",
            "grandmother",
            "grandpa",
            "grandfather",
            "family",
            "baby",
            "twin");
    private static final Set<String> THIRD_PERSON =
            Set.of("he", "she", "they", "he's", "she's", "they're", "his", "her");
    private static final Set<String> FIRST_PERSON =
            Set.of("i", "i'm", "im", "i've", "i'd", "i'll", "me", "my", "we", "we're", "we've", "our", "us", "mine");
    /** Capitalised openers that are verbs or fillers, not names ("Started a new job", "Done with it"). */
    private static final Pattern NOT_A_NAME =
            Pattern.compile("(?i).*(ed|ing|n't)|done|just|finally|currently|got|went|back");
    /** Words that open a chat message without being its subject. */
    private static final Set<String> OPENERS = Set.of(
            "btw",
            "oh",
            "ok",
            "okay",
            "so",
            "well",
            "actually",
            "fyi",
            "update",
            "hey",
            "also",
            "just",
            "honestly",
            "anyway",
            "now",
            "nowadays",
            "lately",
            "recently",
            "yesterday",
            "today",
            "these",
            "days",
            "since",
            "from",
            "on",
            "as",
            "of",
            "quick",
            "note",
            "heads",
            "up",
            "by",
            "the",
            "way",
            "good",
            "news",
            "guess",
            "what");

    private static final Pattern ADDITIVE = Pattern.compile(
            "\\b(also|as well|in addition|additionally|another|second|third|besides|alongside|on top of)\\b");
    private static final Pattern TOO_AT_CLAUSE_END = Pattern.compile("\\btoo\\s*([.!,;)]|$)");
    private static final Pattern CHANGE = Pattern.compile(
            "\\b(switch(ed|ing)?|mov(e|ed|ing)|relocat(ed|ing)|no longer|any ?more|now|nowadays|these days|instead"
                    + "|chang(e|ed|ing)|actually|from now on|quit|left|got rid of|sold|stopp(ed|ing)|gave up|replac(ed|ing)"
                    + "|upgrad(ed|ing)|new|became|turned|lately|recently|started|not .* anymore|used to|anymore"
                    + "|don't|do not|doesn't|never|can't|cannot|won't|not|isn't|aren't|wasn't)\\b");
    private static final Set<String> STOP = Set.of(
            "a",
            "an",
            "the",
            "to",
            "of",
            "in",
            "on",
            "at",
            "for",
            "with",
            "and",
            "or",
            "but",
            "is",
            "am",
            "are",
            "was",
            "were",
            "be",
            "been",
            "being",
            "it",
            "it's",
            "that",
            "this",
            "these",
            "those",
            "really",
            "very",
            "just",
            "so",
            "i",
            "i'm",
            "im",
            "i've",
            "i'd",
            "i'll",
            "me",
            "my",
            "mine",
            "we",
            "we're",
            "our",
            "us",
            "you",
            "your",
            "do",
            "does",
            "did",
            "have",
            "has",
            "had",
            "get",
            "got",
            "from",
            "by",
            "as",
            "up",
            "out",
            "about",
            "into",
            "over",
            "all",
            "some",
            "any",
            "much",
            "lot",
            "lots",
            "bit",
            "pretty",
            "quite",
            "still",
            "there",
            "here",
            "what",
            "which",
            "who",
            "when",
            "where",
            "how",
            "than",
            "then",
            "because",
            "since",
            "every",
            "btw",
            "oh",
            "ok",
            "okay",
            "well",
            "like",
            "think",
            "guess",
            "days",
            "day",
            "week",
            "month",
            "year",
            "ago",
            "last",
            "next",
            "yesterday",
            "today",
            "tonight");

    private static final Set<String> FUNCTION_WORDS = Set.of(
            "a", "an", "the", "my", "our", "at", "in", "on", "to", "for", "with", "by", "from", "of", "as", "into",
            "is", "am", "are", "was", "be", "i'm", "im", "it's", "about", "around", "than", "like");
    private static final Set<String> VERBS = Set.of(
            "use",
            "prefer",
            "like",
            "love",
            "drink",
            "eat",
            "drive",
            "play",
            "read",
            "watch",
            "listen",
            "work",
            "live",
            "have",
            "own",
            "take",
            "speak",
            "learn",
            "run",
            "wear",
            "go",
            "do",
            "reading",
            "using",
            "drinking",
            "eating",
            "driving",
            "playing",
            "watching",
            "learning",
            "working",
            "living",
            "study",
            "follow",
            "order",
            "spend",
            "support");
    private static final Pattern VERB_ENDING = Pattern.compile(".*(s|ed|ing)");
    private static final Pattern NUMBER = Pattern.compile(
            "\\d+(am|pm|k|h|st|nd|rd|th)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve");
    private static final int MAX_SPAN_GROWTH = 3;

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
        List<String> before = words(earlier);
        List<String> after = words(later);
        String subjectBefore = subject(before);
        String subjectAfter = subject(after);
        if (!subjectBefore.equals(subjectAfter)) {
            return Verdict.standsAnyway("different subjects ('" + subjectBefore + "' / '" + subjectAfter + "')");
        }
        String laterText = String.join(" ", after).toLowerCase(Locale.ROOT);
        Matcher additive = ADDITIVE.matcher(laterText);
        if (additive.find()) {
            return Verdict.standsAnyway("additive '" + additive.group(1) + "'");
        }
        if (TOO_AT_CLAUSE_END.matcher(later.toLowerCase(Locale.ROOT)).find()) {
            return Verdict.standsAnyway("additive 'too'");
        }
        Matcher change = CHANGE.matcher(laterText);
        if (change.find()) {
            Set<String> shared = content(earlier);
            shared.retainAll(content(later));
            shared.removeIf(w -> CHANGE.matcher(w).matches());
            String marker = "change marker '" + change.group(1) + "'";
            if (!shared.isEmpty()) {
                return Verdict.conflict(marker + ", shared '" + String.join(" ", shared) + "'");
            }
            return similarity >= markedSimilarity
                    ? Verdict.conflict(marker + String.format(Locale.ROOT, ", similarity %.3f", similarity))
                    : Verdict.noConflict(marker + " but nothing shared: another attribute");
        }
        return slotSubstitution(lower(before), lower(after), similarity);
    }

    /** Same words around one differing span, the span after a verb or a function word. */
    private Verdict slotSubstitution(List<String> before, List<String> after, double similarity) {
        int start = 0;
        while (start < before.size()
                && start < after.size()
                && before.get(start).equals(after.get(start))) {
            start++;
        }
        int end = 0;
        while (end < before.size() - start
                && end < after.size() - start
                && before.get(before.size() - 1 - end).equals(after.get(after.size() - 1 - end))) {
            end++;
        }
        List<String> oldSpan = before.subList(start, before.size() - end);
        List<String> newSpan = after.subList(start, after.size() - end);
        String spans = "'" + String.join(" ", oldSpan) + "' -> '" + String.join(" ", newSpan) + "'";
        if (oldSpan.isEmpty() || newSpan.isEmpty()) {
            return Verdict.noConflict("nothing replaced: " + spans);
        }
        int shorter = Math.min(before.size(), after.size());
        if (start == 0 || 2 * (start + end) < shorter) {
            return reordered(before, after, similarity, spans);
        }
        String hinge = before.get(start - 1);
        boolean numbers = numeric(oldSpan) && numeric(newSpan);
        if (!numbers
                && !FUNCTION_WORDS.contains(hinge)
                && !VERBS.contains(hinge)
                && !VERB_ENDING.matcher(hinge).matches()) {
            return Verdict.noConflict("another thing after '" + hinge + "': " + spans);
        }
        if (Math.abs(oldSpan.size() - newSpan.size()) > MAX_SPAN_GROWTH) {
            return Verdict.noConflict("the span grows into another statement: " + spans);
        }
        return Verdict.conflict("same frame, new value: " + spans);
    }

    /**
     * The same fact said in another order ("I use Edge at work" / "At work I use Chrome"): at least
     * two content words shared, a few new ones on each side, and the similarity of a marked change.
     */
    private Verdict reordered(List<String> before, List<String> after, double similarity, String spans) {
        Set<String> shared = content(String.join(" ", before));
        Set<String> oldOnly = new LinkedHashSet<>(shared);
        Set<String> newOnly = content(String.join(" ", after));
        shared.retainAll(newOnly);
        oldOnly.removeAll(shared);
        newOnly.removeAll(shared);
        boolean sameWordsReordered = shared.size() >= 2
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

    private static boolean numeric(List<String> span) {
        return span.stream().allMatch(w -> NUMBER.matcher(w).matches());
    }

    /** "self" for the user; a relation ("sister"), a name ("tom") or "someone else" for another person. */
    static String subject(List<String> words) {
        int i = 0;
        while (i < words.size() && OPENERS.contains(lower(words.get(i)))) {
            i++;
        }
        if (i == words.size()) {
            return "self";
        }
        String first = lower(words.get(i));
        String next = i + 1 < words.size() ? lower(words.get(i + 1)).replaceFirst("'s$", "") : "";
        boolean speaksOfUser = false;
        for (int k = i; k < words.size(); k++) {
            String w = lower(words.get(k));
            String after = k + 1 < words.size() ? lower(words.get(k + 1)).replaceFirst("'s$", "") : "";
            speaksOfUser |= FIRST_PERSON.contains(w) && !RELATIONS.contains(after);
        }
        if ((first.equals("my") || first.equals("our")) && RELATIONS.contains(next)) {
            // "My boyfriend and I live together" is the user's own statement
            return speaksOfUser ? "self" : next;
        }
        if (FIRST_PERSON.contains(first)) {
            return "self";
        }
        if (THIRD_PERSON.contains(first)) {
            return "someone else";
        }
        // a noun phrase opens it ("Dark mode is my favourite", "Tom from my team uses Vim"): the
        // user's own statement if it speaks of the user other than through a relation, else a
        // capitalised opener is a name unless it is a verb or a filler ("Started a new job")
        String opening = words.get(i);
        boolean name = Character.isUpperCase(opening.charAt(0))
                && !NOT_A_NAME.matcher(opening).matches();
        return speaksOfUser || !name ? "self" : first;
    }

    /** The words, in order, with their case (a capital may mark a name). */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.replace('’', '\''));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static List<String> lower(List<String> words) {
        return words.stream().map(RuleJudge::lower).toList();
    }

    private static String lower(String word) {
        return word.toLowerCase(Locale.ROOT);
    }

    /** The content words, lower case, without stop words. */
    private static Set<String> content(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words(text)) {
            if (!STOP.contains(lower(w))) {
                out.add(lower(w));
            }
        }
        return out;
    }
}
