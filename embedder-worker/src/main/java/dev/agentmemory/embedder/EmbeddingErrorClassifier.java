package dev.agentmemory.embedder;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnresolvedModelServerException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Sorts a failed embedding call into what to do about it, in one place (Debezium style).
 *
 * <ul>
 *   <li>{@link Kind#TRANSIENT}: it may work later (HTTP 408, 429, 5xx, timeouts, I/O, an unresolved
 *       host, anything unrecognised) → back off and retry, then dead-letter the batch with the reason.
 *   <li>{@link Kind#PERMANENT}: the provider refused the input (any other 4xx, e.g. a text too long)
 *       → isolate the bad items by bisecting the batch; each goes alone to the dead-letter topic.
 *   <li>{@link Kind#FATAL}: the provider refused our configuration (401, 403, 404: key, model, URL;
 *       or vectors of the wrong size) → no item is to blame: keep the batch (it is retried, never
 *       dead-lettered) and report the worker unhealthy.
 * </ul>
 *
 * <p>langchain4j 1.19 reports an HTTP error as {@link HttpException} (with the status), usually
 * wrapped by its mapper in {@code RateLimitException}, {@code InternalServerException}, {@code
 * InvalidRequestException}…; a JDK client timeout as {@code TimeoutException}; other I/O errors as a
 * plain {@code RuntimeException} around the {@link IOException}. Stateless and thread-safe.
 */
final class EmbeddingErrorClassifier {

    enum Kind {
        TRANSIENT,
        PERMANENT,
        FATAL
    }

    /** Raised by us when the model answers with something no retry can fix (e.g. the wrong vector size). */
    static final class MisconfiguredModelException extends RuntimeException {
        MisconfiguredModelException(String message) {
            super(message);
        }
    }

    private static final int MAX_DETAIL = 300;

    private EmbeddingErrorClassifier() {}

    static Kind classify(Throwable error) {
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
        return Kind.TRANSIENT; // unknown: bounded retries, then the dead-letter topic keeps it for a replay
    }

    static Kind ofStatus(int status) {
        if (status == 408 || status == 429 || status >= 500) {
            return Kind.TRANSIENT;
        }
        if (status == 401 || status == 403 || status == 404) {
            return Kind.FATAL;
        }
        return status >= 400 ? Kind.PERMANENT : Kind.TRANSIENT;
    }

    /** A short, one-line reason for a log line or a {@code dlq.reason} header, e.g. {@code HTTP 503 {"error":…}}. */
    static String describe(Throwable error) {
        HttpException http = find(error, HttpException.class);
        String text;
        if (http != null) {
            text = "HTTP " + http.statusCode() + (http.getMessage() == null ? "" : " " + http.getMessage());
        } else {
            Throwable root = error;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
        String line = text.replaceAll("\\s+", " ").trim();
        return line.length() <= MAX_DETAIL ? line : line.substring(0, MAX_DETAIL) + "…";
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
