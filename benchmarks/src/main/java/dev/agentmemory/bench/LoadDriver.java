package dev.agentmemory.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Offers units of work (one request each) on virtual threads, with at most {@code concurrency}
 * requests in flight, in one of two ways:
 *
 * <ul>
 *   <li>{@link #closed}: as fast as the system answers — each of {@code concurrency} clients sends
 *       its next request as soon as the previous one is answered;
 *   <li>{@link #paced}: open loop — request {@code u} starts at {@code start + u / rate}, whatever
 *       the answers do. If {@code concurrency} requests are still in flight at that moment, the start
 *       is late; such late starts are counted (they mean the pace was not held).
 * </ul>
 */
final class LoadDriver {

    /** Sends unit {@code u} and records its outcome. */
    @FunctionalInterface
    interface UnitSender {
        void send(int unit) throws InterruptedException;
    }

    /** When offering began and ended ({@link System#nanoTime()}), and how many paced starts were late. */
    record Offered(long startNanos, long endNanos, int lateStarts) {}

    private LoadDriver() {}

    static Offered closed(int units, int concurrency, UnitSender sender) {
        AtomicInteger next = new AtomicInteger();
        long start = System.nanoTime();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < Math.min(concurrency, units); c++) {
                clients.submit(() -> {
                    for (int u = next.getAndIncrement(); u < units; u = next.getAndIncrement()) {
                        sender.send(u);
                    }
                    return null;
                });
            }
        }
        return new Offered(start, System.nanoTime(), 0);
    }

    static Offered paced(int units, double unitsPerSecond, int concurrency, UnitSender sender)
            throws InterruptedException {
        Semaphore inFlight = new Semaphore(concurrency);
        int late = 0;
        long start = System.nanoTime();
        double interval = 1e9 / unitsPerSecond;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int u = 0; u < units; u++) {
                long due = start + (long) (u * interval);
                for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                if (!inFlight.tryAcquire()) {
                    late++;
                    inFlight.acquire();
                }
                int unit = u;
                clients.submit(() -> {
                    try {
                        sender.send(unit);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                });
            }
        }
        return new Offered(start, System.nanoTime(), late);
    }
}
