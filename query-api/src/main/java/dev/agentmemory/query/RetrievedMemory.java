package dev.agentmemory.query;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One result of a retrieval, as the API returns it; {@code explain} only when asked for, {@code
 * superseded_by} and {@code superseded_at} (when it stopped being true) only for a memory that was
 * replaced by then (the time the retrieval scores at: now, or its {@code as_of}), {@code
 * mention_count} only once a fact has been said again. Immutable.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
record RetrievedMemory(
        String memoryId,
        String tenantId,
        String userId,
        String content,
        String type,
        String key,
        JsonNode metadata,
        double score,
        Instant createdAt,
        Instant occurredAt,
        String supersededBy,
        Instant supersededAt,
        Integer mentionCount,
        Fusion.Parts explain,
        @JsonIgnore Fusion.Parts parts) {

    static RetrievedMemory of(StoredMemory source, Fusion.Parts parts, boolean explain, Instant now) {
        Instant supersededAt = source.supersededAt() != null ? Timestamps.parse(source.supersededAt()) : null;
        boolean replaced = supersededAt != null && !supersededAt.isAfter(now);
        return new RetrievedMemory(
                source.memoryId(),
                source.tenantId(),
                source.userId(),
                source.content(),
                source.type(),
                source.key(),
                source.metadata(),
                parts.score(),
                Timestamps.parse(source.createdAt()),
                source.occurredAt() != null ? Timestamps.parse(source.occurredAt()) : null,
                replaced ? source.supersededBy() : null,
                replaced ? supersededAt : null,
                source.mentionCount(),
                explain ? parts : null,
                parts);
    }
}
