package dev.agentmemory.bench;

import java.util.Arrays;

/** Request latencies in nanoseconds, with nearest-rank percentiles. Not thread-safe: one per client, then {@link #merge}. */
final class Latencies {

    private long[] nanos = new long[1024];
    private int size;

    void add(long n) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = n;
    }

    void addAll(Latencies other) {
        for (int i = 0; i < other.size; i++) {
            add(other.nanos[i]);
        }
    }

    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        parts.forEach(all::addAll);
        return all;
    }

    int count() {
        return size;
    }

    /** Nearest-rank percentile in milliseconds (q in 0..1); NaN when empty. */
    double ms(double q) {
        if (size == 0) {
            return Double.NaN;
        }
        long[] sorted = Arrays.copyOf(nanos, size);
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(q * size);
        return sorted[Math.clamp(rank - 1, 0, size - 1)] / 1e6;
    }

    double meanMs() {
        long sum = 0;
        for (int i = 0; i < size; i++) {
            sum += nanos[i];
        }
        return size == 0 ? Double.NaN : sum / 1e6 / size;
    }
}
