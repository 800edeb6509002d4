package dev.agentmemory.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RuleJudgeTest {

    private final RuleJudge judge = new RuleJudge(0.80);

    @Test
    void theReferenceArticlesThreeCasesWithTheDefaultRules() {
        assertTrue(judge.judge("I prefer dark mode", "I switched to light mode", 0.886)
                .conflict());
        assertFalse(
                judge.judge("I like rock music", "I also listen to jazz", 0.841).conflict());
        assertFalse(judge.judge("I live in Berlin", "My sister lives in Paris", 0.813)
                .conflict());
    }

    @Test
    void aMarkedMoveReplacesAHomeEvenWithNoWordInCommon() {
        assertTrue(judge.judge("I live in Berlin", "I moved to Munich", 0.874).conflict());
        assertFalse(judge.judge("I live in Berlin", "I moved to Munich", 0.70).conflict());
    }

    @Test
    void aNewValueInTheSameFrameReplacesTheOld() {
        var verdict = judge.judge("My IDE is Eclipse.", "My IDE is IntelliJ IDEA.", 0.879);
        assertTrue(verdict.conflict(), verdict.reason());
        assertTrue(judge.judge("My daughter is in year 3.", "My daughter is in year 4.", 0.9)
                .conflict());
    }

    @Test
    void anotherHeadAfterASharedModifierIsAnotherAttribute() {
        var verdict = judge.judge("I prefer dark mode", "I prefer dark chocolate", 0.934);
        assertFalse(verdict.conflict(), verdict.reason());
        assertFalse(judge.judge("I use Vim.", "I use Vimeo to host my videos.", 0.884)
                .conflict());
    }

    @Test
    void theSubjectIsTheUserARelationOrAName() {
        assertEquals("self", RuleJudge.subject(RuleJudge.words("Dark mode is my favourite")));
        assertEquals("sister", RuleJudge.subject(RuleJudge.words("My sister lives in Paris")));
        assertEquals("flatmate", RuleJudge.subject(RuleJudge.words("My flatmate's favourite drink is kombucha")));
        assertEquals("self", RuleJudge.subject(RuleJudge.words("My boyfriend and I live together in Rome")));
        assertEquals("tom", RuleJudge.subject(RuleJudge.words("Tom from my team uses Vim")));
        assertEquals("self", RuleJudge.subject(RuleJudge.words("Started a new job at GitLab on Monday!")));
        assertEquals("self", RuleJudge.subject(List.of()));
    }

    @Test
    void tooAsAnIntensifierIsNotAnAddition() {
        assertTrue(judge.judge("I follow a keto diet.", "I gave up keto, too hard to keep up.", 0.84)
                .conflict());
        assertFalse(judge.judge("I like rock music", "I like jazz too.", 0.85).conflict());
    }
}
