package dev.agentmemory.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One phase of the ingest benchmark: offers memories {@code [from, from + count)} through the
 * gateway (closed loop, or paced open loop when a rate is given), waits until every accepted one is
 * searchable (or the wait or stall timeout passes), and reads the services' metrics and the CPU
 * used around it. Prints progress every ten seconds.
 */
final class IngestPhase {

    /** Everything measured in a phase; {@code rate} is the paced rate in memories/s, 0 for closed loop. */
    record Result(
            String name,
            double rate,
            long pollMs,
            LoadDriver.Offered offered,
            Ledger.Range range,
            long retries,
            MetricsScrape indexerBefore,
            MetricsScrape indexerAfter,
            MetricsScrape embedderBefore,
            MetricsScrape embedderAfter,
            Map<String, Double> cpuSeconds,
            double wallSeconds) {}

    private final BenchOptions options;
    private final GatewayClient client;
    private final List<GatewayClient.Tenant> tenants;
    private final Workload workload;
    private final Ledger ledger;
    private final SearchWatcher watcher;
    private final AtomicReference<String> firstError = new AtomicReference<>();

    IngestPhase(
            BenchOptions options,
            GatewayClient client,
            List<GatewayClient.Tenant> tenants,
            Workload workload,
            Ledger ledger,
            SearchWatcher watcher) {
        this.options = options;
        this.client = client;
        this.tenants = tenants;
        this.workload = workload;
        this.ledger = ledger;
        this.watcher = watcher;
    }

    /** Runs a phase; the watcher polls every {@code pollMs} during it. */
    Result run(String name, int from, int count, double rate, long pollMs) throws InterruptedException {
        watcher.pollEvery(pollMs);
        var indexerBefore = MetricsScrape.of(options.indexerMetrics());
        var embedderBefore = MetricsScrape.of(options.embedderMetrics());
        CpuSample cpuBefore = CpuSample.take(options.stackDir());
        long retriesBefore = client.retries();
        int unit = Math.max(1, options.batch());
        int units = (count + unit - 1) / unit;
        LoadDriver.UnitSender sender = u -> send(from + u * unit, Math.min(unit, count - u * unit));
        Thread progress = Thread.ofVirtual().start(() -> progress(name, from, count, cpuBefore.wallNanos()));
        LoadDriver.Offered offered;
        try {
            offered = rate > 0
                    ? LoadDriver.paced(units, rate / unit, options.concurrency(), sender)
                    : LoadDriver.closed(units, options.concurrency(), sender);
            awaitSearchable(name, from, count);
        } finally {
            progress.interrupt();
        }
        CpuSample cpuAfter = CpuSample.take(options.stackDir());
        if (firstError.get() != null) {
            System.out.println("[" + name + "] first client error: " + firstError.get());
        }
        return new Result(
                name,
                rate,
                pollMs,
                offered,
                ledger.range(from, count, watcher.firstSeen()),
                client.retries() - retriesBefore,
                indexerBefore,
                MetricsScrape.of(options.indexerMetrics()),
                embedderBefore,
                MetricsScrape.of(options.embedderMetrics()),
                cpuAfter.since(cpuBefore),
                (cpuAfter.wallNanos() - cpuBefore.wallNanos()) / 1e9);
    }

    /** Sends memories {@code first .. first+n-1} (one tenant) as one request. */
    private void send(int first, int n) throws InterruptedException {
        List<Workload.Item> items = new ArrayList<>(n);
        for (int k = first; k < first + n; k++) {
            items.add(workload.item(k));
        }
        GatewayClient.Tenant tenant = tenants.get(items.get(0).tenant());
        try {
            if (options.batch() > 0) {
                client.ingestBatch(tenant, items).forEach(ledger::record);
            } else {
                ledger.record(client.ingest(tenant, items.get(0)));
            }
        } catch (RuntimeException e) {
            firstError.compareAndSet(null, e.toString());
            long now = System.nanoTime();
            items.forEach(i -> ledger.record(new GatewayClient.Receipt(i.k(), null, now, now, -2)));
        }
    }

    /** Waits until every accepted memory was seen, the wait timeout passed, or nothing new was seen for the stall timeout. */
    private void awaitSearchable(String name, int from, int count) throws InterruptedException {
        long start = System.nanoTime();
        long lastProgress = start;
        int seen = -1;
        int accepted = ledger.accepted(from, count);
        while (true) {
            int now = ledger.seen(from, count, watcher.firstSeen());
            long t = System.nanoTime();
            if (now != seen) {
                seen = now;
                lastProgress = t;
            }
            if (seen >= accepted) {
                return;
            }
            if (t - start > options.waitTimeoutSeconds() * 1_000_000_000L
                    || t - lastProgress > options.stallTimeoutSeconds() * 1_000_000_000L) {
                System.out.printf(
                        "[%s] giving up waiting: %d of %d accepted memories never became searchable%n",
                        name, accepted - seen, accepted);
                return;
            }
            Thread.sleep(100);
        }
    }

    private void progress(String name, int from, int count, long start) {
        try {
            while (true) {
                Thread.sleep(10_000);
                double s = (System.nanoTime() - start) / 1e9;
                int accepted = ledger.accepted(from, count);
                int seen = ledger.seen(from, count, watcher.firstSeen());
                System.out.printf(
                        "[%s] %6.1f s  accepted %d/%d  searchable %d (%.0f/s)%n",
                        name, s, accepted, count, seen, seen / s);
            }
        } catch (InterruptedException e) {
            // the phase is over
        }
    }
}
