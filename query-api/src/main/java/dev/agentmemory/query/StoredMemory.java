package dev.agentmemory.query;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A memory as the search index stores it (the {@code _source} of a hit, without its vector), bound
 * by Jackson with only the fields a retrieval reads. Timestamps stay text until needed: most
 * candidates are ranked and dropped, and only {@link Timestamps#parse} reads them. Immutable.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record StoredMemory(
        String memoryId,
        String tenantId,
        String userId,
        String content,
        String type,
        String key,
        JsonNode metadata,
        String createdAt,
        String occurredAt,
        String supersededBy,
        String supersededAt,
        Integer mentionCount) {}
