package dev.agentmemory.consistency;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Text normalisation for "the same statement": case, accents' forms, spacing, punctuation. Stateless. */
final class Texts {

    private static final Pattern DIGITS = Pattern.compile("\\d+");

    private Texts() {}

    /** The numbers written in digits, in order: "starts at 8:45" → [8, 45]. */
    static List<String> numbers(String text) {
        return DIGITS.matcher(text).results().map(m -> m.group()).toList();
    }

    static String normalised(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return folded.replaceAll("[\\p{Punct}\\p{IsPunctuation}]+", " ")
                .replaceAll("\\s+", " ")
                .strip();
    }
}
