package dev.agentmemory.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class VisibleTextTest {

    @Test
    void onlyInvisibleCharactersLeaveNothing() {
        assertEquals("", VisibleText.strip(" \t\n"));
        assertEquals("", VisibleText.strip("\u00a0\u200b\u2003\ufeff"));
        assertTrue(VisibleText.isEmpty("\u0000"));
        assertTrue(VisibleText.isEmpty("\u0000 \u001f"));
        assertTrue(VisibleText.isEmpty(null));
    }

    @Test
    void visibleTextIsTrimmedButKeptWhole() {
        assertEquals("dark  mode", VisibleText.strip("\u00a0 dark  mode \u200b"));
        assertEquals("😀", VisibleText.strip(" 😀 "));
        assertFalse(VisibleText.isEmpty("\u0000x"));
    }
}
