package dev.agentmemory.runtime.http;

import java.time.Duration;

/**
 * Thrown by a controller or service to answer with a problem. Services may throw it without
 * knowing about HTTP routing; the HTTP layer turns it into the response.
 */
public final class ProblemException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Problem problem;
    private final Duration retryAfter;

    public ProblemException(int status, String slug, String title, String detail) {
        this(Problem.of(status, slug, title, detail), null);
    }

    public ProblemException(Problem problem, Duration retryAfter) {
        super(problem.title() + ": " + problem.detail());
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "invalid-request", "Invalid request", detail);
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(401, "unauthorized", "Unauthorized", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return new ProblemException(Problem.of(503, "unavailable", "Service unavailable", detail), retryAfter);
    }

    public Problem problem() {
        return problem;
    }

    /** When set, the response carries {@code Retry-After}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
