package dev.agentmemory.runtime.retry;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Sorts a failed call to a model API (embeddings, chat) into what to do about it, in one place
 * (Debezium style), and describes it in one line.
 *
 * <ul>
 *   <li>{@link Kind#TRANSIENT}: it may work later (HTTP 408, 429, 5xx, timeouts, I/O, an unresolved
 *       host, anything unrecognised) → back off and retry.
 *   <li>{@link Kind#PERMANENT}: the provider refused the input (any other 4xx, e.g. a text too long)
 *       → no retry; the embedder isolates the bad items by bisecting the batch.
 *   <li>{@link Kind#FATAL}: the provider refused our configuration (401, 403, 404: key, model, URL;
 *       or a {@link MisconfiguredModelException}, e.g. vectors of the wrong size) → no input is to
 *       blame and no retry helps: report the service unhealthy, or fall back.
 * </ul>
 *
 * <p>langchain4j 1.19 reports an HTTP error as {@link HttpException} (with the status), usually
 * wrapped by its mapper in {@code RateLimitException}, {@code InternalServerException}, {@code
 * InvalidRequestException}…; a JDK client timeout as {@code TimeoutException}; other I/O errors as a
 * plain {@code RuntimeException} around the {@link IOException}. Needs langchain4j-core on the class
 * path (every service that calls a model has it). Stateless and thread-safe.
 */
public final class ModelApiErrors {

    public enum Kind {
        TRANSIENT,
        PERMANENT,
        FATAL
    }

    /** The longest description ({@link #oneLine}); longer ones are cut and end with {@code …}. */
    public static final int MAX_DETAIL = 300;

    private ModelApiErrors() {}

    public static Kind classify(Throwable error) {
        HttpException http = find(error, HttpException.class);
        if (http != null) {
            return ofStatus(http.statusCode());
        }
        if (find(error, MisconfiguredModelException.class) != null
                || find(error, AuthenticationException.class) != null
                || find(error, ModelNotFoundException.class) != null) {
            return Kind.FATAL;
        }
        if (find(error, UnresolvedModelServerException.class) != null
                || find(error, RetriableException.class) != null
                || find(error, IOException.class) != null
                || find(error, UncheckedIOException.class) != null) {
            return Kind.TRANSIENT;
        }
        if (find(error, NonRetriableException.class) != null) {
            return Kind.PERMANENT; // InvalidRequestException, ContentFilteredException without a status
        }
        return Kind.TRANSIENT; // unknown: bounded retries, then whatever the caller does with a failure
    }

    /** Whether {@link #classify} calls it {@link Kind#TRANSIENT}: the same call may work later. */
    public static boolean isTransient(Throwable error) {
        return classify(error) == Kind.TRANSIENT;
    }

    public static Kind ofStatus(int status) {
        if (status == 408 || status == 429 || status >= 500) {
            return Kind.TRANSIENT;
        }
        if (status == 401 || status == 403 || status == 404) {
            return Kind.FATAL;
        }
        return status >= 400 ? Kind.PERMANENT : Kind.TRANSIENT;
    }

    /** {@link #describe(Throwable, boolean)} with the details, e.g. {@code HTTP 503 {"error":…}}. */
    public static String describe(Throwable error) {
        return describe(error, true);
    }

    /**
     * A one-line account of a failed call for a log line or a {@code dlq.reason} header: {@code HTTP
     * 503} or the root exception's type, followed, when {@code detailed}, by the provider's or the
     * exception's message (which may hold the provider's text: keep it out of what API clients see).
     */
    public static String describe(Throwable error, boolean detailed) {
        HttpException http = find(error, HttpException.class);
        if (http != null) {
            String text = detailed && http.getMessage() != null ? " " + http.getMessage() : "";
            return oneLine("HTTP " + http.statusCode() + text);
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = detailed && root.getMessage() != null ? ": " + root.getMessage() : "";
        return oneLine(root.getClass().getSimpleName() + text);
    }

    /** {@code text} on one line (runs of white space become one space), at most {@link #MAX_DETAIL} characters and {@code …}. */
    public static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "…";
    }

    /** The first throwable of {@code type} in {@code error}'s cause chain, {@code error} first; null when none is. */
    public static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
