package dev.agentmemory.schemas;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kinds of memory an agent may submit; the JSON schema's {@code type} enum says the same. */
public enum MemoryType {
    PREFERENCE,
    FACT,
    OBSERVATION,
    EVENT,
    INSTRUCTION;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
