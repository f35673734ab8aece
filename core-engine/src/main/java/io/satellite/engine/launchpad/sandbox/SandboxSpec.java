package io.satellite.engine.launchpad.sandbox;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one sandboxed runtime may see and do. Nothing is visible by default: the sandbox
 * shows the system directories read-only, the {@code writableDir} read-write at the same
 * path (so paths on the command line work inside), and the {@code readOnlyPaths}; anything
 * else, such as the engine's data directory or another job's directory, is simply not
 * there. {@code hiddenPaths} names the places that must stay invisible all the same: the
 * spec refuses to bind them, and a sandbox that shows more of the host (the unshare
 * fallback) or a hidden path under a system directory gets an empty mount over them.
 *
 * @param runAsUid the unprivileged uid the runtime runs as when the engine is root
 *     ({@link #NOBODY} by default, {@link #ENGINE_UID} to keep the engine's, {@link #FORKING_ROOT}
 *     for a zygote that gives each child its own). RLIMIT_NPROC is
 *     counted per uid across the host, so concurrent workers that must not share a process
 *     budget need distinct uids.
 * @param ownDevShm whether the runtime gets a writable /dev/shm of its own ({@link #DEV_SHM_BYTES}),
 *     as Python's multiprocessing needs: only for a sandbox that holds one job. A sandbox that
 *     many jobs share (a zygote's) keeps it read-only; each of its forks takes its own.
 */
public record SandboxSpec(Path writableDir, List<Path> readOnlyPaths, List<Path> hiddenPaths,
                          boolean outboundNetwork, ResourceLimits limits, int runAsUid, boolean ownDevShm) {
    public static final int NOBODY = 65534;
    public static final int ENGINE_UID = -1;
    /**
     * A zygote whose children each take a uid of their own: it stays uid 0 with no capability
     * but CAP_SETUID and CAP_SETGID (the engine must be root; otherwise it keeps the engine's uid).
     */
    public static final int FORKING_ROOT = -2;
    /** The size of a job's own /dev/shm (as a forked job's, see satellite-become.c). */
    public static final long DEV_SHM_BYTES = 256L << 20;

    public SandboxSpec {
        writableDir = writableDir.toAbsolutePath().normalize();
        readOnlyPaths = normalized(readOnlyPaths);
        hiddenPaths = normalized(hiddenPaths);
        if (limits == null) {
            throw new IllegalArgumentException("limits are required (ResourceLimits.unlimited() for none)");
        }
        for (Path hidden : hiddenPaths) {
            if (hidden.startsWith(writableDir)) {
                throw new IllegalArgumentException(hidden + " is meant to be hidden but lies in the writable directory");
            }
            for (Path ro : readOnlyPaths) {
                if (hidden.startsWith(ro) || hidden.equals(ro)) {
                    throw new IllegalArgumentException(hidden + " is meant to be hidden but is bound read-only via " + ro);
                }
            }
        }
    }

    /** A job directory as the only writable place, no network, default limits, as nobody. */
    public static SandboxSpec of(Path writableDir) {
        return new SandboxSpec(writableDir, List.of(), List.of(), false, ResourceLimits.defaults(), NOBODY, false);
    }

    public SandboxSpec withReadOnly(Path... paths) {
        return new SandboxSpec(writableDir, concat(readOnlyPaths, paths), hiddenPaths, outboundNetwork, limits, runAsUid, ownDevShm);
    }

    public SandboxSpec withHidden(Path... paths) {
        return new SandboxSpec(writableDir, readOnlyPaths, concat(hiddenPaths, paths), outboundNetwork, limits, runAsUid, ownDevShm);
    }

    public SandboxSpec withOutboundNetwork(boolean allowed) {
        return new SandboxSpec(writableDir, readOnlyPaths, hiddenPaths, allowed, limits, runAsUid, ownDevShm);
    }

    public SandboxSpec withLimits(ResourceLimits newLimits) {
        return new SandboxSpec(writableDir, readOnlyPaths, hiddenPaths, outboundNetwork, newLimits, runAsUid, ownDevShm);
    }

    public SandboxSpec withRunAsUid(int uid) {
        return new SandboxSpec(writableDir, readOnlyPaths, hiddenPaths, outboundNetwork, limits, uid, ownDevShm);
    }

    /** The same for a sandbox that holds one job: a writable /dev/shm of its own. */
    public SandboxSpec withOwnDevShm() {
        return new SandboxSpec(writableDir, readOnlyPaths, hiddenPaths, outboundNetwork, limits, runAsUid, true);
    }

    private static List<Path> normalized(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths == null ? List.<Path>of() : paths) {
            out.add(p.toAbsolutePath().normalize());
        }
        return List.copyOf(out);
    }

    private static List<Path> concat(List<Path> list, Path... more) {
        List<Path> out = new ArrayList<>(list);
        out.addAll(List.of(more));
        return out;
    }
}
