package io.satellite.engine.launchpad.sandbox;

import java.io.IOException;
import java.util.List;

/**
 * Confines an external runtime: {@link #wrap} turns the runtime's command line into one
 * that runs it in its own PID (and, unless allowed, network) namespace, with a read-only
 * system, a private /tmp, one writable directory, rlimits, as an unprivileged uid, and
 * killed when its parent dies. Which of these actually hold on a host is what
 * {@link SandboxDiagnostics} finds out by experiment.
 */
public interface Sandbox {

    /** The full command line that runs {@code command} confined by {@code spec}. */
    List<String> wrap(List<String> command, SandboxSpec spec);

    /** "bubblewrap", "unshare" or "none". */
    String name();

    /**
     * Readies the writable directory before {@link #wrap wrapped} commands run: when the
     * runtime is to run as another uid, the directory (and everything already in it, such as
     * the results pipe) is handed over to that uid.
     */
    default void prepare(SandboxSpec spec) throws IOException {
        PrivilegeDrop.handOver(spec);
    }

    /**
     * The best sandbox this host supports, probed once per JVM: bubblewrap if
     * {@code bwrap --ro-bind / / true} works, else {@code unshare} (needs root), else none.
     */
    static Sandbox detect() {
        return SandboxDetector.DETECTED;
    }
}
