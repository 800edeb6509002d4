package dev.agentmemory.consistency;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The judge reads whatever a user said: it must give a verdict for any text the API accepts, never
 * throw (a throw inside the stream's processor would stop the stream thread).
 */
class RuleJudgeRobustnessTest {

    private static final List<String> ODD = List.of(
            "",
            " ",
            "!!!",
            "I",
            "my",
            "My",
            "I'm",
            "'s",
            "is",
            "is my",
            "X is my",
            "my is",
            "The",
            "the the the",
            "I'm on",
            "I'm on on",
            "from 9am to",
            "9am to 5pm",
            "to",
            "a",
            "an the",
            "😀",
            "I ❤️ tea",
            "I live in\u00a0Berlin",
            "I\tlike\nthat",
            "ÄÖÜ ist mein Name",
            "我喜欢茶",
            "x".repeat(8000),
            "I " + "really ".repeat(2000) + "like tea",
            "My sister's sister's brother is my",
            "Also.",
            "too",
            "I don't",
            "not",
            "no longer",
            "now now",
            "I moved",
            ",,,;;;::",
            "- – —",
            "(I) [like] {tea}",
            "I like tea, coffee, and; more: (things) - yes",
            "12:30 - 13:45",
            "99999999999999999999am to 1pm");

    @Test
    void everyPairOfOddTextsGetsAVerdict() {
        RuleJudge judge = new RuleJudge(0.8);
        for (String earlier : ODD) {
            for (String later : ODD) {
                for (double similarity : new double[] {0.0, 0.85, 0.99}) {
                    assertNotNull(assertDoesNotThrow(
                            () -> judge.judge(earlier, later, similarity), () -> earlier + " / " + later));
                }
            }
        }
    }

    @Test
    void randomTextsOfTheJudgesOwnWordsGetAVerdict() {
        List<String> vocabulary = new ArrayList<>(List.of(
                "I",
                "my",
                "My",
                "is",
                "are",
                "a",
                "the",
                "to",
                "from",
                "now",
                "also",
                "too",
                "not",
                "switched",
                "moved",
                "sister",
                "Tom",
                "at",
                "on",
                "with",
                "for",
                "9am",
                "5pm",
                "-",
                ",",
                "(",
                ")",
                "I'm",
                "we're",
                "like",
                "prefer",
                "have",
                "started",
                "quit",
                "instead",
                "New",
                "York",
                "every",
                "morning",
                "before",
                "bed"));
        Random random = new Random(42);
        RuleJudge judge = new RuleJudge(0.8);
        for (int n = 0; n < 20_000; n++) {
            String earlier = sentence(random, vocabulary);
            String later = sentence(random, vocabulary);
            assertNotNull(assertDoesNotThrow(
                    () -> judge.judge(earlier, later, random.nextDouble()), () -> earlier + " / " + later));
        }
    }

    private static String sentence(Random random, List<String> vocabulary) {
        StringBuilder s = new StringBuilder();
        for (int i = random.nextInt(9); i >= 0; i--) {
            s.append(vocabulary.get(random.nextInt(vocabulary.size()))).append(random.nextInt(5) == 0 ? "" : " ");
        }
        return s.toString();
    }
}
