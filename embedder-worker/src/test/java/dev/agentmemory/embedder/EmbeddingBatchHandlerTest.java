package dev.agentmemory.embedder;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The text a record contributes to the model. */
class EmbeddingBatchHandlerTest {

    @Test
    void contentOfOnlyInvisibleCharactersLeavesNothingToEmbed() {
        assertEquals("", EmbeddingBatchHandler.visibleText(" \t\n"));
        assertEquals("", EmbeddingBatchHandler.visibleText("\u00a0\u200b\u2003\ufeff"));
    }

    @Test
    void visibleContentIsTrimmedButKeptWhole() {
        assertEquals("dark  mode", EmbeddingBatchHandler.visibleText("\u00a0 dark  mode \u200b"));
        assertEquals("😀", EmbeddingBatchHandler.visibleText(" 😀 "));
    }
}
