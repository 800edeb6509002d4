package dev.agentmemory.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void readsEveryFormInstantWritesAsInstantParseDoes() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant instant = Instant.ofEpochSecond(
                    random.nextLong(-2_000_000_000L, 5_000_000_000L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String text = instant.toString();
            assertEquals(Instant.parse(text), Timestamps.parse(text), text);
        }
    }

    @Test
    void otherShapesGoToTheGeneralParser() {
        for (String text : List.of(
                "2026-11-24T14:05:09.1Z",
                "2026-11-24T14:05:09.123456789Z",
                "2026-11-24T14:05:09+02:00",
                "2026-11-24T14:05:09.5-01:30",
                "2016-12-31T23:59:60Z",
                "2026-11-24T14:05:09.Z",
                "+12026-11-24T14:05:09Z")) {
            assertEquals(Instant.parse(text), Timestamps.parse(text), text);
        }
    }

    @Test
    void refusesWhatInstantParseRefuses() {
        for (String text : List.of(
                "2026-13-24T14:05:09Z", "2026-02-30T14:05:09Z", "2026-11-24T24:05:09Z", "2026-1x-24T14:05:09Z", "")) {
            assertThrows(DateTimeException.class, () -> Timestamps.parse(text), text);
        }
    }
}
