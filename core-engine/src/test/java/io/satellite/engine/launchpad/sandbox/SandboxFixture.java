package io.satellite.engine.launchpad.sandbox;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A throwaway layout under target/: jobs/job-1 (the writable dir), jobs/job-2 (another job's
 * directory) and engine-data/secret.txt; every process a test starts is killed by pid on
 * {@link #close()}, and the layout removed.
 */
final class SandboxFixture implements AutoCloseable {
    /** A uid of our own, so that our process counts and other sessions' never mix. */
    static final int TEST_UID = 60000 + (int) (ProcessHandle.current().pid() % 5000);
    static final String SECRET = "engine-secret-7f3a";

    final Path root;
    final Path jobs;
    final Path work;
    final Path otherJob;
    final Path engineData;
    private final List<ProcessHandle> started = new ArrayList<>();

    SandboxFixture() throws IOException {
        Files.createDirectories(Path.of("target"));
        root = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "sandbox-test-");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        jobs = Files.createDirectories(root.resolve("jobs"));
        work = Files.createDirectories(jobs.resolve("job-1"));
        otherJob = Files.createDirectories(jobs.resolve("job-2"));
        Files.writeString(otherJob.resolve("result.txt"), "other job's data " + SECRET + "\n");
        engineData = Files.createDirectories(root.resolve("engine-data"));
        Files.writeString(engineData.resolve("secret.txt"), SECRET + "\n");
    }

    /** Writable job-1, with jobs/ and engine-data/ hidden, running as {@link #TEST_UID}. */
    SandboxSpec spec(ResourceLimits limits) {
        return SandboxSpec.of(work).withHidden(jobs, engineData).withLimits(limits).withRunAsUid(TEST_UID);
    }

    ProbeRun.Result run(Sandbox sandbox, SandboxSpec spec, long timeoutSeconds, String... command) throws IOException {
        sandbox.prepare(spec);
        return ProbeRun.run(sandbox.wrap(List.of(command), spec), spec.writableDir(), timeoutSeconds);
    }

    /** Starts a process that this fixture kills (with its tree) on close. */
    Process start(List<String> command, Path output) throws IOException {
        Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(output.toFile()).start();
        started.add(p.toHandle());
        return p;
    }

    /** Remembers processes seen during a test so that close() kills them if still running. */
    void track(List<ProcessHandle> handles) {
        started.addAll(handles);
    }

    /** Pids of live (non-zombie) processes whose real uid is {@code uid}. */
    static List<Long> processesOf(int uid) {
        return processesOf(uid, false);
    }

    /**
     * Waits (up to 30 s) until {@code uid} has no process at all, zombies included: zombies
     * not yet reaped by the host's init still count against RLIMIT_NPROC.
     */
    static void awaitNoProcessesOf(int uid) throws InterruptedException {
        for (int i = 0; i < 300 && !processesOf(uid, true).isEmpty(); i++) {
            Thread.sleep(100);
        }
    }

    private static List<Long> processesOf(int uid, boolean zombiesToo) {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            procs.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                try {
                    for (String line : Files.readAllLines(p.resolve("status"))) {
                        if (line.startsWith("Uid:") && line.substring(4).trim().split("\\s+")[0].equals(String.valueOf(uid))) {
                            long pid = Long.parseLong(p.getFileName().toString());
                            if (zombiesToo || ProcessTree.running(pid)) {
                                out.add(pid);
                            }
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the process ended while we looked
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** The sandboxes that work on this host, each to run the same confinement tests. */
    static Stream<Sandbox> sandboxes() {
        List<Sandbox> out = new ArrayList<>();
        Optional<String> bwrap = Tools.find("bwrap");
        if (bwrap.isPresent() && SandboxDetector.works(List.of(bwrap.get(), "--ro-bind", "/", "/", "true"))) {
            out.add(new BubblewrapSandbox(bwrap.get()));
        }
        Optional<String> unshare = Tools.find("unshare");
        if (unshare.isPresent() && Tools.engineIsRoot()) {
            out.add(new UnshareSandbox(unshare.get()));
        }
        return out.stream();
    }

    @Override
    public void close() {
        started.forEach(ProcessTree::kill);
        for (long pid : processesOf(TEST_UID)) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
        FilesystemProbes.deleteTree(root);
    }
}
