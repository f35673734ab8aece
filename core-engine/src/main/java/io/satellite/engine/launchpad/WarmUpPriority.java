package io.satellite.engine.launchpad;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A worker waiting in the pool warms up (its warm-up job and the page copies of a fresh fork
 * cost about 80 ms of CPU on these hosts), and pool refills start just as callers' jobs run:
 * at equal priority they share the CPUs half and half with them. So a worker for the pool
 * warms up at the lowest priority (nice 19) and gets its own back when a job takes it.
 *
 * <p>Only a process with CAP_SYS_NICE (or RLIMIT_NICE, which cannot be raised without
 * CAP_SYS_RESOURCE) may lower a nice value again; the worker, which has no capability at all,
 * cannot give itself its priority back. The engine's {@link WorkerSetupHelper} can (a root
 * engine's helper keeps root as its effective uid), so the priority is lowered only where that
 * helper runs: without it, workers warm up at normal priority as before.
 *
 * <p>The priority goes back as soon as the worker has warmed up (the pool looks every few
 * milliseconds), so that a caller does not wait for the helper; a worker taken while it still
 * warms up gets it back before its job is sent (a helper round trip: about 1 ms under load).
 */
final class WarmUpPriority {
    /** The nice value of a worker while it warms up in the pool. */
    static final int WARMING_NICE = 19;

    private final WorkerSetupHelper helper;
    private final long pid;
    private final int own;
    private boolean restored;

    private WarmUpPriority(WorkerSetupHelper helper, long pid, int own) {
        this.helper = helper;
        this.pid = pid;
        this.own = own;
    }

    /**
     * Lowers a fresh worker's priority; returns what gives it back when its job comes, or null
     * if it was not lowered (no helper, or it failed: the worker keeps its priority).
     */
    static WarmUpPriority lower(WorkerSetupHelper helper, long pid) {
        if (helper == null) {
            return null;
        }
        try {
            int own = niceOf(pid);
            helper.nice(pid, WARMING_NICE);
            return new WarmUpPriority(helper, pid, own);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Gives the worker its own priority back (once). */
    synchronized void restore() throws IOException {
        if (!restored) {
            helper.nice(pid, own);
            restored = true;
        }
    }

    /**
     * Whether the worker has warmed up: it waits in the kernel for its job's pipe to be opened
     * (its wchan is the FIFO open's {@code wait_for_partner}). False where that cannot be read.
     */
    boolean warmedUp() {
        try {
            return Files.readString(Path.of("/proc", Long.toString(pid), "wchan")).strip().equals("wait_for_partner");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** A process's nice value (field 19 of /proc/[pid]/stat). */
    static int niceOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]); // the fields from the 3rd (state) on: nice is the 19th
    }
}
