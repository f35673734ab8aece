package io.satellite.monitor;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Real child processes for tests; {@link #close()} kills every one and all its descendants. */
final class ChildProcesses implements AutoCloseable {

    /** Busy loop in one shell process: one core's worth of CPU, no children. */
    static final String BURN = "while :; do :; done";
    /** A shell that starts a sleeping child, then burns CPU itself. */
    static final String BURN_WITH_CHILD = "sleep 60 & while :; do :; done";

    private final List<Process> started = new ArrayList<>();

    Process shell(String script) throws IOException {
        Process p = new ProcessBuilder("sh", "-c", script)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        p.getOutputStream().close();
        started.add(p);
        return p;
    }

    static void awaitTrue(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    /** Kills descendants first (collected before the parent dies and they are re-parented). */
    static void killTree(ProcessHandle root) {
        List<ProcessHandle> descendants = root.descendants().toList();
        root.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        root.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join();
        descendants.forEach(d -> d.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null).join());
    }

    @Override
    public void close() {
        started.forEach(p -> killTree(p.toHandle()));
        started.clear();
    }
}
