package dev.agentmemory.consistency;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One statement as {@link RuleJudge} reads it: its words in order (with their case, which may mark
 * a name), the same in lower case joined by single spaces (what the marker patterns match), and its
 * tokens for aligning two statements. Immutable.
 *
 * @param text as said
 * @param words its words, with their case
 * @param joined its words in lower case, joined by single spaces
 * @param marking the same, but for the capitalised words after the first (names: "New York"), and
 *     "I"
 * @param tokens what is aligned: articles and adverbs of frequency dropped (the token after an
 *     article remembers it), verbs of liking as {@code prefer}, "I'm on X" as "I use X"
 */
record Statement(String text, List<String> words, String joined, String marking, List<Token> tokens) {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:'[\\p{L}]+)?");
    private static final Set<String> LIKING =
            Lexicon.LIKING.stream().map(Statement::stem).collect(java.util.stream.Collectors.toSet());
    private static final Pattern CLAUSE_BREAK = Pattern.compile("[,;:()]|\\s[-–—]\\s");

    /**
     * A word to align.
     *
     * @param text as said
     * @param lower in lower case (a normalised verb for liking or using)
     * @param stem {@link #stem} of {@code lower}
     * @param afterArticle a lower-case article stood before it ("a standing desk")
     * @param initial the statement's first word (its capital says nothing)
     */
    record Token(String text, String lower, String stem, boolean afterArticle, boolean initial) {
        boolean capitalised() {
            return !initial && Character.isUpperCase(text.charAt(0));
        }
    }

    static Statement of(String text) {
        List<String> words = words(text);
        List<String> lower = words.stream().map(Statement::lower).toList();
        List<Token> tokens = new ArrayList<>();
        boolean article = false;
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            String low = lower.get(i);
            boolean initial = i == 0;
            // a lower-case article, or "The" opening the statement ("The Hobbit" elsewhere is a title)
            if (Lexicon.ARTICLES.contains(low) && (initial || Character.isLowerCase(word.charAt(0)))) {
                article = true;
                continue;
            }
            if (Lexicon.FREQUENCY.contains(low)) {
                continue; // how often says nothing about which attribute
            }
            String previous = i > 0 ? lower.get(i - 1) : "";
            String next = i + 1 < words.size() ? lower.get(i + 1) : "";
            if ((low.equals("i'm") || low.equals("we're")) && next.equals("on")) {
                // "I'm on Linux" says what the user uses
                tokens.add(new Token(
                        word, low.equals("i'm") ? "i" : "we", low.equals("i'm") ? "i" : "we", false, initial));
                tokens.add(new Token("use", "use", stem("use"), false, false));
                i++;
                continue;
            }
            if (LIKING.contains(stem(low))
                    && (Lexicon.FIRST_PERSON.contains(previous)
                            || previous.equals("really")
                            || previous.equals("still"))) {
                low = "prefer";
                // liking, loving, preferring: one attribute, the user's preference
            }
            tokens.add(new Token(word, low, stem(low), article, initial));
            article = false;
        }
        List<String> marking = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            boolean name = i > 0
                    && Character.isUpperCase(word.charAt(0))
                    && !lower.get(i).matches("i|i'.*");
            marking.add(name ? word : lower.get(i));
        }
        return new Statement(text, words, String.join(" ", lower), String.join(" ", marking), List.copyOf(tokens));
    }

    /** The statement's clauses (split at commas, semicolons, colons, brackets and dashes), each as a statement. */
    List<Statement> clauses() {
        List<Statement> out = new ArrayList<>();
        for (String part : CLAUSE_BREAK.split(text)) {
            if (!words(part).isEmpty()) {
                out.add(of(part.strip()));
            }
        }
        return out;
    }

    List<String> lowerTokens() {
        return tokens.stream().map(Token::lower).toList();
    }

    /** The stems of its content words (stop words and the words of {@code except} left out). */
    Set<String> contentStems(Pattern except) {
        Set<String> out = new LinkedHashSet<>();
        for (Token t : tokens) {
            if (!Lexicon.STOP.contains(t.lower())
                    && (except == null || !except.matcher(t.lower()).matches())) {
                out.add(t.stem());
            }
        }
        return out;
    }

    /** The stems of its content words that are not part of a name (no capital after the first word). */
    Set<String> commonStems() {
        Set<String> out = new LinkedHashSet<>();
        for (Token t : tokens) {
            if (!Lexicon.STOP.contains(t.lower()) && !t.capitalised()) {
                out.add(t.stem());
            }
        }
        return out;
    }

    /** The words, in order, with their case. */
    static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text.replace('’', '\''));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    static String lower(String word) {
        return word.toLowerCase(Locale.ROOT);
    }

    /**
     * A crude English stem, the same for a word's inflections: "working" / "works" / "worked" →
     * "work", "eating" / "eat" → "eat", "classes" / "class" → "clas". Only for comparing words.
     */
    static String stem(String word) {
        String s = lower(word).replaceFirst("'s$", "");
        if (s.endsWith("ing") && s.length() - 3 >= 3) {
            s = s.substring(0, s.length() - 3);
        } else if (s.endsWith("ed") && s.length() - 2 >= 3) {
            s = s.substring(0, s.length() - 2);
        } else if (s.endsWith("s") && !s.endsWith("ss") && s.length() - 1 >= 3) {
            s = s.substring(0, s.length() - 1);
        }
        if (s.endsWith("e") && s.length() - 1 >= 2) {
            s = s.substring(0, s.length() - 1);
        }
        int n = s.length();
        if (n >= 4 && s.charAt(n - 1) == s.charAt(n - 2) && "aeiou".indexOf(s.charAt(n - 1)) < 0) {
            s = s.substring(0, n - 1);
        }
        return s;
    }
}
