package dev.agentmemory.consistency;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words {@link RuleJudge} reads: who a statement is about, which words mark a change, an
 * addition or a restriction, which carry no content. English only; general word classes, not
 * phrases of any evaluation set.
 */
final class Lexicon {

    private Lexicon() {}

    /** Nouns for other people: "my sister …" is about the sister, not the user. */
    static final Set<String> RELATIONS = Set.of(
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
            "twin",
            "nanny",
            "babysitter",
            "landlord",
            "landlady",
            "housemate",
            "classmate",
            "mentor");

    /** The relation a lower-case word names, singular or plural ("sisters" → "sister"); null for none. */
    static String relation(String word) {
        String bare = word.replaceFirst("'s$", "");
        if (RELATIONS.contains(bare)) {
            return bare;
        }
        String singular = bare.endsWith("s") ? bare.substring(0, bare.length() - 1) : bare;
        return RELATIONS.contains(singular) ? singular : null;
    }

    /** Forms of "to be" that name an attribute's value ("my tea is Darjeeling"). */
    static final Set<String> COPULAS = Set.of("is", "are", "was", "were");

    /** Pronouns opening a statement about someone else. */
    static final Set<String> THIRD_PERSON = Set.of("he", "she", "they", "he's", "she's", "they're", "his", "her");

    /** Words for the user. */
    static final Set<String> FIRST_PERSON =
            Set.of("i", "i'm", "im", "i've", "i'd", "i'll", "me", "my", "we", "we're", "we've", "our", "us", "mine");

    /** Capitalised openers that are verbs or fillers, not names ("Started a new job", "Done with it"). */
    static final Pattern NOT_A_NAME = Pattern.compile("(?i).*(ed|ing|n't)|done|just|finally|currently|got|went|back");

