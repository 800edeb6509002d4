package dev.agentmemory.query;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentmemory.runtime.config.MemoryConfig;
import java.time.Instant;

/** One result of a retrieval, as the API returns it. Immutable. */
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
        Instant occurredAt) {

    /** Collects one candidate's leg scores while the legs are merged. Not thread-safe. */
    static final class Builder {
        private final JsonNode source;
        final Instant createdAt;
        double vector;
        double lexical;

        Builder(JsonNode source) {
            this.source = source;
            this.createdAt = Instant.parse(source.path("created_at").asText());
        }

        RetrievedMemory build(MemoryConfig.Retrieval w, double recency) {
            double score = w.vectorWeight() * vector + w.lexicalWeight() * lexical + w.temporalWeight() * recency;
            JsonNode occurred = source.get("occurred_at");
            return new RetrievedMemory(
                    source.path("memory_id").asText(),
                    source.path("tenant_id").asText(),
                    source.path("user_id").asText(),
                    source.path("content").asText(),
                    source.path("type").asText(),
                    source.hasNonNull("key") ? source.get("key").asText() : null,
                    source.get("metadata"),
                    score,
                    createdAt,
                    occurred == null || occurred.isNull() ? null : Instant.parse(occurred.asText()));
        }
    }
}
