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
 * replaced, {@code mention_count} only once a fact has been said again. Immutable.
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

    static RetrievedMemory of(JsonNode source, Fusion.Parts parts, boolean explain) {
        return new RetrievedMemory(
                source.path("memory_id").asText(),
                source.path("tenant_id").asText(),
                source.path("user_id").asText(),
                source.path("content").asText(),
                source.path("type").asText(),
                text(source, "key"),
                source.get("metadata"),
                parts.score(),
                Timestamps.parse(source.path("created_at").asText()),
                source.hasNonNull("occurred_at")
                        ? Timestamps.parse(source.get("occurred_at").asText())
                        : null,
                text(source, "superseded_by"),
                source.hasNonNull("superseded_at")
                        ? Timestamps.parse(source.get("superseded_at").asText())
                        : null,
                source.hasNonNull("mention_count") ? source.get("mention_count").asInt() : null,
                explain ? parts : null,
                parts);
    }

    private static String text(JsonNode source, String field) {
        return source.hasNonNull(field) ? source.get(field).asText() : null;
    }
}