    /** Words that open a chat message without being its subject. */
    static final Set<String> OPENERS = Set.of(
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

    /** Words that carry no content: shared ones say nothing about sharing a topic. */
    static final Set<String> STOP = Set.of(
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

    /** Function words after which a differing span is a value ("is Eclipse", "at McKinsey"). */
    static final Set<String> FUNCTION_WORDS = Set.of(
            "a", "an", "the", "my", "our", "at", "in", "on", "to", "for", "with", "by", "from", "of", "as", "into",
            "is", "am", "are", "was", "be", "i'm", "im", "it's", "about", "around", "than", "like");

    /** Verbs of state and habit after which a differing span is a value ("I drive a Golf"). */
    static final Set<String> VERBS = Set.of(
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

    /** The later statement adds to the earlier one. */
    static final Pattern ADDITIVE = Pattern.compile(
            "\\b(also|as well|in addition|additionally|another|second|third|besides|alongside|on top of)\\b");

    static final Pattern TOO_AT_CLAUSE_END = Pattern.compile("\\btoo\\s*([.!,;)]|$)");

    /**
     * Negation: the statement says something is not so ("don't", "never", "no pets", "isn't").
     * Matched on lower-case words joined by single spaces.
     */
    static final Pattern NEGATION = Pattern.compile("\\b(not|no|never|nothing|none|nobody|cannot|[a-z]+n't)\\b");

    /**
     * A change of state said outright: switching and moving, starting and stopping, acquiring and
     * losing, returning, breaking up, "now", "anymore", "went" + a state ("went vegan") rather than a
     * place, "got" + a participle ("got married", "got promoted"); negations count too. Matched on {@link Statement#marking()}: a capitalised word there is
     * part of a name ("New York"), not a marker.
     */
    static final Pattern CHANGE = Pattern.compile("\\b(switch(ed|ing)?|mov(e|ed|ing)|relocat(ed|ing)|no longer"
            + "|any ?more|now|nowadays|these days|instead|chang(e|ed|ing)|actually|from now on|quit|left"
            + "|got rid of|sold|stopp(ed|ing)|gave up|giv(e|ing) up|replac(ed|ing)|upgrad(ed|ing)|new|became"
            + "|turned|lately|recently|start(ed|ing)|(to|will) start|began|begun|took up|signed up|join(ed|ing)|used to"
            + "|dropp(ed|ing)|delet(ed|ing)|cancell?(ed|ing)|retir(ed|ing)|broke up|split up|divorced"
            + "|separated|done with|finished with|bought|adopted|rehomed|back to|went back|gone back|no more"
            + "|got [a-z]+ed"
            + "|i'm over|went (?!to |for |on |out |with |home|into |in |up |down |through |over |away |back |by "
            + "|off |along |around |there|here|abroad|shopping|there)[a-z]+"
            + "|not .* anymore|do not|never|cannot|not|[a-z]+n't)\\b");

    /** Marks that start something (the opposite of an absence: "I don't have a car" → "I bought a car"). */
    static final Pattern ACQUIRING = Pattern.compile("\\b(start(ed|ing)|(to|will) start|began|begun|took up|signed up"
            + "|join(ed|ing)|bought|adopted|got (a|an|my|our)|went back|back to)\\b");

    /**
     * A restriction in time, company or purpose ("on Saturdays", "every morning", "this week", "with
     * my nephew", "for drawing"): a statement with one and the other without it says when or what
     * for something happens, not what the standing value is.
     */
    static final Pattern RESTRICTION = Pattern.compile("\\b(on (mondays?|tuesdays?|wednesdays?|thursdays?"
            + "|fridays?|saturdays?|sundays?|weekends?|weekdays?)|every (day|night|morning|evening|week|weekend"
            + "|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|other)|each (day|week|month)"
            + "|this (week|weekend|month|year|morning|evening|afternoon|summer|winter|spring|autumn|fall)"
            + "|today|tonight|tomorrow|with (my|our) [a-z']+|(once|twice|three times|four times) a [a-z]+"
            + "|for [a-z]+ing)\\b");

    /** A clock time: 6am, 10:30pm, 18:45. */
    static final Pattern CLOCK_TIME = Pattern.compile("\\b\\d{1,2}(:\\d{2})?\\s?(am|pm)\\b|\\b\\d{1,2}:\\d{2}\\b");

    /** A clock-time range: "from 2pm to 10pm", "8am to 4pm", "10:30pm – 6:30am". */
    static final Pattern TIME_RANGE = Pattern.compile("(\\d{1,2}(:\\d{2})?\\s?(am|pm)|\\d{1,2}:\\d{2})"
            + "\\s*(to|until|till|-|–|—)\\s*(\\d{1,2}(:\\d{2})?\\s?(am|pm)|\\d{1,2}:\\d{2})");

    /** Times of the day, of sleep and of meals: "in the morning" and "before bed" are both when. */
    static final Set<String> TIMES_OF_DAY = Set.of(
            "morning",
            "mornings",
            "afternoon",
            "afternoons",
            "evening",
            "evenings",
            "night",
            "nights",
            "bed",
            "bedtime",
            "breakfast",
            "lunch",
            "dinner",
            "midnight",
            "noon",
            "sunrise",
            "sunset",
            "dawn",
            "dusk");

    /** Verbs of liking: one attribute, a preference, whichever the speaker picks. */
    static final Set<String> LIKING = Set.of("like", "love", "prefer", "enjoy", "adore", "fancy");

    /** Adverbs of frequency: "I usually have X" and "I have Y" are about the same habit. */
    static final Set<String> FREQUENCY =
            Set.of("usually", "always", "normally", "generally", "typically", "mostly", "often", "mainly");

    /** Lower-case words that make what follows a common noun phrase ("a standing desk", "the old town"). */
    static final Set<String> ARTICLES = Set.of("a", "an", "the", "some");

    static final Pattern VERB_ENDING = Pattern.compile(".*(s|ed|ing)");

    static final Pattern NUMBER = Pattern.compile(
            "\\d+(am|pm|k|h|st|nd|rd|th)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve");
}
