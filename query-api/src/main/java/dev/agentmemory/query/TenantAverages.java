package dev.agentmemory.query;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-tenant gauges of the mean of the observations of the last {@value #WINDOW_MINUTES} minutes,
 * for the reference's {@code avg(<metric>) by (tenant)} queries and alerts. The gauge is NaN (no
 * value: no alert compares true on it) until at least {@code minSamples} observations fall in the
 * window, and again once a tenant's observations are all older than it: one judgement does not set
 * a tenant's relevance, and a tenant that stopped asking does not keep its last value for ever.
 * Thread-safe.
 */
final class TenantAverages {

    static final int WINDOW_MINUTES = 10;
    private static final long MINUTE_MILLIS = 60_000;

    private final String name;
    private final String description;
    private final int minSamples;
    private final MeterRegistry registry;
    private final LongSupplier millis;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** @param millis a clock in milliseconds (only differences matter) */
    TenantAverages(String name, String description, int minSamples, MeterRegistry registry, LongSupplier millis) {
        this.name = name;
        this.description = description;
        this.minSamples = minSamples;
        this.registry = registry;
        this.millis = millis;
    }

    void record(String tenantId, double value) {
        windows.computeIfAbsent(tenantId, this::gauge).add(millis.getAsLong() / MINUTE_MILLIS, value);
    }

    private Window gauge(String tenantId) {
        Window window = new Window();
        Gauge.builder(name, window, w -> w.mean(millis.getAsLong() / MINUTE_MILLIS, minSamples))
                .description(description + "; mean of the last " + WINDOW_MINUTES + " minutes, NaN below " + minSamples
                        + " observations")
                .tag("tenant", tenantId)
                .register(registry);
        return window;
    }

    /** One sum and count per minute of the window, in a ring. */
    private static final class Window {
        private final long[] minute = new long[WINDOW_MINUTES];
        private final double[] sum = new double[WINDOW_MINUTES];
        private final long[] count = new long[WINDOW_MINUTES];

        Window() {
            java.util.Arrays.fill(minute, Long.MIN_VALUE);
        }

        synchronized void add(long now, double value) {
            int i = (int) Math.floorMod(now, (long) WINDOW_MINUTES);
            if (minute[i] != now) {
                minute[i] = now;
                sum[i] = 0;
                count[i] = 0;
            }
            sum[i] += value;
            count[i]++;
        }

        synchronized double mean(long now, int minSamples) {
            double total = 0;
            long n = 0;
            for (int i = 0; i < WINDOW_MINUTES; i++) {
                if (minute[i] != Long.MIN_VALUE && now - minute[i] < WINDOW_MINUTES) {
                    total += sum[i];
                    n += count[i];
                }
            }
            return n >= minSamples && n > 0 ? total / n : Double.NaN;
        }
    }
}
