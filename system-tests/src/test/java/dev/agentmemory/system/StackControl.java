package dev.agentmemory.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Stops and restarts components of the local stack, for the failure tests: a component is stopped
 * through its pid file in {@code .stack/pids}, and {@code bin/memory-stack up} (idempotent) starts
 * whatever is missing again.
 */
final class StackControl {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private StackControl() {}

    /**
     * SIGTERM (graceful; PostgreSQL gets SIGINT, its fast shutdown, as {@code bin/memory-stack} gives
     * it: SIGTERM would wait for every pooled connection to close) or SIGKILL (a crash), then waits
     * until the process is gone.
     */
    static void stop(String component, boolean crash) {
        long pid = pid(component);
        ProcessHandle process = ProcessHandle.of(pid).orElseGet(() -> fail(component + " is not running"));
        if (crash) {
            process.destroyForcibly();
        } else if (component.equals("postgres")) {
            try {
                new ProcessBuilder("kill", "-INT", Long.toString(pid))
                        .inheritIO()
                        .start()
                        .waitFor();
            } catch (IOException e) {
                fail("cannot signal postgres: " + e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        } else {
            process.destroy();
        }
        try {
            process.onExit().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            fail(component + " did not stop: " + e);
        }
    }

    /** Starts every component that is not running, and waits until all are healthy. */
    static void upAgain() {
        upAgain(Map.of());
    }

    /** The same, with extra environment for the components it starts (e.g. a config override). */
    static void upAgain(Map<String, String> environment) {
        ProcessBuilder up = new ProcessBuilder("bin/memory-stack", "up")
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ROOT.resolve(".stack/logs/system-test-up.log").toFile());
        up.environment().put("MEMORY_STACK_TEST", "1");
        up.environment().put("MEMORY_STACK_SKIP_BUILD", "1");
        up.environment().putAll(environment);
        try {
            Process process = up.start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail("bin/memory-stack up did not finish; see .stack/logs/system-test-up.log");
            }
            assertEquals(0, process.exitValue(), "bin/memory-stack up failed; see .stack/logs/system-test-up.log");
        } catch (IOException e) {
            fail("cannot run bin/memory-stack: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }

    static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), (int)
                    Duration.ofMillis(500).toMillis());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static long pid(String component) {
        Path file = ROOT.resolve(".stack/pids/" + component + ".pid");
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return fail("no pid file " + file + ": is the stack running?");
        }
    }
}
