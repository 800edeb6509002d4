package dev.agentmemory.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Map;

/**
 * One memory as submitted: the value on {@link Topics#INGEST}, described by {@code
 * schemas/ingest-event.v1.schema.json}. Immutable and thread-safe.
 *
 * @param memoryId set by the ingest API; {@code null} only from a direct producer that left it out
 * @param acceptedAt when the API accepted it; {@code null} only from a direct producer
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestEvent(
        Integer schemaVersion,
        String memoryId,
        String tenantId,
        String userId,
        String content,
        MemoryType type,
        String key,
        Instant occurredAt,
        Instant acceptedAt,
        Map<String, Object> metadata) {

    public static final int SCHEMA_VERSION = 1;

    public IngestEvent {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** The same event with the fields the pipeline guarantees filled in. */
    public IngestEvent completed(String id, Instant accepted) {
        return new IngestEvent(
                SCHEMA_VERSION,
                memoryId == null ? id : memoryId,
                tenantId,
                userId,
                content,
                type,
                key,
                occurredAt,
                acceptedAt == null ? accepted : acceptedAt,
                metadata);
    }

    /** The Kafka record key: one user's memories share a partition and so stay in order. */
    public String partitionKey() {
        return Topics.partitionKey(tenantId, userId);
    }
}
