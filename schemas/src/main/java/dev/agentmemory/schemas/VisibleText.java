package dev.agentmemory.schemas;

/**
 * What a text shows once trimmed. JSON Schema's {@code \S} lets through content made only of Unicode
 * spaces, control characters or invisible format characters (no-break space, NUL, zero-width space,
 * BOM); such a text carries nothing to embed, and the embedding model refuses it. The ingest API and
 * the query API answer 400 for it, the embedder dead-letters it.
 */
public final class VisibleText {

    private VisibleText() {}

    /** The text without leading and trailing invisible characters; empty when nothing is left. */
    public static String strip(String text) {
        int start = 0;
        int end = text.length();
        while (start < end && invisible(text.codePointAt(start))) {
            start += Character.charCount(text.codePointAt(start));
        }
        while (end > start && invisible(text.codePointBefore(end))) {
            end -= Character.charCount(text.codePointBefore(end));
        }
        return text.substring(start, end);
    }

    /** Whether nothing of the text shows (null included). */
    public static boolean isEmpty(String text) {
        return text == null || strip(text).isEmpty();
    }

    private static boolean invisible(int codePoint) {
        return Character.isWhitespace(codePoint)
                || Character.isSpaceChar(codePoint)
                || Character.isISOControl(codePoint)
                || Character.getType(codePoint) == Character.FORMAT;
    }
}
