package dev.agentmemory.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Realistic, varied memory sentences, generated from templates × vocabularies so that no two of a
 * run are equal (the embedder caches embeddings by text, so a repeated text would skip the model).
 *
 * <p>Sentence {@code k} is number {@code j = k div T} of template {@code (k mod T + j) mod T}: for
 * a given {@code j} the T sentences use T different templates, and every residue class of {@code k}
 * (one tenant's memories, say) meets every template. Within a template, {@code j} goes through a
 * bijection of the template's combination space (an offset that depends on the salt, plus a stride
 * coprime to the space) and is decoded in mixed radix into one word per slot. So sentences are
 * unique for {@code k < T × smallest space} ({@link #capacity()}, millions), and another salt
 * (another run) gives other sentences. Thread-safe and deterministic.
 */
final class Sentences {

    private static final Pattern SLOT = Pattern.compile("\\{([a-z]+)\\d?}");

    private record Template(String type, String text, List<List<String>> slots, long space) {}

    private final List<Template> templates = new ArrayList<>();
    private final long[] offsets;
    private final long[] strides;

    Sentences(long salt) {
        Map<String, List<String>> vocab = Vocabulary.WORDS;
        for (String[] t : Vocabulary.TEMPLATES) {
            List<List<String>> slots = new ArrayList<>();
            Matcher m = SLOT.matcher(t[1]);
            long space = 1;
            while (m.find()) {
                List<String> words = vocab.get(m.group(1));
                if (words == null) {
                    throw new IllegalStateException("no vocabulary '" + m.group(1) + "' for: " + t[1]);
                }
                slots.add(words);
                space = Math.multiplyExact(space, words.size());
            }
            templates.add(new Template(t[0], t[1], slots, space));
        }
        offsets = new long[templates.size()];
        strides = new long[templates.size()];
        for (int i = 0; i < templates.size(); i++) {
            long space = templates.get(i).space();
            offsets[i] = Math.floorMod(mix(salt + i), space);
            strides[i] = coprimeStride(space);
        }
    }

    /** How many sentences are guaranteed distinct. */
    long capacity() {
        return templates.stream().mapToLong(Template::space).min().orElse(0) * templates.size();
    }

    /** The memory type ({@code preference}, {@code fact}, …) of sentence {@code k}. */
    String type(long k) {
        return templates.get(template(k)).type();
    }

    String text(long k) {
        int t = template(k);
        Template template = templates.get(t);
        long index = Math.floorMod(offsets[t] + (k / templates.size()) * strides[t], template.space());
        Matcher m = SLOT.matcher(template.text());
        StringBuilder out = new StringBuilder();
        int slot = 0;
        while (m.find()) {
            List<String> words = template.slots().get(slot++);
            m.appendReplacement(out, Matcher.quoteReplacement(words.get((int) (index % words.size()))));
            index /= words.size();
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The template of sentence {@code k} (see the class comment). */
    private int template(long k) {
        int n = templates.size();
        return (int) ((k % n + k / n) % n);
    }

    /** A large prime that does not divide {@code space}, so {@code j -> j × stride mod space} is a bijection. */
    private static long coprimeStride(long space) {
        long candidate = 1_000_003;
        while (gcd(candidate, space) != 1) {
            candidate += 2;
        }
        return candidate;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** SplitMix64 finaliser: spreads a salt over the whole range. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
