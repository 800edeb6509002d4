package dev.agentmemory.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import dev.agentmemory.ingest.IngestService.Submission;
import dev.agentmemory.schemas.IngestEvent;
import dev.agentmemory.schemas.MemoryType;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A keyed memory's id is the same on every retry of it (so a retry after an unknown outcome
 * publishes the same memory again, never a second one), and another for anything else.
 */
class MemoryIdTest {

    private static Submission said(String content, String key) {
        var event = new IngestEvent(
                IngestEvent.SCHEMA_VERSION,
                null,
                "acme",
                "u1",
                content,
                MemoryType.FACT,
                null,
                Instant.parse("2026-11-01T10:00:00Z"),
                null,
                Map.of("source", "chat"));
        return new Submission(event, key);
    }

    @Test
    void aRetryWithTheSameKeyGetsTheSameIdAndAnythingElseAnother() {
        String first = IngestService.memoryId("acme", said("I live in Porto", "k-1"));
        assertEquals(first, IngestService.memoryId("acme", said("I live in Porto", "k-1")));
        UUID.fromString(first);
        assertNotEquals(first, IngestService.memoryId("acme", said("I live in Porto", "k-2")));
        assertNotEquals(first, IngestService.memoryId("acme", said("I live in Faro", "k-1")));
        assertNotEquals(first, IngestService.memoryId("other-tenant", said("I live in Porto", "k-1")));
    }

    @Test
    void withoutAKeyEveryMemoryIsNew() {
        assertNotEquals(
                IngestService.memoryId("acme", said("I live in Porto", null)),
                IngestService.memoryId("acme", said("I live in Porto", null)));
    }
}
