package dev.agentmemory.query;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * Reads the timestamps of stored memories. Every retrieval reads one or two per candidate (up to
 * {@code 2 × candidate_pool}), and {@link Instant#parse}'s general formatter was a tenth of
 * query-api's CPU per retrieval (JFR); the stores hold {@link Instant#toString} forms only
 * ({@code 2026-11-24T14:05:09.475190632Z}), which are read here directly. Anything else goes to
 * {@link Instant#parse}, so the result is always the same. Stateless.
 */
final class Timestamps {

    private static final int[] SCALE = {0, 100_000_000, 10_000_000, 1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private Timestamps() {}

    static Instant parse(String text) {
        int n = text.length();
        if (n >= 20
                && n <= 30
                && n != 21
                && text.charAt(4) == '-'
                && text.charAt(7) == '-'
                && text.charAt(10) == 'T'
                && text.charAt(13) == ':'
                && text.charAt(16) == ':'
                && text.charAt(n - 1) == 'Z'
                && (n == 20 || text.charAt(19) == '.')) {
            try {
                long day = LocalDate.of(digits(text, 0, 4), digits(text, 5, 7), digits(text, 8, 10))
                        .toEpochDay();
                int secondOfDay = LocalTime.of(digits(text, 11, 13), digits(text, 14, 16), digits(text, 17, 19))
                        .toSecondOfDay();
                int nanos = n == 20 ? 0 : digits(text, 20, n - 1) * SCALE[n - 21];
                return Instant.ofEpochSecond(day * 86_400 + secondOfDay, nanos);
            } catch (DateTimeException | NumberFormatException e) {
                // not a plain UTC timestamp after all (e.g. a leap second): the general parser decides
            }
        }
        return Instant.parse(text);
    }

    private static int digits(String text, int from, int to) {
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException(text);
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
