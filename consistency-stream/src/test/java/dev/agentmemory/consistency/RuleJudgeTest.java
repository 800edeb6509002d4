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
        // a relation opening the statement, after "the" or bare
        assertEquals("children", RuleJudge.subject(RuleJudge.words("The children walk to school")));
        assertEquals("neighbour", RuleJudge.subject(RuleJudge.words("Neighbours park on the street")));
        // "X is my R" names the user's R, as "My R is X" does
        assertEquals("manager", RuleJudge.subject(RuleJudge.words("Ines is my manager")));
        assertEquals("manager", RuleJudge.subject(RuleJudge.words("My manager is Tomasz")));
    }

    @Test
    void whoTheUsersRelationIsMayBeSaidEitherWayRound() {
        var verdict = judge.judge("My manager is Tomasz.", "Ines is my manager.", 0.88);
        assertTrue(verdict.conflict(), verdict.reason());
        var others = judge.judge("I walk to school.", "The children walk to school.", 0.9);
        assertFalse(others.conflict(), others.reason());
        assertTrue(others.standsAnyway(), others.reason());
    }

    @Test
    void tooAsAnIntensifierIsNotAnAddition() {
        assertTrue(judge.judge("I follow a keto diet.", "I gave up keto, too hard to keep up.", 0.84)
                .conflict());
        assertFalse(judge.judge("I like rock music", "I like jazz too.", 0.85).conflict());
    }

    // Each rule below with sentences of our own (none from the evaluation set).

    @Test
    void aMarkerSharingAWordInAnotherFormReplaces() {
        var verdict = judge.judge("I swim in the lake every summer.", "I stopped swimming after the accident.", 0.77);
        assertTrue(verdict.conflict(), verdict.reason());
        assertTrue(verdict.reason().contains("shared 'swim'"), verdict.reason());
        assertTrue(judge.judge("I take notes in Notion.", "I dropped Notion for plain text files.", 0.79)
                .conflict());
        assertTrue(judge.judge("I put oat milk in my coffee.", "I went back to cow's milk.", 0.78)
                .conflict());
        assertTrue(judge.judge("I freelance three days a week.", "I went freelance full time.", 0.78)
                .conflict());
    }

    @Test
    void anAbsenceThenSomethingStartedOrAcquiredReplaces() {
        var verdict = judge.judge("I don't play any instruments.", "I took up the cello last month.", 0.77);
        assertTrue(verdict.conflict(), verdict.reason());
        // the earlier one was no absence: nothing shared, not similar enough
        assertFalse(judge.judge("I play the drums.", "I took up pottery last month.", 0.77)
                .conflict());
    }

    @Test
    void aCapitalisedWordIsAPartOfANameNotAMarker() {
        var verdict = judge.judge("We live near New Haven.", "We love New Haven pizza.", 0.85);
        assertFalse(verdict.conflict(), verdict.reason());
        assertFalse(verdict.reason().contains("change marker"), verdict.reason());
        assertTrue(judge.judge("We live near New Haven.", "We moved away from New Haven.", 0.85)
                .conflict());
    }

    @Test
    void aNewClockTimeRangeOfTheUsersReplacesTheOld() {
        var verdict = judge.judge("I'm at my desk from 9am to 5pm.", "My working hours are 10:30 to 18:30.", 0.85);
        assertTrue(verdict.conflict(), verdict.reason());
        assertFalse(judge.judge("I'm at my desk from 9am to 5pm.", "The pool is open 6am to 9pm.", 0.85)
                .conflict());
        // the range of a thing of the user's, not of the user's own time
        assertFalse(judge.judge("I work from 9am to 5pm.", "My gym opens from 6am to 10pm.", 0.82)
                .conflict());
    }

    @Test
    void aStatementRestrictedToAnOccasionIsNoNewValue() {
        var verdict = judge.judge("I have a bicycle.", "I have a dentist appointment this week.", 0.82);
        assertFalse(verdict.conflict(), verdict.reason());
        assertFalse(judge.judge("I play the piano.", "I play cards with my grandparents.", 0.8)
                .conflict());
        assertFalse(
                judge.judge("My daughter goes to Elm Street School.", "My daughter goes to ballet on Fridays.", 0.82)
                        .conflict());
        // the same restriction on both sides: the value in it changed
        assertTrue(judge.judge("I go bouldering on Tuesdays.", "I go climbing on Tuesdays.", 0.88)
                .conflict());
    }

    @Test
    void anAttributeNamedWithACopulaEitherWayRound() {
        var verdict = judge.judge("Oolong is my favourite tea.", "My favourite tea is usually sencha.", 0.86);
        assertTrue(verdict.conflict(), verdict.reason());
        assertTrue(verdict.reason().contains("same attribute 'favourite tea'"), verdict.reason());
        var another = judge.judge("My favourite fruit is mango.", "My favourite mango is Alphonso.", 0.93);
        assertFalse(another.conflict(), another.reason());
        assertTrue(another.reason().startsWith("another attribute"), another.reason());
    }

    @Test
    void valuesOfDifferentKindsAreDifferentAttributes() {
        var verdict = judge.judge("I work at Siemens.", "I work at a treadmill desk.", 0.84);
        assertFalse(verdict.conflict(), verdict.reason());
        assertFalse(judge.judge("I'm studying French.", "I'm studying to become a pilot.", 0.83)
                .conflict());
        // a name for a name, a common noun for a common noun: a new value
        assertTrue(judge.judge("I work at Siemens.", "I work at Bosch.", 0.9).conflict());
        assertTrue(judge.judge("I drive a hatchback.", "I drive a Land Rover.", 0.85)
                .conflict());
    }

    @Test
    void aSharedModifierAfterAnArticleStillMakesAnotherHead() {
        var verdict = judge.judge("I own an Apple Watch.", "I own some Apple shares.", 0.92);
        assertFalse(verdict.conflict(), verdict.reason());
    }

    @Test
    void aClauseOfTheLaterStatementMayCarryTheNewValue() {
        var verdict = judge.judge("I'm on a paleo diet.", "I'm on a vegan diet, mostly beans and tofu.", 0.86);
        assertTrue(verdict.conflict(), verdict.reason());
        // a place of another kind in the clause: a detail of the same home
        assertFalse(judge.judge("I live in Leeds.", "I live in the Headingley area, near the cricket ground.", 0.84)
                .conflict());
    }

    @Test
    void verbsOfLikingAreOnePreferenceAndBeingOnSomethingIsUsingIt() {
        var verdict = judge.judge("I like working in the evening.", "I prefer working in the morning.", 0.9);
        assertTrue(verdict.conflict(), verdict.reason());
        var on = judge.judge("I use Firefox at home.", "At home I'm on Safari.", 0.88);
        assertTrue(on.conflict(), on.reason());
    }

    @Test
    void theStemIsSharedByAWordsInflections() {
        assertEquals(Statement.stem("working"), Statement.stem("works"));
        assertEquals(Statement.stem("work"), Statement.stem("worked"));
        assertEquals(Statement.stem("eat"), Statement.stem("eating"));
        assertEquals(Statement.stem("class"), Statement.stem("classes"));
        assertEquals(Statement.stem("stop"), Statement.stem("stopped"));
    }

    @Test
    void aSecondThingHadIsNoReplacementButAChangedFeatureIs() {
        var verdict = judge.judge("I have a parrot.", "I have a tortoise.", 0.88);
        assertFalse(verdict.conflict(), verdict.reason());
        assertTrue(verdict.reason().startsWith("possessions add up"), verdict.reason());
        assertFalse(judge.judge("I have a parrot.", "I have no patience for board games.", 0.8)
                .conflict());
        assertTrue(
                judge.judge("I have curly hair.", "I have straight hair.", 0.92).conflict());
        assertTrue(judge.judge("I own two kayaks.", "I own three kayaks.", 0.93).conflict());
    }

    @Test
    void aPlaceOrTimeIsNoThingAndADescriptionNoName() {
        var verdict = judge.judge("I journal before bed.", "I journal my expenses at lunch.", 0.83);
        assertFalse(verdict.conflict(), verdict.reason());
        var manager = judge.judge("My landlord is Mr Okafor.", "My landlord is slow with repairs.", 0.85);
        assertFalse(manager.conflict(), manager.reason());
        assertFalse(judge.judge("I'm diabetic.", "I'm a volunteer firefighter.", 0.8)
                .conflict());
        // a description for a description, a place for a place
        assertTrue(judge.judge("I'm single.", "I'm engaged.", 0.9).conflict());
        assertTrue(judge.judge("My office is in Leith.", "My office is in Stockbridge.", 0.9)
                .conflict());
        // two times of day are values of one kind, whatever their prepositions
        var when = judge.judge("I journal in the evening.", "I journal after breakfast.", 0.9);
        assertTrue(when.conflict(), when.reason());
    }

    @Test
    void aWordAfterTheUserIsAVerbWhateverItsEnding() {
        var verdict = judge.judge("I coach hockey for the under-12s.", "I coach netball for the under-12s.", 0.9);
        assertTrue(verdict.conflict(), verdict.reason());
        // after a modifier it is another thing, as "dark mode" / "dark chocolate"
        assertFalse(
                judge.judge("I buy fresh bread.", "I buy fresh flowers.", 0.88).conflict());
    }

    @Test
    void whenMoreThanOneThingDiffersItIsNoNewValue() {
        // a word in both spans: the value and its scope changed
        var verdict = judge.judge("I prefer email for work questions.", "I prefer texts for family questions.", 0.86);
        assertFalse(verdict.conflict(), verdict.reason());
        assertTrue(verdict.reason().startsWith("the spans share 'for'"), verdict.reason());
        assertFalse(judge.judge("I use a gaming mouse.", "I use a mouse pad with a wrist rest.", 0.85)
                .conflict());
        // a setting in each span, or the shared words attached elsewhere
        var settings = judge.judge(
                "I listen to podcasts on Spotify while cooking.",
                "I listen to the news in the car while cooking.",
                0.81);
        assertFalse(settings.conflict(), settings.reason());
        assertTrue(settings.reason().startsWith("the spans are built differently"), settings.reason());
        assertFalse(judge.judge("I eat two eggs a day.", "I eat plenty of fruit during the day.", 0.84)
                .conflict());
    }

    @Test
    void aPlaceIsNoPurposeAndABareWordNoNounAfterAnArticle() {
        var verdict = judge.judge("I buy books at Waterstones.", "I buy books for my nieces.", 0.86);
        assertFalse(verdict.conflict(), verdict.reason());
        assertFalse(judge.judge("I work in logistics.", "I work in a converted barn.", 0.83)
                .conflict());
        assertFalse(judge.judge("I use a Galaxy Tab.", "I use a Galaxy Tab for sketching.", 0.9)
                .conflict());
    }

    @Test
    void aParticipleAfterGotAndAnyNegationMarkAChange() {
        var verdict =
                judge.judge("I'm an associate at the law firm.", "I got promoted to partner at the law firm.", 0.88);
        assertTrue(verdict.conflict(), verdict.reason());
        assertTrue(verdict.reason().startsWith("change marker 'got promoted'"), verdict.reason());
        var negated = judge.judge("I run along the canal.", "I haven't run since my knee surgery.", 0.82);
        assertTrue(negated.conflict(), negated.reason());
    }

    @Test
    void howOftenSaysNothingAboutWhichAttribute() {
        var verdict = judge.judge("I normally have toast for breakfast.", "I have yoghurt for breakfast.", 0.9);
        assertTrue(verdict.conflict(), verdict.reason());
    }
}
