package dev.agentmemory.consistency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentmemory.runtime.config.ConfigLoader;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.schemas.ConsistencyEvent;
import dev.agentmemory.schemas.ConsistencyEvent.Kind;
import dev.agentmemory.schemas.EmbeddedEvent;
import dev.agentmemory.schemas.EventCodec;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.MemoryType;
import dev.agentmemory.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The topology in TopologyTestDriver; similarity is set by the angle between 2-d unit vectors. */
class ConsistencyTopologyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Supersession.Thresholds THRESHOLDS = new Supersession.Thresholds(0.98, 0.95, 0.5);
    private static final ConsistencyTopology.TopicNames TOPICS =
            new ConsistencyTopology.TopicNames("in", "decisions", "dead");

    private final EventCodec codec = new EventCodec();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> input;
    private TestOutputTopic<String, byte[]> decisions;
    private TestOutputTopic<String, byte[]> deadLetters;

    private static final MemoryConfig.Decay DECAY = new MemoryConfig.Decay(true, 90, 0.1, "0 */6 * * *", 2);

    private void start(Supersession.Policy policy) {
        start(policy, DECAY);
    }

    private void start(Supersession.Policy policy, MemoryConfig.Decay decay) {
        start(new Supersession(THRESHOLDS, policy, new RuleJudge(0.8), "test-model"), decay);
    }

    private void start(Supersession engine, MemoryConfig.Decay decay) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "consistency-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        driver = new TopologyTestDriver(
                ConsistencyTopology.build(TOPICS, engine, decay, "test-model", 2, registry),
                props,
                T0.plusSeconds(3600));
        input = driver.createInputTopic(
                "in", Serdes.String().serializer(), Serdes.ByteArray().serializer());
        decisions = driver.createOutputTopic(
                "decisions", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        deadLetters = driver.createOutputTopic(
                "dead", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
    }

    /** A memory of user u1 said at T0 + minutes, with a vector at {@code degrees}. */
    private String say(String content, int minutes, double degrees, String key) {
        return say(content, MemoryType.FACT, minutes, degrees, key);
    }

    private String say(String content, MemoryType type, int minutes, double degrees, String key) {
        return say("u1", content, type, minutes, degrees, key);
    }

    private String say(String user, String content, MemoryType type, int minutes, double degrees, String key) {
        String id = UUID.randomUUID().toString();
        double r = Math.toRadians(degrees);
        var memory = new IngestEvent(
                1, id, "acme", user, content, type, key, T0.plusSeconds(60L * minutes), T0.plusSeconds(3600), null);
        var event = EmbeddedEvent.of(memory, new float[] {(float) Math.cos(r), (float) Math.sin(r)}, "test-model", T0);
        input.pipeInput(Topics.partitionKey("acme", user), codec.encode(event));
        return id;
    }

    private List<ConsistencyEvent> decided() {
        return decisions.readValuesToList().stream()
                .map(bytes -> {
                    try {
                        return codec.decodeConsistency(bytes);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                })
                .toList();
    }

    private static String header(TestRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static List<ConsistencyEvent> of(List<ConsistencyEvent> events, Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    @Test
    void theSameFactSlotIsSupersededWhateverTheSimilarity() {
        start(Supersession.Policy.NEWEST_WINS);
        String old = say("Dark theme everywhere", 0, 0, "ui.theme");
        String current = say("Solarized light", 10, 90, "ui.theme");
        var superseded = of(decided(), Kind.SUPERSEDED);
        assertEquals(1, superseded.size());
        assertEquals(old, superseded.get(0).memoryId());
        assertEquals(current, superseded.get(0).otherMemoryId());
        assertEquals(T0.plusSeconds(600), superseded.get(0).validUntil());
        assertEquals("same_key", superseded.get(0).evidence().rule());
        assertEquals(
                1.0, registry.get("memory_supersession_events_total").counter().count());
    }

    @Test
    void aVerySimilarFactIsSupersededUnlessItIsAnAddition() {
        start(Supersession.Policy.NEWEST_WINS);
        String old = say("My favourite editor is Emacs", 0, 0, null);
        say("My favourite editor is Helix", 5, 12, null); // cos 12° = 0.978
        var superseded = of(decided(), Kind.SUPERSEDED);
        assertEquals(
                List.of(old),
                superseded.stream().map(ConsistencyEvent::memoryId).toList());
        assertEquals("similarity", superseded.get(0).evidence().rule());

        say("I also like Vim", 10, 14, null);
        assertTrue(of(decided(), Kind.SUPERSEDED).isEmpty());
    }

    @Test
    void theJudgeDecidesTheReferenceCasesBetweenTheThresholds() {
        start(Supersession.Policy.NEWEST_WINS);
        String dark = say("I prefer dark mode", 0, 0, null);
        String light = say("I switched to light mode", 10, 30, null); // cos 30° = 0.866
        var superseded = of(decided(), Kind.SUPERSEDED);
        assertEquals(1, superseded.size());
        assertEquals(dark, superseded.get(0).memoryId());
        assertEquals(light, superseded.get(0).otherMemoryId());
        assertEquals("judge", superseded.get(0).evidence().rule());
        assertEquals("builtin", superseded.get(0).evidence().judge());

        say("I like rock music", 20, 70, null);
        say("I also listen to jazz", 30, 100, null);
        say("I live in Berlin", 40, 200, null);
        say("My sister lives in Paris", 50, 230, null);
        assertTrue(of(decided(), Kind.SUPERSEDED).isEmpty());
    }

    @Test
    void theLlmJudgeConfiguredDecidesACandidatePairAndTheEvidenceNamesIt() throws Exception {
        try (var llm = ChatStandIn.start()) {
            llm.reply(user -> user.contains("Darjeeling") && user.contains("Earl Grey")
                    ? "```json\n{\"verdict\": \"replaces\", \"reason\": \"the usual tea changed\"}\n```"
                    : "{\"verdict\": \"unrelated\", \"reason\": \"tea and sugar are different things\"}");
            var env = Map.of(
                    "MEMORY_ADMIN_KEY", "0123456789abcdef-admin",
                    "SUPERSESSION_JUDGE_PROVIDER", "openai",
                    "SUPERSESSION_JUDGE_API_BASE_URL", llm.baseUrl(),
                    "SUPERSESSION_JUDGE_MODEL", "judge-model");
            MemoryConfig config = ConfigLoader.load(Path.of("..", "config", "memory.yaml"), env);
            // the stream's own engine: e5-small's thresholds (candidates 0.76 – 0.96), the LLM judge
            start(Calibration.engine(config, registry), DECAY);

            String earlGrey = say("Earl Grey is my tea", 0, 0, null);
            String darjeeling = say("My tea is always Darjeeling", 10, 30, null); // cos 30° = 0.866
            var superseded = of(decided(), Kind.SUPERSEDED);
            assertEquals(1, superseded.size());
            assertEquals(earlGrey, superseded.get(0).memoryId());
            assertEquals(darjeeling, superseded.get(0).otherMemoryId());
            assertEquals("judge", superseded.get(0).evidence().rule());
            assertEquals("llm:judge-model", superseded.get(0).evidence().judge());
            assertEquals(
                    "replaces: the usual tea changed",
                    superseded.get(0).evidence().reason());

            say("I take my tea without sugar", 20, 60, null); // 0.866 from Darjeeling; Earl Grey is retired
            assertTrue(of(decided(), Kind.SUPERSEDED).isEmpty());
            assertEquals(2, llm.calls());
            assertEquals(
                    1.0,
                    registry.get(MeteredJudge.CALLS)
                            .tags("judge", "llm:judge-model", "outcome", "conflict")
                            .counter()
                            .count());
            assertEquals(
                    1.0,
                    registry.get(MeteredJudge.CALLS)
                            .tags("judge", "llm:judge-model", "outcome", "no_conflict")
                            .counter()
                            .count());
        }
    }

    @Test
    void withSupersessionDisabledNoFactReplacesAnotherButDuplicatesStillMerge() {
        var env = Map.of("MEMORY_ADMIN_KEY", "0123456789abcdef-admin", "SUPERSESSION_ENABLED", "false");
        MemoryConfig config = ConfigLoader.load(Path.of("..", "config", "memory.yaml"), env);
        assertFalse(config.consistency().supersession().enabled());
        start(Calibration.engine(config, registry), DECAY);
        say("Dark theme everywhere", 0, 0, "ui.theme");
        say("Solarized light", 10, 90, "ui.theme"); // the same slot
        say("I prefer dark mode", 20, 200, null);
        say("I switched to light mode", 30, 215, null); // cos 15° = 0.966: above e5's supersede threshold, below merge
        String tea = say("I drink green tea", 40, 300, null);
        say("I drink green tea", 50, 300, null); // the same text
        var events = decided();
        assertTrue(of(events, Kind.SUPERSEDED).isEmpty(), () -> "decisions: " + events);
        assertTrue(of(events, Kind.CONTRADICTION_DETECTED).isEmpty(), () -> "decisions: " + events);
        var merged = of(events, Kind.MERGED);
        assertEquals(1, merged.size(), () -> "decisions: " + events);
        assertEquals(tea, merged.get(0).otherMemoryId());
    }

    @Test
    void whenTheLlmJudgeFailsTheBuiltinJudgeDecidesAndTheEvidenceSaysWhy() throws Exception {
        try (var llm = ChatStandIn.start()) {
            llm.failForever(500);
            var judge = new MemoryConfig.Judge(
                    "openai", "judge-model", new MemoryConfig.OpenAi(llm.baseUrl(), "test-key", 5_000, 1, 1, 5));
            var engine = new Supersession(
                    THRESHOLDS,
                    Supersession.Policy.NEWEST_WINS,
                    Calibration.judges(judge, registry).apply(0.8),
                    "test-model");
            start(engine, DECAY);
            String dark = say("I prefer dark mode", 0, 0, null);
            say("I switched to light mode", 10, 30, null);
            var superseded = of(decided(), Kind.SUPERSEDED);
            assertEquals(
                    List.of(dark),
                    superseded.stream().map(ConsistencyEvent::memoryId).toList());
            assertEquals("builtin", superseded.get(0).evidence().judge());
            String reason = superseded.get(0).evidence().reason();
            assertTrue(reason.startsWith("LLM judge llm:judge-model unavailable (HTTP 500"), reason);
            assertEquals(2, llm.calls());
        }
    }

    @Test
    void anOlderFactArrivingLateIsSupersededByTheNewerOneAlreadyThere() {
        start(Supersession.Policy.NEWEST_WINS);
        String newer = say("I work at Stripe", 60, 0, "employer");
        String older = say("I work at Google", 0, 40, "employer");
        var superseded = of(decided(), Kind.SUPERSEDED);
        assertEquals(1, superseded.size());
        assertEquals(older, superseded.get(0).memoryId());
        assertEquals(newer, superseded.get(0).otherMemoryId());
        assertEquals(T0.plusSeconds(3600), superseded.get(0).validUntil());
        // the newer one is still active: a third statement is compared with it
        say("I work at Datadog", 120, 35, "employer");
        assertEquals(newer, of(decided(), Kind.SUPERSEDED).get(0).memoryId());
    }

    @Test
    void aRepeatedFactIsMergedAndCountedNotStoredTwice() {
        start(Supersession.Policy.NEWEST_WINS);
        String first = say("I prefer dark mode.", 0, 0, null);
        String again = say("i prefer dark mode", 5, 3, null);
        String third = say("I prefer dark mode", 9, 1, null);
        var merged = of(decided(), Kind.MERGED);
        assertEquals(
                List.of(again, third),
                merged.stream().map(ConsistencyEvent::memoryId).toList());
        assertEquals(first, merged.get(1).otherMemoryId());
        assertEquals(3, merged.get(1).mentionCount());
        assertEquals("same_text", merged.get(0).evidence().rule());
    }

    @Test
    void aUserWhoseIdExtendsAnothersNeverSeesTheOthersFacts() {
        start(Supersession.Policy.NEWEST_WINS);
        // "u1/" is the store prefix of u1's facts, and also the start of u1/home's
        String homeDark = say("u1/home", "I prefer dark mode", MemoryType.FACT, 0, 0, "ui.theme");
        String dark = say("u1", "I prefer dark mode", MemoryType.FACT, 5, 0, "ui.theme");
        String light = say("u1", "I prefer light mode", MemoryType.FACT, 10, 30, "ui.theme");
        var decisions = decided();
        // u1's light mode replaces u1's dark mode, which was not merged into u1/home's
        assertEquals(
                List.of(Kind.CONTRADICTION_DETECTED, Kind.SUPERSEDED),
                decisions.stream().map(ConsistencyEvent::kind).toList(),
                decisions::toString);
        assertEquals(dark, decisions.get(1).memoryId());
        assertEquals(light, decisions.get(1).otherMemoryId());
        assertTrue(
                decisions.stream().noneMatch(d -> homeDark.equals(d.memoryId()) || homeDark.equals(d.otherMemoryId())));
    }

    @Test
    void mostFrequentKeepsTheFactSaidMoreOften() {
        start(Supersession.Policy.MOST_FREQUENT);
        String dark = say("I prefer dark mode", 0, 0, "ui.theme");
        say("I prefer dark mode", 5, 0, "ui.theme");
        String light = say("I switched to light mode", 10, 30, "ui.theme");
        var superseded = of(decided(), Kind.SUPERSEDED);
        assertEquals(1, superseded.size());
        assertEquals(light, superseded.get(0).memoryId());
        assertEquals(dark, superseded.get(0).otherMemoryId());

        // light mode said again: two mentions each, and the newer wins the tie
        String lightAgain = say("I switched to light mode", 15, 30, "ui.theme");
        var now = of(decided(), Kind.SUPERSEDED);
        assertEquals(1, now.size(), now::toString);
        assertEquals(dark, now.get(0).memoryId());
        assertEquals(lightAgain, now.get(0).otherMemoryId());
        say("I prefer dark mode", 20, 0, "ui.theme"); // once more: dark has three, light two
        var back = of(decided(), Kind.SUPERSEDED);
        assertEquals(1, back.size(), back::toString);
        assertEquals(lightAgain, back.get(0).memoryId());
    }

    @Test
    void aFactInASlotReplacesTheSlotsValueEvenWhenItRepeatsAFactOutsideIt() {
        start(Supersession.Policy.NEWEST_WINS);
        String light = say("I use light mode", 0, 30, "ui.theme");
        String unkeyed = say("I prefer dark mode", 5, 0, null);
        String dark = say("I prefer dark mode", 10, 0, "ui.theme");
        var decisions = decided();
        // the slot's old value is replaced, and the same words said outside the slot fold into it
        var superseded = of(decisions, Kind.SUPERSEDED);
        assertEquals(1, superseded.size(), decisions::toString);
        assertEquals(light, superseded.get(0).memoryId());
        assertEquals(dark, superseded.get(0).otherMemoryId());
        var merged = of(decisions, Kind.MERGED);
        assertEquals(1, merged.size(), decisions::toString);
        assertEquals(unkeyed, merged.get(0).memoryId());
        assertEquals(dark, merged.get(0).otherMemoryId());
        assertEquals(2, merged.get(0).mentionCount());
    }

    @Test
    void mostFrequentCountsEachMentionOnceHoweverOftenAValueWinsAndLoses() {
        start(Supersession.Policy.MOST_FREQUENT);
        say("I live in Paris", 0, 0, "city");
        say("I live in London", 1, 40, "city"); // 1 : 1, the newer wins
        say("I live in Paris", 2, 0, "city"); // Paris 2 : 1
        String london = say("I live in London", 3, 40, "city"); // 2 : 2, the newer wins
        say("I live in London", 4, 40, "city");
        say("I live in London", 5, 40, "city"); // London 4
        decided();
        say("I live in Paris", 6, 0, "city"); // Paris 3 : London 4
        var superseded = of(decided(), Kind.SUPERSEDED);
        assertEquals(1, superseded.size(), superseded::toString);
        assertEquals(london, superseded.get(0).otherMemoryId(), "London, said four times, stays");
    }

    @Test
    void manualOnlyReportsTheContradiction() {
        start(Supersession.Policy.MANUAL);
        String dark = say("I prefer dark mode", 0, 0, "ui.theme");
        String light = say("I switched to light mode", 10, 30, "ui.theme");
        var events = decided();
        assertTrue(of(events, Kind.SUPERSEDED).isEmpty());
        var contradictions = of(events, Kind.CONTRADICTION_DETECTED);
        assertEquals(1, contradictions.size());
        assertEquals(dark, contradictions.get(0).memoryId());
        assertEquals(light, contradictions.get(0).otherMemoryId());
        assertEquals(
                1.0,
                registry.get("memory_contradiction_detected_total").counter().count());
    }

    @Test
    void aRedeliveredMemoryIsDecidedOnce() {
        start(Supersession.Policy.NEWEST_WINS);
        say("I prefer dark mode", 0, 0, "ui.theme");
        String id = UUID.randomUUID().toString();
        var memory = new IngestEvent(
                1,
                id,
                "acme",
                "u1",
                "I switched to light mode",
                MemoryType.FACT,
                "ui.theme",
                T0.plusSeconds(600),
                T0.plusSeconds(600),
                null);
        byte[] event = codec.encode(EmbeddedEvent.of(memory, new float[] {0, 1}, "test-model", T0));
        input.pipeInput("acme/u1", event);
        input.pipeInput("acme/u1", event);
        assertEquals(1, of(decided(), Kind.SUPERSEDED).size());
    }

    @Test
    void aMemoryWhoseDecisionFailsIsDeadLetteredAndTheStreamGoesOn() {
        ContradictionJudge failing = new ContradictionJudge() {
            @Override
            public String name() {
                return "failing";
            }

            @Override
            public Verdict judge(String earlier, String later, double similarity) {
                if (later.contains("boom")) {
                    throw new IllegalStateException("the judge cannot read this");
                }
                return new RuleJudge(0.8).judge(earlier, later, similarity);
            }
        };
        start(new Supersession(THRESHOLDS, Supersession.Policy.NEWEST_WINS, failing, "test-model"), DECAY);
        say("I live in Berlin", 0, 0, null);
        say("boom: I live in Hamburg", 5, 20, null); // judged (similar): the judge throws
        say("I prefer dark mode", 10, 90, "ui.theme");
        say("I switched to light mode", 20, 120, "ui.theme");

        var dead = deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        String reason = header(dead.get(0), Topics.DLQ_REASON);
        assertTrue(
                reason.startsWith("deciding it failed: java.lang.IllegalStateException: the judge cannot read"),
                reason);
        assertEquals(1, of(decided(), Kind.SUPERSEDED).size(), "the memories after it are still decided");
    }

    @Test
    void oneMemorysPairsGetTheJudgesTimeOnceThenTheBuiltInJudgeDecides() {
        var slowCalls = new java.util.concurrent.atomic.AtomicInteger();
        var offlineCalls = new java.util.concurrent.atomic.AtomicInteger();
        ContradictionJudge offline = new ContradictionJudge() {
            @Override
            public String name() {
                return "builtin";
            }

            @Override
            public Verdict judge(String earlier, String later, double similarity) {
                offlineCalls.incrementAndGet();
                return Verdict.noConflict("offline: no");
            }
        };
        ContradictionJudge slow = new ContradictionJudge() {
            @Override
            public String name() {
                return "llm:slow";
            }

            @Override
            public Verdict judge(String earlier, String later, double similarity) {
                if (later.contains("Lisbon")) {
                    slowCalls.incrementAndGet();
                    try {
                        Thread.sleep(300);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return Verdict.noConflict("slow: no");
            }

            @Override
            public ContradictionJudge withoutNetwork() {
                return offline;
            }
        };
        // every pair a candidate for the judge, none a duplicate
        var thresholds = new Supersession.Thresholds(0.9999, 0.9999, -1.0);
        start(
                new Supersession(
                        thresholds, Supersession.Policy.NEWEST_WINS, slow, "test-model", true, Duration.ofSeconds(1)),
                DECAY);
        for (int i = 0; i < 6; i++) {
            say("I like hobby number " + "abcdef".charAt(i), i, i, null);
        }
        int offlineBefore = offlineCalls.get();
        say("I moved to Lisbon last spring", 10, 90, null); // six pairs for the judge, 300 ms each
        int offlineAfter = offlineCalls.get() - offlineBefore;
        assertEquals(6, slowCalls.get() + offlineAfter);
        assertTrue(slowCalls.get() <= 4, "one second of judging: at most four 300 ms answers, " + slowCalls);
        assertTrue(offlineAfter >= 2, "the rest without the network: " + offlineAfter);
    }

    @Test
    void anInvalidRecordIsDeadLetteredWithItsReasonAndTheNextOneIsDecided() {
        start(Supersession.Policy.NEWEST_WINS);
        input.pipeInput("acme/u1", "{not json".getBytes(StandardCharsets.UTF_8));
        say("I prefer dark mode", 0, 0, "ui.theme");
        say("I switched to light mode", 10, 30, "ui.theme");
        var dead = deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        String reason = header(dead.get(0), Topics.DLQ_REASON);
        assertTrue(reason.contains("malformed JSON"), reason);
        assertEquals("in", header(dead.get(0), Topics.DLQ_SOURCE_TOPIC));
        assertEquals(1, of(decided(), Kind.SUPERSEDED).size());
    }

    @Test
    void anEmbeddingOfAnotherSizeIsDeadLetteredNotCompared() {
        start(Supersession.Policy.NEWEST_WINS);
        say("I prefer dark mode", 0, 0, "ui.theme");
        var memory = new IngestEvent(
                1,
                UUID.randomUUID().toString(),
                "acme",
                "u1",
                "I switched to light mode",
                MemoryType.FACT,
                "ui.theme",
                T0.plusSeconds(600),
                T0.plusSeconds(3600),
                null);
        input.pipeInput(
                Topics.partitionKey("acme", "u1"),
                codec.encode(EmbeddedEvent.of(memory, new float[] {1, 0, 0}, "test-model", T0)));
        var dead = deadLetters.readRecordsToList();
        assertEquals(1, dead.size());
        assertEquals("embedding has 3 dimensions, the index expects 2", header(dead.get(0), Topics.DLQ_REASON));
        assertTrue(of(decided(), Kind.SUPERSEDED).isEmpty(), "the fact in the slot stands");
    }

    @Test
    void eventsHappenedAndStayTrueOnlyStatementsOfHowThingsAreAreReplaced() {
        start(Supersession.Policy.NEWEST_WINS);
        say("I visited Paris", MemoryType.EVENT, 0, 0, null);
        say("I visited Rome", MemoryType.EVENT, 10, 30, null);
        say("I visited Rome", MemoryType.EVENT, 20, 30, null); // another visit, not a repetition
        var events = decided();
        assertTrue(of(events, Kind.SUPERSEDED).isEmpty());
        assertTrue(of(events, Kind.MERGED).isEmpty());

        String paris = say("My favourite city is Paris", MemoryType.PREFERENCE, 30, 100, null);
        say("My favourite city is Rome", MemoryType.PREFERENCE, 40, 130, null);
        assertEquals(
                List.of(paris),
                of(decided(), Kind.SUPERSEDED).stream()
                        .map(ConsistencyEvent::memoryId)
                        .toList());

        // nothing is compared with an event by similarity: the store keeps it without its vector
        KeyValueStore<String, Fact> store = driver.getKeyValueStore(ConsistencyTopology.FACTS);
        try (var all = store.all()) {
            all.forEachRemaining(entry -> {
                Fact fact = entry.value;
                assertEquals(fact.active() && fact.statesHowThingsAre(), fact.vector() != null, fact::toString);
            });
        }
    }

    @Test
    void theDecaySweepRunsOnItsScheduleByWallClockAndWeighsOldFactsDown() {
        start(Supersession.Policy.NEWEST_WINS);
        String fresh = say("I prefer dark mode", 59, 0, null); // 1 minute before the driver's clock
        String old = say("I live in Berlin", -90 * 24 * 60, 90, null); // 90 days earlier: weight 0.5
        String ancient = say("I am a student", -3650 * 24 * 60, 180, null); // at the floor: 0.1
        decided();
        driver.advanceWallClockTime(Duration.ofHours(1)); // not due yet: the first run is 06:00
        assertTrue(of(decided(), Kind.DECAYED).isEmpty());

        driver.advanceWallClockTime(Duration.ofHours(5)); // 06:00: the sweep starts, 2 facts per step
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        driver.advanceWallClockTime(Duration.ofSeconds(1));
        var decayed = of(decided(), Kind.DECAYED);
        assertEquals(2, decayed.size(), decayed::toString);
        var weights = new java.util.HashMap<String, Double>();
        decayed.forEach(d -> weights.put(d.memoryId(), d.weight()));
        assertEquals(0.5, weights.get(old), 0.01);
        assertEquals(0.1, weights.get(ancient), 1e-9);
        assertTrue(!weights.containsKey(fresh), "a fresh fact keeps its weight of 1");
        assertEquals(
                3.0, registry.get("memory_decay_sweep_records_total").counter().count());
        assertEquals(
                1, registry.get("memory_decay_sweep_duration_seconds").timer().count());

        driver.advanceWallClockTime(Duration.ofSeconds(1)); // nothing moved since: no new decisions
        assertTrue(of(decided(), Kind.DECAYED).isEmpty());
    }

    @Test
    void aBadScheduleStopsTheStartNamingTheKey() {
        var error = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> start(
                        Supersession.Policy.NEWEST_WINS, new MemoryConfig.Decay(true, 90, 0.1, "every 6 hours", 10)));
        assertTrue(error.getMessage().contains("consistency.decay.sweep_schedule"), error.getMessage());
    }

    @Test
    void aStoredFactKeepsEveryFieldAndItsVectorExactly() {
        var serde = ConsistencyTopology.factSerde(codec.mapper());
        var fact = new Fact(
                true,
                "m",
                "t",
                "u",
                "I prefer tea",
                "preference",
                "drink",
                new float[] {0.1f, -2.5f, 3e-7f},
                T0,
                3,
                0.42);
        var back = serde.deserializer().deserialize("x", serde.serializer().serialize("x", fact));
        assertEquals(fact.withVector(null), back.withVector(null));
        org.junit.jupiter.api.Assertions.assertArrayEquals(fact.vector(), back.vector());
        var retired = fact.retired();
        assertEquals(
                null,
                serde.deserializer()
                        .deserialize("x", serde.serializer().serialize("x", retired))
                        .vector());
    }

    @Test
    void anOperatorsSettlementRetiresTheLoserFromTheComparedFacts() {
        start(Supersession.Policy.MANUAL);
        String dark = say("I prefer dark mode", 0, 0, "ui.theme");
        String light = say("I switched to light mode", 10, 30, "ui.theme");
        assertEquals(1, of(decided(), Kind.CONTRADICTION_DETECTED).size());

        var settlement = new ConsistencyEvent(
                1,
                ConsistencyEvent.decisionId(Kind.SUPERSEDED, dark, light),
                Kind.SUPERSEDED,
                "acme",
                "u1",
                dark,
                light,
                T0.plusSeconds(7200),
                null,
                null,
                T0.plusSeconds(7200),
                new ConsistencyEvent.Evidence("manual", null, null, "resolved by an operator", null, "manual"));
        driver.createInputTopic(
                        "decisions",
                        Serdes.String().serializer(),
                        Serdes.ByteArray().serializer())
                .pipeInput("acme/u1", codec.encode(settlement));

        say("I use the solarized theme", 20, 60, "ui.theme");
        var contradictions = of(decided(), Kind.CONTRADICTION_DETECTED);
        assertEquals(
                List.of(light),
                contradictions.stream().map(ConsistencyEvent::memoryId).toList());
    }

    @Test
    void aRestatedFactIsRenewedSoAnOlderChangeArrivingLateDoesNotReplaceIt() {
        start(Supersession.Policy.NEWEST_WINS);
        String dark = say("I prefer dark mode", 0, 0, "ui.theme");
        say("I prefer dark mode", 60, 0, "ui.theme"); // said again an hour later: merged, renewed
        String light = say("I switched to light mode", 30, 30, "ui.theme"); // from in between, arriving last
        var superseded = of(decided(), Kind.SUPERSEDED);
        assertEquals(
                List.of(light),
                superseded.stream().map(ConsistencyEvent::memoryId).toList());
        assertEquals(dark, superseded.get(0).otherMemoryId());
    }

    @Test
    void aNearlyIdenticalTextWithOtherNumbersIsANewValueNotARepetition() {
        start(Supersession.Policy.NEWEST_WINS);
        String early = say("The school run leaves at 7:50", 0, 0, null);
        say("The school run leaves at 7:35", 10, 1, null); // cos 1° = 0.9998, above the merge threshold
        var events = decided();
        assertTrue(of(events, Kind.MERGED).isEmpty());
        assertEquals(
                List.of(early),
                of(events, Kind.SUPERSEDED).stream()
                        .map(ConsistencyEvent::memoryId)
                        .toList());
    }

    @Test
    void inOneFactSlotANearlyIdenticalTextIsANewValueNotARepetition() {
        start(Supersession.Policy.NEWEST_WINS);
        String seven = say("My lucky number is 7", 0, 0, "lucky.number");
        say("My lucky number is 8", 10, 1, "lucky.number"); // cos 1° = 0.9998, above the merge threshold
        var events = decided();
        assertTrue(of(events, Kind.MERGED).isEmpty());
        assertEquals(
                List.of(seven),
                of(events, Kind.SUPERSEDED).stream()
                        .map(ConsistencyEvent::memoryId)
                        .toList());
    }
}
