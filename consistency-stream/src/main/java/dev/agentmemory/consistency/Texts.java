package dev.agentmemory.consistency;

import java.text.Normalizer;
import java.util.Locale;

/** Text normalisation for "the same statement": case, accents' forms, spacing, punctuation. Stateless. */
final class Texts {

    private Texts() {}

    static String normalised(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return folded.replaceAll("[\\p{Punct}\\p{IsPunctuation}]+", " ")
                .replaceAll("\\s+", " ")
                .strip();
    }
}
