package dev.agentmemory.query;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.agentmemory.runtime.config.MemoryConfig;
import dev.agentmemory.runtime.http.ProblemException;
import dev.agentmemory.runtime.tenant.TenantIds;
import dev.agentmemory.schemas.VisibleText;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A retrieval as the client asks for it. Unknown fields are refused by the strict mapper; {@link
 * #validated} checks the values and fills the defaults. Immutable.
 *
 * @param types only memories of these types (empty: all)
 * @param occurredAfter only memories that happened at or after this time
 * @param metadata only memories whose metadata has these key = value pairs
 * @param asOf answer as the memory stood then: memories true by then ({@code occurred_at}, else
 *     acceptance) and not yet replaced then, scored with that time as "now"
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RetrievalRequest(
        String tenantId,
        String userId,
        String query,
        Integer topK,
        List<String> types,
        Instant occurredAfter,
        Instant occurredBefore,
        Map<String, Object> metadata,
        boolean explain,
        @JsonProperty("include_superseded") boolean includeSuperseded,
        Instant asOf) {

    private static final Set<String> TYPES = Set.of("preference", "fact", "observation", "event", "instruction");
    private static final int MAX_QUERY_CHARS = 2000;
    /** Times a store and a search engine both take: years 0001 to 9999. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");
    /**
     * A metadata key is a path into the memory's metadata ('.' between nested keys): no empty
     * segment, and none named like the index's own sub-fields of a flat object ({@code _value},
     * {@code _valueAndPath}), which would match any key's value.
     */
    private static final Pattern METADATA_KEY =
            Pattern.compile("(?!.*(^|\\.)(_value|_valueAndPath)(\\.|$))[^.]+(\\.[^.]+)*");

    /** A request with no filters or options. */
    public static RetrievalRequest plain(String tenantId, String userId, String query, int topK) {
        return new RetrievalRequest(tenantId, userId, query, topK, List.of(), null, null, Map.of(), false, false, null);
    }

    RetrievalRequest validated(MemoryConfig.Retrieval config) {
        if (!TenantIds.valid(tenantId)) {
            throw ProblemException.badRequest("tenant_id is required: 1-48 characters of a-z, 0-9, '-' and '_'");
        }
        requireUserId(userId);
        if (VisibleText.isEmpty(query) || query.length() > MAX_QUERY_CHARS) {
            throw ProblemException.badRequest(
                    "query is required (1-" + MAX_QUERY_CHARS + " characters, not only spaces or control characters)");
        }
        if (topK != null && (topK < 1 || topK > config.maxTopK())) {
            throw ProblemException.badRequest("top_k must be between 1 and " + config.maxTopK());
        }
        if (types != null && types.stream().anyMatch(t -> t == null || !TYPES.contains(t))) {
            throw ProblemException.badRequest("types may contain only " + TYPES);
        }
        requireInRange("occurred_after", occurredAfter);
        requireInRange("occurred_before", occurredBefore);
        requireInRange("as_of", asOf);
        if (occurredAfter != null && occurredBefore != null && occurredAfter.isAfter(occurredBefore)) {
            throw ProblemException.badRequest("occurred_after is later than occurred_before");
        }
        if (metadata != null
                && metadata.values().stream().anyMatch(v -> v == null || v instanceof Map || v instanceof List)) {
            throw ProblemException.badRequest("metadata filters take plain values (text, number, true/false)");
        }
        if (metadata != null
                && metadata.keySet().stream()
                        .anyMatch(k -> !METADATA_KEY.matcher(k).matches())) {
            throw ProblemException.badRequest(
                    "a metadata key is a path of keys joined by '.', none of them empty, _value or _valueAndPath");
        }
        return new RetrievalRequest(
                tenantId,
                userId,
                query,
                topK == null ? config.topK() : topK,
                types == null ? List.of() : List.copyOf(types),
                occurredAfter,
                occurredBefore,
                metadata == null ? Map.of() : Map.copyOf(metadata),
                explain,
                includeSuperseded,
                asOf);
    }

    /** A user id as an ingest event may have it: 1-128 characters, no NUL (no store keeps one). */
    static void requireUserId(String userId) {
        if (userId == null || userId.isBlank() || userId.length() > 128 || userId.indexOf('\0') >= 0) {
            throw ProblemException.badRequest("user_id is required (1-128 characters, no NUL)");
        }
    }

    private static void requireInRange(String field, Instant time) {
        if (time != null && (time.isBefore(EARLIEST) || time.isAfter(LATEST))) {
            throw ProblemException.badRequest(field + " must be within the years 0001 to 9999");
        }
    }
}
