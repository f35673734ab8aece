package io.satellite.engine.launchpad.sandbox;

import java.util.List;

/**
 * {@code hidepid=2} ("invisible") on the sandbox's own procfs: a process lists and opens in
 * /proc only the processes of its own uid. Pooled workers of one language share their
 * zygote's PID namespace and /proc; with a uid per worker, this hides every sibling job
 * (its pid, command line, start time) from a job, while the job still sees itself and its
 * own children. The zygote and the sandbox's init are root with group 0, the procfs's
 * default {@code gid=}, so they still see all. The engine, its monitor and the set-up
 * helper read the host's /proc, which this does not change.
 *
 * <p>bubblewrap has no option for procfs mount options, so a root engine puts a remount
 * first inside the sandbox: {@code bwrap} as root keeps its capabilities until
 * {@link PrivilegeDrop}'s {@code setpriv} (next on the command line) takes them, so the
 * remount needs no extra capability and the job never holds CAP_SYS_ADMIN. It is safe only
 * because both sandboxes always mount their /proc in a new PID namespace: on kernel 6.18 a
 * procfs mounted in the host's own PID namespace shares the host's options, and the same
 * remount there gave the host's /proc hidepid (measured with {@code bwrap --proc /proc} without
 * {@code --unshare-pid}); {@code SandboxDiagnosticsTest} checks that the host's stays as it was.
 * Measured on kernel 6.18: a uid-2002 process listed only its own pids, while a root process
 * with only CAP_SETUID/CAP_SETGID (a zygote) listed all. The remount is best effort (a failure
 * leaves /proc as it was and the job runs);
 * {@link SandboxDiagnostics} reports whether it held.
 */
final class OtherJobsHidden {
    /** {@code 2} rather than {@code invisible}: kernels before 5.8 know only the number. */
    static final String OPTION = "hidepid=2";

    private OtherJobsHidden() {
    }

    /** Whether wrapped commands remount /proc: only a root engine (workers then have uids of their own). */
    static boolean applies() {
        return Tools.engineIsRoot() && Tools.find("mount").isPresent();
    }

    /** Why /proc shows a job the processes of other jobs; empty if it {@link #applies}. */
    static String whyNot() {
        if (!Tools.engineIsRoot()) {
            return "the engine is not root (uid " + Tools.engineUid() + "): workers share its uid, so /proc lists"
                    + " every process of the sandbox";
        }
        return Tools.find("mount").isEmpty() ? "mount (util-linux) is missing: /proc cannot take hidepid" : "";
    }

    /** The shell command that remounts /proc then runs the rest of the command line. */
    static String remount() {
        return Tools.find("mount").orElse("mount") + " -o remount," + OPTION + " /proc 2>/dev/null";
    }

    /** A prefix for a command line inside the sandbox: remount, then {@code exec} the rest. */
    static List<String> prefix() {
        if (!applies()) {
            return List.of();
        }
        return List.of(Tools.find("sh").orElse("/bin/sh"), "-c", remount() + "; exec \"$@\"", "satellite-hidepid");
    }
}
