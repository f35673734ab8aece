package io.satellite.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Threads for the engine's work after a job (history and audit rows, killing a finished
 * worker, removing its directory). Each lowers its own CPU priority to nice
 * {@value #NICE} when it starts, so that on a busy host a caller's job, whose answer
 * someone waits for, gets a CPU before the engine tidies up after the last one: in a burst
 * of warm calls this took the median call from 6 to 8 ms down to about 5 (see
 * benchmarks/PROFILE.md). Nice 10 still gets about a tenth of a CPU against each busy thread
 * at nice 0, so the history keeps up under sustained load.
 *
 * <p>Linux keeps a nice value per thread, which Java cannot set: the thread asks
 * {@code renice} for its own thread id (from {@code /proc/thread-self}) once. Where that
 * fails (no renice, no /proc), the thread runs at the engine's priority, as before. A process
 * started on one of these threads inherits nice 10: the worker set-up helper, which a release
 * may start there, takes the engine's priority back ({@code WorkerSetupHelper}).
 */
public final class HousekeepingThreads implements ThreadFactory {
    static final int NICE = 10;
    private final String name;

    private HousekeepingThreads(String name) {
        this.name = name;
    }

    /** Daemon threads called {@code name}, each at nice {@value #NICE}. */
    public static ThreadFactory named(String name) {
        return new HousekeepingThreads(name);
    }

    @Override
    public Thread newThread(Runnable work) {
        Thread t = new Thread(() -> {
            lowerOwnPriority();
            work.run();
        }, name);
        t.setDaemon(true);
        return t;
    }

    /** Lowers the calling thread (only it) to nice {@value #NICE}; false if that could not be done. */
    static boolean lowerOwnPriority() {
        try {
            String self = Files.readSymbolicLink(Path.of("/proc/thread-self")).toString(); // "<pid>/task/<tid>"
            String tid = self.substring(self.lastIndexOf('/') + 1);
            Process renice = new ProcessBuilder(List.of("renice", "-n", String.valueOf(NICE), "-p", tid))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return renice.waitFor(5, TimeUnit.SECONDS) && renice.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
