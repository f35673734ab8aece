package io.satellite.engine.launchpad;

import io.satellite.engine.launchpad.sandbox.ResourceLimits;
import io.satellite.engine.launchpad.sandbox.Sandbox;
import io.satellite.engine.launchpad.sandbox.SandboxSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * How the launchpad confines its runtimes: which sandbox, what they may read, what stays
 * hidden (the engine's data), their rlimits, the uid they run as, and whether they may open
 * network connections. Each runtime process gets one writable directory.
 *
 * @param runAsUid    the one uid of runtimes that get none of their own (an engine that is
 *                    not root, a registered language's zygote, package installs)
 * @param workerUids  the uids of {@link #uidPerWorker() a uid per worker}; null for none
 */
public record Confinement(Sandbox sandbox, List<Path> readOnly, List<Path> hidden, ResourceLimits limits,
                          int runAsUid, boolean outboundNetwork, WorkerAccounts workerUids) {

    public Confinement(Sandbox sandbox, List<Path> readOnly, List<Path> hidden, ResourceLimits limits,
                       int runAsUid, boolean outboundNetwork) {
        this(sandbox, readOnly, hidden, limits, runAsUid, outboundNetwork, null);
    }

    /** No confinement at all (tests of the launchpad's own mechanics). */
    public static Confinement none() {
        return new Confinement(new io.satellite.engine.launchpad.sandbox.NoSandbox(), List.of(), List.of(),
                ResourceLimits.unlimited(), SandboxSpec.ENGINE_UID, true);
    }

    /**
     * Whether each worker runs as a uid of its own from {@link #workerUids}: there is a range,
     * and the sandbox really drops root (the engine is root and has setpriv).
     */
    public boolean uidPerWorker() {
        return workerUids != null && io.satellite.engine.launchpad.sandbox.PrivilegeDrop.drops(
                SandboxSpec.of(Path.of("/tmp")).withRunAsUid(workerUids.first()));
    }

    /** Why workers share a uid (for the diagnostics); empty when {@link #uidPerWorker()}. */
    public String whyNoUidPerWorker() {
        if (workerUids == null) {
            return "no range of worker uids is configured";
        }
        return io.satellite.engine.launchpad.sandbox.PrivilegeDrop.whyNot(
                SandboxSpec.of(Path.of("/tmp")).withRunAsUid(workerUids.first()));
    }

    /** The read-only paths as a colon-separated list (what a confined forked child may read, PROTOCOL.md). */
    String readOnlyList() {
        return String.join(":", readOnly.stream().map(Path::toString).toList());
    }

    /** The same confinement, its runtimes running as {@code uid}. */
    public Confinement withRunAsUid(int uid) {
        return new Confinement(sandbox, readOnly, hidden, limits, uid, outboundNetwork, workerUids);
    }

    public SandboxSpec specFor(Path writable) {
        return specFor(writable, runAsUid);
    }

    SandboxSpec specFor(Path writable, int uid) {
        return SandboxSpec.of(writable).withReadOnly(readOnly.toArray(Path[]::new))
                .withHidden(hidden.toArray(Path[]::new)).withLimits(limits).withRunAsUid(uid)
                .withOutboundNetwork(outboundNetwork);
    }

    /** The command line that runs {@code command} confined, writing only to {@code writable}. */
    public List<String> wrap(List<String> command, Path writable) {
        return sandbox.wrap(command, specFor(writable));
    }

    /** The same, running as {@code uid} (a worker's own, see {@link #leaseUid}). */
    public List<String> wrap(List<String> command, Path writable, int uid) {
        return sandbox.wrap(command, specFor(writable, uid));
    }

    /**
     * The same for a sandbox that holds one job, so it may have a writable /dev/shm of its own
     * (Python's multiprocessing needs one; a zygote's forks each take theirs).
     */
    public List<String> wrapOneJob(List<String> command, Path writable, int uid) {
        return sandbox.wrap(command, specFor(writable, uid).withOwnDevShm());
    }

    /** Hands {@code dir} (and what is in it) to the uid the runtimes run as. */
    public void handOver(Path dir) throws IOException {
        handOver(dir, runAsUid);
    }

    /** Hands {@code dir} (and what is in it) to {@code uid}, mode 0700 for a worker's own uid. */
    public void handOver(Path dir, int uid) throws IOException {
        sandbox.prepare(SandboxSpec.of(dir).withRunAsUid(uid));
        if (uid != runAsUid && uid >= 0 && uidPerWorker()) {
            java.nio.file.Files.setPosixFilePermissions(dir,
                    java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        }
    }

    /**
     * The uid for one runtime process (a cold worker, a package install): a worker uid of its
     * own where each gets one, to give back with {@link #releaseUid}; else {@link #runAsUid}.
     */
    public int leaseUid() throws IOException {
        return uidPerWorker() ? workerUids.lease() : runAsUid;
    }

    /** Gives back a uid of {@link #leaseUid} once its process is done: whatever still runs as it is killed. */
    public void releaseUid(int uid) {
        if (uid != runAsUid && workerUids != null) {
            workerUids.release(uid);
        }
    }
}
