package dev.agentmemory.schemas;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * A decision of the consistency engine about one memory: the value on {@link Topics#CONSISTENCY},
 * described by {@code schemas/consistency-event.v1.schema.json}, keyed like every topic by {@code
 * "<tenant_id>/<user_id>"}. The indexer applies it; nothing is deleted. {@code decisionId} is
 * derived from what was decided, so applying an event twice changes nothing. Immutable and
 * thread-safe.
 *
 * @param memoryId the memory the decision is about: the replaced one, the duplicate, the decayed one
 * @param otherMemoryId the replacing memory, the canonical one a duplicate folds into, or the other
 *     side of a contradiction; {@code null} for {@link Kind#DECAYED}
 * @param validUntil {@link Kind#SUPERSEDED}: when {@code memoryId} stopped being true
 * @param mentionCount {@link Kind#MERGED}: how often the canonical memory has now been said
 * @param weight {@link Kind#DECAYED}: the memory's decay weight
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConsistencyEvent(
        int schemaVersion,
        String decisionId,
        Kind kind,
        String tenantId,
        String userId,
        String memoryId,
        String otherMemoryId,
        Instant validUntil,
        Integer mentionCount,
        Double weight,
        Instant decidedAt,
        Evidence evidence) {

    public static final int SCHEMA_VERSION = 1;

    /** What was decided. */
    public enum Kind {
        @JsonProperty("superseded")
        SUPERSEDED,
        @JsonProperty("merged")
        MERGED,
        @JsonProperty("contradiction_detected")
        CONTRADICTION_DETECTED,
        @JsonProperty("decayed")
        DECAYED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Why: the rule that fired ({@code same_key}, {@code same_text}, {@code similarity}, {@code
     * judge}, {@code decay_sweep}, {@code manual}), the cosine similarity of the two memories, the
     * judge and its reason, the embedding model, and the conflict policy.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Evidence(
            String rule, Double similarity, String judge, String reason, String embeddingModel, String policy) {}

    /** The Kafka record key. */
    public String partitionKey() {
        return Topics.partitionKey(tenantId, userId);
    }

    /** The id of a decision: its kind and the memories it concerns (and, for decay, the sweep). */
    public static String decisionId(Kind kind, String memoryId, String other) {
        return kind.wireName() + ":" + memoryId + (other == null ? "" : ":" + other);
    }
}
