package dev.agentmemory.runtime.config;

import java.util.Set;

/** Value checks for config records: each failure names the key, and the loader adds where it sits. */
final class Checks {
    private Checks() {}

    static void range(String key, double value, double min, double max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be between " + min + " and " + max + ", was " + value);
        }
    }

    static void nonBlank(String key, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(key + " must be set");
        }
    }

    static void oneOf(String key, String value, Set<String> allowed) {
        if (!allowed.contains(value)) {
            throw new IllegalArgumentException(key + " must be one of " + allowed + ", was " + value);
        }
    }
}
