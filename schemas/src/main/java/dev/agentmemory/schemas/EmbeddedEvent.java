package dev.agentmemory.schemas;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A memory with its embedding: the value on {@link Topics#EMBEDDED}, described by {@code
 * schemas/embedded-event.v1.schema.json}. {@code memory} always has its id and acceptance time.
 * Thread-safe as long as nobody writes into {@code embedding}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EmbeddedEvent(
        int schemaVersion, IngestEvent memory, float[] embedding, String embeddingModel, Instant embeddedAt) {

    public static final int SCHEMA_VERSION = 1;

    public static EmbeddedEvent of(IngestEvent memory, float[] embedding, String model, Instant at) {
        return new EmbeddedEvent(SCHEMA_VERSION, memory, embedding, model, at);
    }
}
