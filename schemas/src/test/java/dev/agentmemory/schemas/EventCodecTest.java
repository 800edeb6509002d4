package dev.agentmemory.schemas;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventCodecTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void aMinimalDirectProducerEventIsValid() throws Exception {
        IngestEvent event = codec.decodeIngest(
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"I like tea\",\"type\":\"preference\"}");
        assertEquals("acme", event.tenantId());
        assertEquals(MemoryType.PREFERENCE, event.type());
        assertNull(event.memoryId());
        assertEquals(Map.of(), event.metadata());
        assertEquals("acme/u1", event.partitionKey());
    }

    @Test
    void completingKeepsAnIdTheProducerChose() throws Exception {
        IngestEvent event = codec.decodeIngest("{\"memory_id\":\"0b7e2f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b\","
                + "\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"x\",\"type\":\"fact\"}");
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        IngestEvent done = event.completed("ffffffff-ffff-ffff-ffff-ffffffffffff", now);
        assertEquals("0b7e2f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b", done.memoryId());
        assertEquals(now, done.acceptedAt());
        assertEquals(IngestEvent.SCHEMA_VERSION, done.schemaVersion());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "{oops",
                "[1,2]",
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"type\":\"fact\"}",
                "{\"tenant_id\":\"Acme Corp\",\"user_id\":\"u1\",\"content\":\"x\",\"type\":\"fact\"}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"\",\"content\":\"x\",\"type\":\"fact\"}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\" \\n \",\"type\":\"fact\"}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"x\",\"type\":\"rumour\"}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"x\",\"type\":\"fact\",\"extra\":1}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"x\",\"type\":\"fact\",\"occurred_at\":\"last week\"}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"x\",\"type\":\"fact\",\"memory_id\":\"42\"}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"x\",\"type\":\"fact\",\"metadata\":[1]}"
            })
    void anInvalidEventIsRefusedWithAReason(String json) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.decodeIngest(json));
        assertTrue(
                e.getMessage().startsWith("malformed JSON")
                        || e.getMessage().startsWith("schema violation")
                        || e.getMessage().startsWith("empty record"),
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"tenant_id\":\"acme\",\"user_id\":\"\\u0000\",\"content\":\"x\",\"type\":\"fact\"}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"dark\\u0000mode\",\"type\":\"fact\"}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"x\",\"type\":\"fact\","
                        + "\"metadata\":{\"source\":{\"app\":\"a\\u0000\"}}}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"x\",\"type\":\"fact\","
                        + "\"metadata\":{\"k\\u0000\":1}}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"\\udc00\",\"content\":\"x\",\"type\":\"fact\"}",
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"x\\ud800 y\",\"type\":\"fact\"}"
            })
    void textThatCannotBeStoredIsRefusedWherever(String json) {
        InvalidEventException e = assertThrows(InvalidEventException.class, () -> codec.decodeIngest(json));
        assertTrue(e.getMessage().startsWith("text may not contain"), e.getMessage());
    }

    @Test
    void aNumberBeyondADoubleIsRefusedNotTurnedIntoText() {
        InvalidEventException e = assertThrows(
                InvalidEventException.class,
                () -> codec.decodeIngest("{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"x\","
                        + "\"type\":\"fact\",\"metadata\":{\"weight\":-1e400}}"));
        assertEquals("a number is beyond the range of a double (-1e400): in 'weight'", e.getMessage());
    }

    @Test
    void aPairedSurrogateIsOneCharacter() throws Exception {
        IngestEvent event = codec.decodeIngest(
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"\\ud83d\\ude00\",\"type\":\"fact\"}");
        assertEquals("\uD83D\uDE00", event.content());
    }

    @Test
    void anEscapedBackslashBeforeU0000IsNoNul() throws Exception {
        IngestEvent event = codec.decodeIngest(
                "{\"tenant_id\":\"acme\",\"user_id\":\"u1\",\"content\":\"C:\\\\u0000\",\"type\":\"fact\"}");
        assertEquals("C:\\u0000", event.content());
    }

    @Test
    void anEmbeddedEventSurvivesARoundTrip() throws Exception {
        IngestEvent memory = new IngestEvent(
                1,
                "0b7e2f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
                "acme",
                "u1",
                "x",
                MemoryType.FACT,
                "ui.theme",
                Instant.parse("2025-05-01T10:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"),
                Map.of("source", "chat"));
        EmbeddedEvent event =
                EmbeddedEvent.of(memory, new float[] {0.25f, -1f}, "m", Instant.parse("2026-01-01T00:00:01Z"));
        EmbeddedEvent back = codec.decodeEmbedded(codec.encode(event));
        assertEquals(memory, back.memory());
        assertArrayEquals(event.embedding(), back.embedding());
        assertEquals("m", back.embeddingModel());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\"type\":null",
                "\"type\":\"rumour\"",
                "\"accepted_at\":null",
                "\"user_id\":7",
                "\"tenant_id\":\"Not A Tenant\"",
                "\"occurred_at\":\"yesterday\""
            })
    void anEmbeddedEventsMemoryIsCheckedAsAnIngestEvent(String field) {
        String memory = "{\"memory_id\":\"0b7e2f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b\",\"tenant_id\":\"acme\","
                + "\"user_id\":\"u1\",\"content\":\"x\",\"type\":\"fact\","
                + "\"accepted_at\":\"2026-01-01T00:00:00Z\"}";
        String valid = "{\"schema_version\":1,\"memory\":" + memory
                + ",\"embedding\":[0.5],\"embedding_model\":\"m\",\"embedded_at\":\"2026-01-01T00:00:01Z\"}";
        assertDoesNotThrow(() -> codec.decodeEmbedded(valid.getBytes(StandardCharsets.UTF_8)));
        String name = field.substring(0, field.indexOf(':'));
        String broken =
                memory.replaceFirst(name + ":(\"[^\"]*\"|[^,}]*)", java.util.regex.Matcher.quoteReplacement(field));
        if (broken.equals(memory)) { // a field the minimal memory does not have
            broken = memory.replace("}", "," + field + "}");
        }
        String event = valid.replace(memory, broken);
        assertThrows(
                InvalidEventException.class, () -> codec.decodeEmbedded(event.getBytes(StandardCharsets.UTF_8)), event);
    }

    @Test
    void theIndexBodyCarriesTheConfiguredVectorAndTheTenantAlias() throws Exception {
        var body = codec.mapper()
                .readTree(MemoryIndex.createBody("acme", new MemoryIndex.Layout(768, 16, 100, 2, 1, 500)));
        assertEquals(768, body.at("/mappings/properties/embedding/dimension").asInt());
        assertEquals(
                16,
                body.at("/mappings/properties/embedding/method/parameters/m").asInt());
        assertEquals(
                "lucene",
                body.at("/mappings/properties/embedding/method/engine").asText());
        assertEquals(2, body.at("/settings/index/number_of_shards").asInt());
        assertEquals("500ms", body.at("/settings/index/refresh_interval").asText());
        assertTrue(body.at("/aliases").has("memory-acme"));
        assertEquals("memory-acme-v1", MemoryIndex.concreteIndex("acme"));
    }

    @Test
    void aRebuiltIndexBelongsToItsTenantOnly() {
        String rebuilt = MemoryIndex.rebuiltIndex("acme", 1_795_554_154_721L);
        assertEquals("memory-acme-v1-r1795554154721", rebuilt);
        assertTrue(MemoryIndex.isIndexOf("acme", rebuilt));
        assertTrue(MemoryIndex.isIndexOf("acme", "memory-acme-v1"));
        // other tenants whose names start like it: "acme-v1-r5", "acme-v1x"
        assertFalse(MemoryIndex.isIndexOf("acme", MemoryIndex.concreteIndex("acme-v1-r5")));
        assertFalse(MemoryIndex.isIndexOf("acme", MemoryIndex.concreteIndex("acme-v1x")));
        assertFalse(MemoryIndex.isIndexOf("acme", "memory-acme-v1-r12-v1"));
        // the index body of a rebuild carries no alias: the alias moves only when it is done
        assertFalse(MemoryIndex.indexBody(new MemoryIndex.Layout(384, 32, 200, 1, 0, 1000))
                .has("aliases"));
    }

    @Test
    void aDecisionRoundTripsWithItsEvidence() throws Exception {
        Instant at = Instant.parse("2026-01-01T00:00:00Z");
        var event = new ConsistencyEvent(
                ConsistencyEvent.SCHEMA_VERSION,
                ConsistencyEvent.decisionId(ConsistencyEvent.Kind.SUPERSEDED, "old", "new"),
                ConsistencyEvent.Kind.SUPERSEDED,
                "acme",
                "u1",
                "old",
                "new",
                at,
                null,
                null,
                at,
                new ConsistencyEvent.Evidence(
                        "judge", 0.88, "builtin", "change marker 'switched'", "e5", "newest_wins"));
        byte[] json = codec.encode(event);
        assertTrue(new String(json, java.nio.charset.StandardCharsets.UTF_8).contains("\"kind\":\"superseded\""));
        assertEquals(event, codec.decodeConsistency(json));
        assertEquals("superseded:old:new", event.decisionId());
        assertEquals("acme/u1", event.partitionKey());
    }

    @Test
    void aSupersessionWithoutItsReplacementIsRefused() {
        var error = assertThrows(
                InvalidEventException.class,
                () -> codec.decodeConsistency(("{\"schema_version\":1,\"decision_id\":\"d\",\"kind\":\"superseded\","
                                + "\"tenant_id\":\"t\",\"user_id\":\"u\",\"memory_id\":\"m\","
                                + "\"decided_at\":\"2026-01-01T00:00:00Z\",\"evidence\":{\"rule\":\"similarity\"}}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertTrue(error.getMessage().contains("schema violation"), error.getMessage());
    }
}
