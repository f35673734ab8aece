package io.satellite.engine.launchpad;

import io.satellite.engine.launchpad.sandbox.ResourceLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The limits of a zygote and of the workers it forks. The zygote outlives many jobs, so the
 * limits that end a runaway job must not end it: it runs without the CPU time limit (its own
 * CPU time adds up, job after job) and with twice the process limit (so that it can still
 * fork while a fork bomb holds the workers' share). Each worker gets the workers' CPU time
 * and process limits as it is forked, before it is ready for a job.
 */
final class WorkerLimits {
    private WorkerLimits() {
    }

    /** The confinement of a zygote whose workers get {@code workers}. */
    static Confinement forZygote(Confinement workers) {
        ResourceLimits l = workers.limits();
        return new Confinement(workers.sandbox(), workers.readOnly(), workers.hidden(),
                l.withCpuSeconds(0).withMaxProcesses(2 * l.maxProcesses()), workers.runAsUid(), workers.outboundNetwork(),
                workers.workerUids());
    }

    /**
     * Gives a forked worker the CPU time and process limits of {@code limits}. Without
     * CAP_SYS_RESOURCE (which the engine may lack even as root) only a process's own uid may
     * change its limits, so prlimit runs as the worker's uid.
     */
    static void apply(ResourceLimits limits, long pid) throws IOException {
        apply(limits, pid, null);
    }

    /** The same through a set-up helper of the worker's uid, if there is one (else with prlimit). */
    static void apply(ResourceLimits limits, long pid, WorkerSetupHelper helper) throws IOException {
        if (helper != null) {
            List<long[]> set = new ArrayList<>();
            if (limits.cpuSeconds() > 0) {
                set.add(new long[] {WorkerSetupHelper.RLIMIT_CPU, limits.cpuSeconds(), limits.cpuSeconds() + 1});
            }
            if (limits.maxProcesses() > 0) {
                set.add(new long[] {WorkerSetupHelper.RLIMIT_NPROC, limits.maxProcesses(), limits.maxProcesses()});
            }
            if (set.isEmpty()) {
                return;
            }
            try {
                String[] ids = uidAndGid(pid);
                helper.prlimit(pid, ids[0], ids[1], set);
                return;
            } catch (IOException e) {
                if (helper.isAlive()) {
                    throw new IOException("could not set the limits of worker " + pid + ": " + e.getMessage(), e);
                }
                // the helper died: prlimit does it
            }
        }
        List<String> options = new ArrayList<>();
        if (limits.cpuSeconds() > 0) {
            options.add("--cpu=" + limits.cpuSeconds() + ":" + (limits.cpuSeconds() + 1));
        }
        if (limits.maxProcesses() > 0) {
            options.add("--nproc=" + limits.maxProcesses());
        }
        prlimit(pid, options);
    }

    /** Runs prlimit on a worker with the given options, as the worker's uid. */
    static void prlimit(long pid, List<String> options) throws IOException {
        if (options.isEmpty()) {
            return;
        }
        List<String> command = new ArrayList<>();
        String[] worker = uidAndGid(pid);
        if (!worker[0].equals(uidAndGid(ProcessHandle.current().pid())[0])) {
            command.addAll(List.of("setpriv", "--reuid=" + worker[0], "--regid=" + worker[1], "--clear-groups"));
        }
        command.addAll(List.of("prlimit", "--pid", Long.toString(pid)));
        command.addAll(options);
        run(command, "set the limits of worker " + pid);
    }

    /** Runs a short command; fails with what it said. */
    static void run(List<String> command, String what) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("could not " + what + ": " + said.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while trying to " + what);
        }
    }

    /** The real uid and gid of a process, from /proc. */
    static String[] uidAndGid(long pid) throws IOException {
        String uid = null;
        String gid = null;
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("Uid:")) {
                uid = line.substring(4).trim().split("\\s+")[0];
            } else if (line.startsWith("Gid:")) {
                gid = line.substring(4).trim().split("\\s+")[0];
            }
        }
        if (uid == null || gid == null) {
            throw new IOException("no uid of process " + pid);
        }
        return new String[] {uid, gid};
    }
}
