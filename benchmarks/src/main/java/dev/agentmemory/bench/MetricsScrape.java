package dev.agentmemory.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One reading of a service's Prometheus {@code /metrics}, and the arithmetic on two readings that
 * the benchmark needs: counter deltas and percentiles of a histogram over the interval between
 * them (from the cumulative bucket counts, interpolated linearly inside the bucket). A reading of a
 * service that did not answer is empty; a delta across a restart (a counter went down) is empty.
 */
record MetricsScrape(Map<String, Double> samples) {

    private static final Pattern LINE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+)");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    static MetricsScrape of(URI metrics) {
        Map<String, Double> samples = new TreeMap<>();
        try {
            HttpRequest request = HttpRequest.newBuilder(metrics)
                    .timeout(Duration.ofSeconds(5))
                    .GET()
                    .build();
            String text =
                    HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body();
            for (String line : text.split("\n")) {
                Matcher m = LINE.matcher(line);
                if (!line.startsWith("#") && m.find()) {
                    samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
                }
            }
        } catch (Exception e) {
            // an unreachable service gives an empty reading: its figures are reported as n/a
        }
        return new MetricsScrape(samples);
    }

    boolean isEmpty() {
        return samples.isEmpty();
    }

    /** The sum of every series of {@code name} (whatever its labels). */
    double sum(String name) {
        return samples.entrySet().stream()
                .filter(e -> e.getKey().equals(name) || e.getKey().startsWith(name + "{"))
                .mapToDouble(Map.Entry::getValue)
                .sum();
    }

    /** {@code after - before} of a counter; empty when either reading is missing or it went down. */
    static Optional<Double> delta(MetricsScrape before, MetricsScrape after, String name) {
        if (before.isEmpty() || after.isEmpty()) {
            return Optional.empty();
        }
        double d = after.sum(name) - before.sum(name);
        return d < 0 ? Optional.empty() : Optional.of(d);
    }

    /** The q-quantile (0..1) of what histogram {@code name} observed between the two readings, in its unit. */
    static Optional<Double> quantile(MetricsScrape before, MetricsScrape after, String name, double q) {
        TreeMap<Double, Double> buckets = new TreeMap<>();
        for (var e : after.samples().entrySet()) {
            Matcher le = LE.matcher(e.getKey());
            if (e.getKey().startsWith(name + "_bucket{") && le.find()) {
                double bound = le.group(1).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                double was = before.samples().getOrDefault(e.getKey(), 0.0);
                buckets.merge(bound, e.getValue() - was, Double::sum);
            }
        }
        double total = buckets.isEmpty() ? 0 : buckets.lastEntry().getValue();
        if (before.isEmpty() || total <= 0 || buckets.values().stream().anyMatch(c -> c < 0)) {
            return Optional.empty();
        }
        double target = q * total;
        double lower = 0;
        double below = 0;
        for (var b : buckets.entrySet()) {
            if (b.getValue() >= target) {
                if (b.getKey().isInfinite()) {
                    return Optional.of(lower);
                }
                double inBucket = b.getValue() - below;
                double fraction = inBucket <= 0 ? 1 : (target - below) / inBucket;
                return Optional.of(lower + fraction * (b.getKey() - lower));
            }
            lower = b.getKey();
            below = b.getValue();
        }
        return Optional.empty();
    }
}
