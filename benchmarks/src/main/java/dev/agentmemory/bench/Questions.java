package dev.agentmemory.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixed set of natural-language questions an agent asks about its user, over the same
 * vocabularies as the seeded memories ({@link Vocabulary}), so both the vector and the BM25 leg find
 * candidates. Deterministic (fixed seed): every run, and the API and the raw engine, get the same
 * questions in the same order, all distinct.
 */
final class Questions {

    private static final Pattern SLOT = Pattern.compile("\\{([a-z]+)\\d?}");

    private static final List<String> TEMPLATES = List.of(
            "What does {name} like to eat for dinner?",
            "Which drink goes with {food} for {name}?",
            "Is there anything with {ingredient} I should avoid cooking?",
            "When do I usually {activity} in {city}?",
            "How long do I like to {activity} on {weekday} mornings?",
            "Where should I share the {topic} files?",
            "Should I use {tool} or {tool2} for documents?",
            "Where does my {relative} live and what is their job?",
            "Who in the family works as {job}?",
            "When was {name} born and what language do they speak?",
            "What is the budget of the {topic} project?",
            "When is the {topic} project due?",
            "Which hotel stay did I book in {city}?",
            "When does the {gathering} start?",
            "What did I discuss with {company} last time?",
            "How long was the call with {name} about {topic}?",
            "What did I think of {book}?",
            "Which book did I finish on the train to {city}?",
            "How did the user feel about {topic}?",
            "How quickly does {name} usually reply?",
            "How many pets do I have and where do I walk them?",
            "Where do I walk the {pet} in the evening?",
            "Which language should answers be in?",
            "What sources should you cite for {topic} answers?",
            "When should I call {name} about the {topic} report?",
            "What time can I not schedule meetings with {name}?",
            "Do I have any reminders for {weekday}?",
            "What do you know about my plans in {city} in {month}?",
            "Anything about {name} from {company}?",
            "What are my preferences for {topic} meetings at the {city} office?");

    private Questions() {}

    static List<String> generate(int count) {
        Random random = new Random(20_240_601L);
        Set<String> out = new LinkedHashSet<>();
        int attempts = 0;
        while (out.size() < count && attempts < count * 100) {
            String template = TEMPLATES.get(attempts++ % TEMPLATES.size());
            Matcher m = SLOT.matcher(template);
            StringBuilder q = new StringBuilder();
            while (m.find()) {
                List<String> words = Vocabulary.WORDS.get(m.group(1));
                m.appendReplacement(q, Matcher.quoteReplacement(words.get(random.nextInt(words.size()))));
            }
            m.appendTail(q);
            out.add(q.toString());
        }
        return new ArrayList<>(out);
    }
}
