package io.satellite.engine.launchpad;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The simplest launchpad: every job starts a fresh runtime process in a fresh working
 * directory under {@code jobsRoot}. The pooled, sandboxed launchpad replaces it.
 */
public final class ColdStartLaunchpad implements Launchpad {
    /** The name of the diagnostics line. */
    public static final String UID_PER_WORKER = "a uid per worker";
    private final Path jobsRoot;
    private final Path launchers;
    private final Map<String, ExternalRuntime> runtimes = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final Confinement confinement;

    /** An unconfined launchpad (no sandbox, no limits). */
    public ColdStartLaunchpad(Path jobsRoot, List<ExternalRuntime> runtimes) throws IOException {
        this(jobsRoot, runtimes, Confinement.none());
    }

    public ColdStartLaunchpad(Path jobsRoot, List<ExternalRuntime> runtimes, Confinement confinement)
            throws IOException {
        this.confinement = confinement;
        this.jobsRoot = Files.createDirectories(jobsRoot);
        this.launchers = Files.createDirectories(jobsRoot.resolveSibling("launchers"));
        for (ExternalRuntime rt : runtimes) {
            this.runtimes.put(rt.language().toUpperCase(Locale.ROOT), rt);
            if (rt.launcherFile() != null) {
                Files.copy(rt.launcherFile(), launchers.resolve(rt.launcherResource()),
                        StandardCopyOption.REPLACE_EXISTING);
            } else {
                extract(rt.launcherResource());
            }
        }
        extractIfBuilt(ExternalRuntime.BECOME_LIBRARY);
        cleanLeftovers();
    }

    /** A resource the build may lack (satellite-become.so without gcc): extracted if there, else removed. */
    private void extractIfBuilt(String resource) throws IOException {
        try (InputStream in = ColdStartLaunchpad.class.getResourceAsStream(resource)) {
            if (in == null) {
                Files.deleteIfExists(launchers.resolve(resource));
                return;
            }
            Files.copy(in, launchers.resolve(resource), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void extract(String resource) throws IOException {
        try (InputStream in = ColdStartLaunchpad.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("launcher script " + resource + " is missing from the build");
            }
            Files.copy(in, launchers.resolve(resource), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Directories of jobs that were running when the engine last stopped hard. */
    private void cleanLeftovers() throws IOException {
        try (var dirs = Files.list(jobsRoot)) {
            dirs.forEach(Directories::deleteTree);
        }
    }

    Path launchers() {
        return launchers;
    }

    @Override
    public Set<String> languages() {
        Set<String> names = new java.util.LinkedHashSet<>();
        runtimes.values().forEach(rt -> names.add(rt.language()));
        return names;
    }

    @Override
    public Worker acquire(String language) throws LaunchpadException {
        ExternalRuntime rt = runtimes.get(language == null ? "" : language.trim().toUpperCase(Locale.ROOT));
        if (rt == null) {
            throw new LaunchpadException("Unknown external language '" + language
                    + "'. Registered languages: " + String.join(", ", languages()));
        }
        Path dir = jobsRoot.resolve("job-" + ProcessHandle.current().pid() + "-" + sequence.incrementAndGet());
        int uid = confinement.runAsUid();
        try {
            uid = confinement.leaseUid();
            Files.createDirectories(dir);
            Path pipe = dir.resolve("results.pipe");
            Pipes.create(pipe);
            confinement.handOver(dir, uid);
            ProcessBuilder pb = new ProcessBuilder(confinement.wrapOneJob(rt.jobCommand(
                    launchers.resolve(rt.launcherResource()).toString(), pipe.toString()), dir, uid));
            pb.directory(dir.toFile());
            pb.environment().put("LANG", "C.UTF-8");
            pb.environment().put("LC_ALL", "C.UTF-8");
            pb.environment().put("HOME", dir.toString());
            pb.environment().put("TMPDIR", dir.toString());
            Process started = pb.start();
            try {
                return new ColdWorker(rt.language(), started, dir, pipe, releaser(uid));
            } catch (RuntimeException e) {
                started.destroyForcibly();
                throw e;
            }
        } catch (IOException | RuntimeException e) {
            releaser(uid).run();
            Directories.deleteTree(dir);
            throw new LaunchpadException("could not start the " + rt.language() + " runtime ("
                    + String.join(" ", rt.command()) + "): " + e.getMessage(), e);
        }
    }

    /** What gives a worker's own uid back once the worker is closed (nothing for a shared uid). */
    private Runnable releaser(int uid) {
        return () -> confinement.releaseUid(uid);
    }

    @Override
    public Standby standby() {
        java.util.Set<Long> pids = new java.util.HashSet<>();
        if (confinement.workerUids() != null) {
            confinement.workerUids().helperPid().ifPresent(pids::add);
        }
        return new Standby(java.util.Set.copyOf(pids), java.util.Set.of());
    }

    @Override
    public io.satellite.engine.launchpad.sandbox.IsolationFeature uidPerWorker() {
        if (!confinement.uidPerWorker()) {
            return new io.satellite.engine.launchpad.sandbox.IsolationFeature(UID_PER_WORKER, false,
                    confinement.whyNoUidPerWorker());
        }
        WorkerAccounts a = confinement.workerUids();
        return new io.satellite.engine.launchpad.sandbox.IsolationFeature(UID_PER_WORKER, true, "each worker runs as"
                + " a uid of its own from " + a + " (" + a.inUse() + " in use), reused only once its processes are"
                + " killed: jobs cannot see each other's directories through /proc, signal each other, or share"
                + " a process limit");
    }

    @Override
    public io.satellite.engine.launchpad.sandbox.IsolationFeature otherJobsOutOfReach() {
        if (confinement.sandbox() instanceof io.satellite.engine.launchpad.sandbox.NoSandbox) {
            return new io.satellite.engine.launchpad.sandbox.IsolationFeature(OTHER_JOBS_OUT_OF_REACH, false,
                    "no sandbox tool: workers run as the engine's processes and see all of its files");
        }
        if (confinement.sandbox() instanceof io.satellite.engine.launchpad.sandbox.UnshareSandbox) {
            // unshare starts from the host's tree: the jobs directory is there, read-only, with every job's in it
            boolean ownUids = uidPerWorker().enforced();
            return new io.satellite.engine.launchpad.sandbox.IsolationFeature(OTHER_JOBS_OUT_OF_REACH, ownUids,
                    "under unshare (no bubblewrap) a worker started in a sandbox of its own (cold or prelaunched) has its"
                    + " own PID namespace, but the host's directories, read-only, the jobs directory among them; "
                    + (ownUids ? "each job's directory is mode 0700 of its own worker's uid"
                            : "the workers share a uid, so a job can read the other jobs' directories, whose names"
                            + " follow one another (install bubblewrap)"));
        }
        return Launchpad.super.otherJobsOutOfReach();
    }

    @Override
    public void close() {
        // cold-start workers are owned and closed by their jobs
        if (confinement.workerUids() != null) {
            confinement.workerUids().closeHelperIfIdle();
        }
    }
}
