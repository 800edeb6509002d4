package dev.agentmemory.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time used so far by each component of the local stack (the process recorded in {@code
 * .stack/pids/<component>.pid} and all its descendants: PostgreSQL backends, nginx workers, …), by
 * this benchmark's JVM, and by the whole machine (busy time from {@code /proc/stat}). Two samples
 * give where the CPU went during a phase; "other" is machine busy time that none of those used
 * (the kernel, other people's builds). Linux only; elsewhere the samples are empty.
 */
record CpuSample(long wallNanos, Map<String, Double> secondsByComponent, double machineBusySeconds) {

    static final String BENCHMARK = "benchmark JVM";
    static final String OTHER = "other (kernel, builds, …)";

    static CpuSample take(Path stackDir) {
        Map<String, Double> seconds = new LinkedHashMap<>();
        try (Stream<Path> pids = Files.list(stackDir.resolve("pids"))) {
            pids.filter(p -> p.toString().endsWith(".pid")).sorted().forEach(p -> {
                String component = p.getFileName().toString().replaceFirst("\\.pid$", "");
                seconds.put(component, treeSeconds(readPid(p)));
            });
        } catch (IOException e) {
            // no local stack directory: per-component figures are left out
        }
        seconds.put(BENCHMARK, seconds(ProcessHandle.current()));
        return new CpuSample(System.nanoTime(), seconds, machineBusy());
    }

    /** Seconds of CPU per component between {@code before} and this sample, plus "other". */
    Map<String, Double> since(CpuSample before) {
        Map<String, Double> used = new LinkedHashMap<>();
        double accounted = 0;
        for (var e : secondsByComponent.entrySet()) {
            double d = Math.max(0, e.getValue() - before.secondsByComponent().getOrDefault(e.getKey(), 0.0));
            used.put(e.getKey(), d);
            accounted += d;
        }
        if (machineBusySeconds > 0) {
            used.put(OTHER, Math.max(0, machineBusySeconds - before.machineBusySeconds() - accounted));
        }
        return used;
    }

    /**
     * The cores each component kept busy over {@code wall} seconds, largest first ("other" always
     * shown: everything outside the stack and the benchmark; well above 0 means a disturbed run).
     */
    static String coresBusy(Map<String, Double> seconds, double wall) {
        StringBuilder s = new StringBuilder("cores busy:");
        seconds.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .filter(e -> e.getValue() / wall >= 0.01 || e.getKey().equals(OTHER))
                .forEach(e -> s.append(String.format(Locale.ROOT, " %s %.2f,", e.getKey(), e.getValue() / wall)));
        return s.substring(0, s.length() - 1)
                + String.format(Locale.ROOT, " (of %d)", Runtime.getRuntime().availableProcessors());
    }

    private static long readPid(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    private static double treeSeconds(long pid) {
        return ProcessHandle.of(pid)
                .map(root -> seconds(root)
                        + root.descendants().mapToDouble(CpuSample::seconds).sum())
                .orElse(0.0);
    }

    private static double seconds(ProcessHandle process) {
        return process.info().totalCpuDuration().orElse(Duration.ZERO).toNanos() / 1e9;
    }

    /** Busy CPU seconds of the whole machine since boot (all cores), from /proc/stat; 0 if unknown. */
    private static double machineBusy() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long busy = 0;
            for (int i = 1; i < f.length && i <= 8; i++) {
                if (i != 4 && i != 5) { // idle, iowait
                    busy += Long.parseLong(f[i]);
                }
            }
            return busy / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
