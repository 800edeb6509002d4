package dev.agentmemory.bench;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The receipt of every memory of the run, by its number {@code k}, joined with the watcher's
 * first-seen times into the figures of a range of memories (a phase). Thread-safe.
 */
final class Ledger {

    /** Lag percentiles in seconds over {@code count} memories. */
    record Lags(int count, double p50, double p95, double p99, double max, double mean) {
        static Lags of(double[] seconds) {
            double[] s = seconds.clone();
            Arrays.sort(s);
            return new Lags(
                    s.length,
                    rank(s, .50),
                    rank(s, .95),
                    rank(s, .99),
                    rank(s, 1),
                    Arrays.stream(s).average().orElse(Double.NaN));
        }

        /** Nearest-rank percentile. */
        private static double rank(double[] sorted, double q) {
            return sorted.length == 0 ? Double.NaN : sorted[Math.max(0, (int) Math.ceil(q * sorted.length) - 1)];
        }
    }

    /**
     * A range of memories: how many were accepted, refused (by final HTTP status; -1 no answer),
     * seen; the first and last 201 and last first-seen ({@link System#nanoTime()}); the lags (201 →
     * first seen) and the request latencies (first send → 201, retries included).
     */
    record Range(
            int offered,
            int accepted,
            Map<Integer, Integer> failedByStatus,
            int seen,
            long firstAccepted,
            long lastAccepted,
            long lastSeen,
            Lags lags,
            Lags requests) {

        int failed() {
            return failedByStatus.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    private final AtomicReferenceArray<GatewayClient.Receipt> receipts;

    Ledger(int size) {
        receipts = new AtomicReferenceArray<>(size);
    }

    void record(GatewayClient.Receipt receipt) {
        receipts.set(receipt.k(), receipt);
    }

    /** Accepted memories of {@code [from, from + count)} that the watcher has seen. */
    int seen(int from, int count, Map<String, Long> firstSeen) {
        int n = 0;
        for (int k = from; k < from + count; k++) {
            GatewayClient.Receipt r = receipts.get(k);
            n += r != null && r.accepted() && firstSeen.containsKey(r.memoryId()) ? 1 : 0;
        }
        return n;
    }

    int accepted(int from, int count) {
        int n = 0;
        for (int k = from; k < from + count; k++) {
            GatewayClient.Receipt r = receipts.get(k);
            n += r != null && r.accepted() ? 1 : 0;
        }
        return n;
    }

    Range range(int from, int count, Map<String, Long> firstSeen) {
        int accepted = 0;
        Map<Integer, Integer> failed = new TreeMap<>();
        long firstAccepted = Long.MAX_VALUE;
        long lastAccepted = Long.MIN_VALUE;
        long lastSeen = Long.MIN_VALUE;
        double[] lags = new double[count];
        double[] requests = new double[count];
        int seen = 0;
        for (int k = from; k < from + count; k++) {
            GatewayClient.Receipt r = receipts.get(k);
            if (r == null || !r.accepted()) {
                failed.merge(r == null ? -1 : r.status(), 1, Integer::sum);
                continue;
            }
            requests[accepted++] = (r.acceptedNanos() - r.sentNanos()) / 1e9;
            firstAccepted = Math.min(firstAccepted, r.acceptedNanos());
            lastAccepted = Math.max(lastAccepted, r.acceptedNanos());
            Long at = firstSeen.get(r.memoryId());
            if (at != null) {
                lastSeen = Math.max(lastSeen, at);
                lags[seen++] = (at - r.acceptedNanos()) / 1e9;
            }
        }
        return new Range(
                count,
                accepted,
                failed,
                seen,
                firstAccepted,
                lastAccepted,
                lastSeen,
                Lags.of(Arrays.copyOf(lags, seen)),
                Lags.of(Arrays.copyOf(requests, accepted)));
    }
}
