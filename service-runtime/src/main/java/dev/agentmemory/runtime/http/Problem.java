package dev.agentmemory.runtime.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * An RFC 9457 problem: every 4xx and 5xx body is one of these, as {@code application/problem+json}.
 * Immutable.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, Map<String, Object> extensions) {

    public static final String CONTENT_TYPE = "application/problem+json";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem("urn:agent-memory:problem:" + slug, title, status, detail, Map.of());
    }
}
