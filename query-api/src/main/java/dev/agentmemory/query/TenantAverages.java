package dev.agentmemory.query;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A per-tenant gauge holding an exponentially weighted moving average of recent observations, for
 * the reference's {@code avg(<metric>) by (tenant)} queries and alerts. With α = 0.05 roughly the
 * last 20-40 observations count. Thread-safe.
 */
final class TenantAverages {

    private static final double ALPHA = 0.05;

    private final String name;
    private final String description;
    private final MeterRegistry registry;
    private final Map<String, double[]> averages = new ConcurrentHashMap<>();

    TenantAverages(String name, String description, MeterRegistry registry) {
        this.name = name;
        this.description = description;
        this.registry = registry;
    }

    void record(String tenantId, double value) {
        double[] average = averages.computeIfAbsent(tenantId, this::gauge);
        synchronized (average) {
            average[0] = Double.isNaN(average[0]) ? value : (1 - ALPHA) * average[0] + ALPHA * value;
        }
    }

    private double[] gauge(String tenantId) {
        double[] holder = {Double.NaN};
        Gauge.builder(name, holder, h -> h[0])
                .description(description)
                .tag("tenant", tenantId)
                .register(registry);
        return holder;
    }
}
