package dev.agentmemory.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentmemory.runtime.config.MemoryConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The LLM judge against a stand-in OpenAI-compatible chat API, through the real langchain4j client. */
class LlmJudgeTest {

    private static final String EARLIER = "I prefer dark mode";
    private static final String LATER = "I switched to light mode";
    private static final double SIMILARITY = 0.886; // the built-in judge calls this pair a conflict

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RuleJudge rules = new RuleJudge(0.80);
    private ChatStandIn api;

    @BeforeEach
    void startApi() throws Exception {
        api = ChatStandIn.start();
    }

    @AfterEach
    void stopApi() {
        api.close();
    }

    private MemoryConfig.Judge config() {
        // two retries, backoff of a few milliseconds
        return new MemoryConfig.Judge(
                "openai", "judge-model", new MemoryConfig.OpenAi(api.baseUrl(), "test-key", 5_000, 2, 1, 5));
    }

    /** The LLM judge as the stream builds it, without the pause after a failure. */
    private LlmJudge judge() {
        return new LlmJudge(LlmJudge.client(config(), Duration.ZERO, registry), rules);
    }

    private static String answer(String verdict, String reason) {
        return "{\"verdict\":\"" + verdict + "\",\"reason\":\"" + reason + "\"}";
    }

    @Test
    void aReplacementIsAConflictAndTheModelIsAskedAboutBothStatementsAtTemperatureZero() throws Exception {
        api.replyWith(answer("replaces", "the UI theme changed from dark to light"));
        var judge = judge();
        var verdict = judge.judge(EARLIER, LATER, SIMILARITY);

        assertTrue(verdict.conflict());
        assertFalse(verdict.standsAnyway());
        assertFalse(verdict.isFallback());
        assertEquals("replaces: the UI theme changed from dark to light", verdict.reason());
        assertEquals("llm:judge-model", judge.name());
        assertEquals("llm:judge-model", verdict.decidedBy(judge));

        assertEquals(1, api.calls());
        JsonNode request = api.requests().get(0);
        assertEquals("judge-model", request.path("model").asText());
        assertEquals(0.0, request.path("temperature").asDouble(-1));
        assertEquals("system", request.path("messages").get(0).path("role").asText());
        assertEquals(
                LlmJudge.INSTRUCTIONS,
                request.path("messages").get(0).path("content").asText());
        JsonNode statements = new ObjectMapper()
                .readTree(request.path("messages").get(1).path("content").asText());
        assertEquals(EARLIER, statements.path("earlier").asText());
        assertEquals(LATER, statements.path("later").asText());
    }

    @Test
    void anAdditionOrAnotherSubjectStandsAnywayAndUnrelatedIsNoConflict() {
        api.reply(user -> user.contains("also")
                ? answer("adds", "another genre")
                : user.contains("sister") ? answer("other_subject", "the sister") : answer("unrelated", "no"));
        var judge = judge();

        var adds = judge.judge("I like rock music", "I also listen to jazz", 0.84);
        assertTrue(adds.standsAnyway());
        assertFalse(adds.conflict());
        assertEquals("adds: another genre", adds.reason());

        var other = judge.judge("I live in Berlin", "My sister lives in Paris", 0.81);
        assertTrue(other.standsAnyway());
        assertFalse(other.conflict());

        var unrelated = judge.judge("I prefer dark mode", "I prefer dark chocolate", 0.93);
        assertFalse(unrelated.standsAnyway());
        assertFalse(unrelated.conflict());
        assertFalse(unrelated.isFallback());
        assertEquals(3, api.calls());
    }

    @Test
    void anAnswerInCodeFencesOrAmongOtherTextIsRead() {
        var fenced = LlmJudge.parse("```json\n{\"verdict\": \"Replaces\", \"reason\": \"new value\"}\n```");
        assertTrue(fenced.conflict());
        assertEquals("replaces: new value", fenced.reason());

        var chatty =
                LlmJudge.parse("Let me think {step by step}. Answer: {\"verdict\":\"other subject\"} Hope this helps!");
        assertTrue(chatty.standsAnyway());

        assertNull(LlmJudge.parse("They conflict."));
        assertNull(LlmJudge.parse("{\"verdict\":\"maybe\",\"reason\":\"unsure\"}"));
        assertNull(LlmJudge.parse("{\"verdict\":"));
        assertNull(LlmJudge.parse(null));
    }

    @Test
    void aRateLimitIsRetriedWithBackoffAndTheLlmDecides() {
        api.failFirst(2, 429).replyWith(answer("adds", "both true"));
        var verdict = judge().judge(EARLIER, LATER, SIMILARITY);

        assertEquals(3, api.calls());
        assertFalse(verdict.isFallback());
        assertTrue(verdict.standsAnyway(), "the LLM's answer, not the rules' conflict");
    }

    @Test
    void aTimeoutIsRetried() {
        api.slowFirst(1, Duration.ofSeconds(2)).replyWith(answer("adds", "both true"));
        var config = new MemoryConfig.Judge(
                "openai", "judge-model", new MemoryConfig.OpenAi(api.baseUrl(), "test-key", 300, 2, 1, 5));
        var verdict =
                new LlmJudge(LlmJudge.client(config, Duration.ZERO, registry), rules).judge(EARLIER, LATER, SIMILARITY);

        assertEquals(2, api.calls());
        assertFalse(verdict.isFallback(), verdict.reason());
        assertTrue(verdict.standsAnyway());
    }

    @Test
    void aServerFailingThroughEveryRetryLeavesTheDecisionToTheBuiltinJudge() {
        api.failForever(500);
        var verdict = judge().judge(EARLIER, LATER, SIMILARITY);

        assertEquals(3, api.calls(), "one call and max_retries (2) retries");
        assertTrue(verdict.isFallback());
        assertEquals("builtin", verdict.fallbackJudge());
        assertEquals(rules.judge(EARLIER, LATER, SIMILARITY).conflict(), verdict.conflict());
        assertTrue(verdict.conflict());
        assertTrue(verdict.reason().contains("LLM judge llm:judge-model unavailable"), verdict.reason());
        assertTrue(verdict.reason().contains("(HTTP 500, after 2 retries)"), verdict.reason());
        assertFalse(
                verdict.reason().contains("told to fail"), "the provider's text stays in the log: " + verdict.reason());
        assertTrue(
                verdict.reason()
                        .endsWith(rules.judge(EARLIER, LATER, SIMILARITY).reason()),
                verdict.reason());
    }

    @Test
    void aRefusedKeyIsNotRetried() {
        api.failForever(401);
        var verdict = judge().judge(EARLIER, LATER, SIMILARITY);

        assertEquals(1, api.calls());
        assertTrue(verdict.isFallback());
        assertTrue(verdict.reason().contains("HTTP 401"), verdict.reason());
    }

    @Test
    void anUnreadableAnswerLeavesTheDecisionToTheBuiltinJudge() {
        api.replyWith("I think the user changed their mind.");
        var verdict = judge().judge(EARLIER, LATER, SIMILARITY);

        assertEquals(1, api.calls(), "an answer is not asked again");
        assertTrue(verdict.isFallback());
        assertEquals("builtin", verdict.fallbackJudge());
        assertTrue(verdict.conflict());
        assertTrue(verdict.reason().contains("(unreadable answer)"), verdict.reason());
    }

    @Test
    void anIdenticalPairIsAnsweredFromTheCacheWithoutACall() {
        api.replyWith(answer("replaces", "new theme"));
        var judge = judge();
        var first = judge.judge(EARLIER, LATER, SIMILARITY);
        var again = judge.judge(EARLIER, LATER, SIMILARITY);

        assertEquals(1, api.calls());
        assertEquals(first, again);

        judge.judge(LATER, EARLIER, SIMILARITY); // the other order is another question
        assertEquals(2, api.calls());
        // judges of one client share its cache (the offline tool builds one per calibration)
        new LlmJudge(LlmJudge.client(config(), Duration.ZERO, registry), rules).judge(EARLIER, LATER, SIMILARITY);
        assertEquals(3, api.calls(), "another client, another cache");
    }

    @Test
    void aFallbackIsNotCachedTheModelIsAskedAgainOnceItAnswers() {
        var judge = judge();
        api.failForever(503);
        assertTrue(judge.judge(EARLIER, LATER, SIMILARITY).isFallback());

        api.fixed().replyWith(answer("unrelated", "different things"));
        var verdict = judge.judge(EARLIER, LATER, SIMILARITY);
        assertFalse(verdict.isFallback());
        assertFalse(verdict.conflict());
        assertEquals(4, api.calls());
    }

    @Test
    void afterAFailureTheApiIsLeftAloneForThePause() {
        var judge = new LlmJudge(LlmJudge.client(config(), Duration.ofMinutes(1), registry), rules);
        api.failForever(500);
        judge.judge(EARLIER, LATER, SIMILARITY);
        assertEquals(3, api.calls());

        api.fixed().replyWith(answer("unrelated", "no"));
        var verdict = judge.judge("I like rock music", "I also listen to jazz", 0.84);
        assertEquals(3, api.calls(), "not asked during the pause");
        assertTrue(verdict.isFallback());
        assertTrue(verdict.reason().contains("not asked for"), verdict.reason());
        assertTrue(verdict.reason().contains("HTTP 500"), verdict.reason());
    }

    @Test
    void theConfiguredJudgeCountsItsCallsByOutcome() {
        var judges = Calibration.judges(config(), registry);
        var judge = judges.apply(0.80);
        assertEquals("llm:judge-model", judge.name());

        api.replyWith(answer("replaces", "x"));
        judge.judge(EARLIER, LATER, SIMILARITY);
        judge.judge(EARLIER, LATER, SIMILARITY); // from the cache: still a judgement
        api.replyWith(answer("adds", "x"));
        judge.judge("I like rock music", "I also listen to jazz", 0.84);
        api.replyWith("no idea");
        judge.judge("I live in Berlin", "I moved to Munich", 0.874);

        assertEquals(2.0, count("llm:judge-model", "conflict"));
        assertEquals(1.0, count("llm:judge-model", "stands"));
        assertEquals(1.0, count("llm:judge-model", "fallback"));
        assertEquals(0.0, count("llm:judge-model", "no_conflict"));

        var builtin = Calibration.judges(new MemoryConfig.Judge("builtin", "unused", config().openai()), registry)
                .apply(0.80);
        assertEquals("builtin", builtin.name());
        builtin.judge("I like rock music", "I also listen to jazz", 0.84);
        assertEquals(3, api.calls(), "the built-in judge needs no network");
        assertEquals(
                1.0, count("builtin", "stands") + count("builtin", "no_conflict"), "the built-in judge is counted too");
    }

    private double count(String judge, String outcome) {
        return registry.get(MeteredJudge.CALLS)
                .tag("judge", judge)
                .tag("outcome", outcome)
                .counter()
                .count();
    }
}
