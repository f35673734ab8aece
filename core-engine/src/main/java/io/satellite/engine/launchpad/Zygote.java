package io.satellite.engine.launchpad;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A warm runtime process that has loaded its language once and forks a fresh child per
 * job (R: {@code parallel:::mcfork}; Python: {@code os.fork}), so a job pays for a fork,
 * not for a runtime start. Speaks the zygote mode of PROTOCOL.md over its stdin/stdout.
 *
 * <p>Where each worker takes a uid of its own ({@link WorkerAccounts}) the runtime stays root
 * with CAP_SETUID and CAP_SETGID only, and a job cannot signal it. Otherwise it runs as the
 * workers' one uid, and a job can kill it. A fork refused for want of processes ends R's. The zygote counts as
 * dead as soon as its runtime is, even while the process started here (a sandbox around it)
 * still runs.
 */
final class Zygote implements AutoCloseable {
    private final String language;
    private final Process process;
    private final Writer control;
    private final Map<String, CompletableFuture<Long>> pending = new ConcurrentHashMap<>();
    private final StringBuilder log = new StringBuilder();
    private final CompletableFuture<Void> exited = new CompletableFuture<>();
    /** The runtime that forks (the parent of the first forked child), once one was forked. */
    private volatile ProcessHandle runtime;
    /** Host pids from the process started here down to the runtime (sandbox wrappers between). */
    private volatile List<Long> chain;
    /** The runtime's own TMPDIR, removed at {@link #close}; null where the caller keeps none. */
    private final Path tempDir;

    /**
     * Starts a zygote confined as {@code confinement}, its working directory {@code jobsRoot}
     * (where its children's slots are made). Its own temporary directory (R makes its
     * tempdir() there at start-up) is a fresh one in {@code jobsRoot}, since the sandbox's /tmp
     * takes no files; it goes when the zygote is closed. Each child points its own at its slot.
     * {@code SATELLITE_READ_ONLY} names what a child that confines itself may still read, and
     * {@code SATELLITE_WORKER_NPROC} the process limit it takes before its own user namespace;
     * {@code SATELLITE_OWN_NETWORK} says the sandbox has no network, so each child may take a
     * loopback of its own (the zygote's is every sibling's).
     */
    static Zygote start(String language, List<String> command, Confinement confinement, Path jobsRoot,
                        int workerProcesses) throws IOException {
        byte[] name = new byte[6];
        new java.security.SecureRandom().nextBytes(name);
        Path temp = jobsRoot.resolve("zygote-" + language.toLowerCase(java.util.Locale.ROOT) + "-"
                + java.util.HexFormat.of().formatHex(name) + ".tmp");
        Files.createDirectory(temp, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        // what a child may read when it confines itself (PROTOCOL.md): the sandbox's read-only binds
        List<String> withTemp = new ArrayList<>(List.of("/usr/bin/env", "TMPDIR=" + temp, "SATELLITE_READ_ONLY="
                + confinement.readOnlyList(),
                "SATELLITE_WORKER_NPROC=" + workerProcesses,
                "SATELLITE_OWN_NETWORK=" + (confinement.outboundNetwork() ? 0 : 1)));
        withTemp.addAll(command);
        try {
            return new Zygote(language, confinement.wrap(withTemp, jobsRoot), jobsRoot, temp);
        } catch (IOException | RuntimeException e) {
            Directories.deleteQuietly(temp);
            throw e;
        }
    }

    Zygote(String language, List<String> command, Path workDir) throws IOException {
        this(language, command, workDir, null);
    }

    private Zygote(String language, List<String> command, Path workDir, Path tempDir) throws IOException {
        this.language = language;
        this.tempDir = tempDir;
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        pb.environment().put("LANG", "C.UTF-8");
        pb.environment().put("LC_ALL", "C.UTF-8");
        this.process = pb.start();
        this.control = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon(this::readAnswers, "zygote-" + language + "-" + process.pid());
        daemon(this::drainErrors, "zygote-" + language + "-" + process.pid() + "-stderr");
        this.chain = List.of(process.pid());
        process.onExit().thenRun(this::runtimeExited);
    }

    private void runtimeExited() {
        if (exited.complete(null)) {
            pending.values().forEach(f -> f.completeExceptionally(
                    new IOException("the " + language + " zygote exited: " + log())));
        }
    }

    /** Completes when the runtime that forks has exited (see {@link #isAlive}). */
    CompletableFuture<Void> exited() {
        return exited;
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    /**
     * Forks a child waiting in {@code slot}, which first takes {@code uid} if it is not negative;
     * completes with its pid on this host.
     */
    private synchronized CompletableFuture<Long> fork(Path slot, int uid) {
        CompletableFuture<Long> answer = new CompletableFuture<>();
        pending.put(slot.toString(), answer);
        try {
            control.write("FORK " + slot + (uid >= 0 ? " " + uid : "") + "\n");
            control.flush();
        } catch (IOException e) {
            pending.remove(slot.toString());
            answer.completeExceptionally(new IOException("the " + language + " zygote is gone: " + log(), e));
        }
        if (!isAlive() && pending.remove(slot.toString()) != null) {
            answer.completeExceptionally(new IOException("the " + language + " zygote exited: " + log()));
        }
        return answer;
    }

    /**
     * Forks a child waiting in {@code slot} and waits for its pid, failing as soon as the
     * runtime is seen dead (its children keep the control pipe open, so a write alone does not tell).
     */
    long forkAndWait(Path slot, long timeoutMillis) throws IOException, InterruptedException {
        return forkAndWait(slot, -1, timeoutMillis);
    }

    /** The same for a child that takes {@code uid} (its own) before anything else. */
    long forkAndWait(Path slot, int uid, long timeoutMillis) throws IOException, InterruptedException {
        CompletableFuture<Long> answer = fork(slot, uid);
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (true) {
            try {
                return answer.get(100, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                if (!isAlive() || System.nanoTime() > deadline) {
                    pending.remove(slot.toString());
                    throw new IOException("the " + language + " zygote did not fork: "
                            + (isAlive() ? "no answer in " + timeoutMillis + " ms" : "it exited. " + log()));
                }
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }
    }

    private void readAnswers() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("NOFORK ") && line.indexOf('\t') > 0) {
                    int tab = line.indexOf('\t');
                    CompletableFuture<Long> f = pending.remove(line.substring("NOFORK ".length(), tab));
                    if (f != null) {
                        f.completeExceptionally(new IOException("the " + language + " zygote could not fork: "
                                + line.substring(tab + 1).strip()));
                    }
                    continue;
                }
                if (!line.startsWith("FORKED ")) {
                    continue; // not an answer (a child's stdout is its own output.txt from its first steps)
                }
                int space = line.lastIndexOf(' ');
                String slot = line.substring("FORKED ".length(), space);
                CompletableFuture<Long> f = pending.remove(slot);
                if (f != null) {
                    long nsPid = Long.parseLong(line.substring(space + 1).trim());
                    Optional<Long> host = hostPid(nsPid);
                    host.flatMap(ProcessHandle::of).flatMap(ProcessHandle::parent).ifPresent(this::learnRuntime);
                    if (host.isPresent()) {
                        f.complete(host.get());
                    } else {
                        f.completeExceptionally(new IOException("forked child " + nsPid + " vanished"));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // the zygote is gone; pending forks fail through onExit
        }
    }

    private void drainErrors() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (log) {
                    if (log.length() < 16_384) {
                        log.append(line).append('\n');
                    }
                }
            }
        } catch (IOException e) {
            // closed with the process
        }
    }

    String log() {
        synchronized (log) {
            return log.toString().strip();
        }
    }

    /**
     * The host pid of a child the zygote reported by its pid inside the sandbox's PID
     * namespace: the descendant whose NSpid list ends with it.
     */
    private Optional<Long> hostPid(long nsPid) {
        for (int attempt = 0; attempt < 50; attempt++) {
            ProcessHandle forker = runtime;
            // once the runtime that forks is known, only its children are read
            Optional<Long> found = (forker == null ? ProcessTrees.descendants(process.pid())
                    : ProcessTrees.children(forker.pid())).stream()
                    .filter(pid -> lastNsPid(pid) == nsPid).findFirst();
            if (found.isPresent()) {
                return found;
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return Optional.empty();
    }

    static long lastNsPid(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("NSpid:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[parts.length - 1]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            // the process is gone
        }
        return -1;
    }

    /** Notes the runtime that forks, and the sandbox processes between it and the one started here. */
    private void learnRuntime(ProcessHandle forker) {
        if (runtime != null) {
            return;
        }
        List<Long> pids = new ArrayList<>();
        for (Optional<ProcessHandle> p = Optional.of(forker); p.isPresent(); p = p.get().parent()) {
            pids.add(0, p.get().pid());
            if (p.get().pid() == process.pid()) {
                break;
            }
        }
        if (pids.get(0) != process.pid()) {
            return; // not below our process: a child that was already handed on
        }
        chain = List.copyOf(pids);
        runtime = forker;
        forker.onExit().thenRun(this::runtimeExited);
    }

    /**
     * The zygote's own processes: the one the engine started and, under a sandbox, those
     * between it and the runtime that forks (found from a forked child's parent).
     */
    java.util.stream.Stream<Long> ownPids() {
        return chain.stream();
    }

    /** Whether the runtime can fork: its process and the runtime inside are both alive. */
    boolean isAlive() {
        if (exited.isDone()) {
            return false;
        }
        ProcessHandle r = runtime;
        if (!process.isAlive() || (r != null && !r.isAlive())) {
            runtimeExited();
            return false;
        }
        return true;
    }

    /**
     * Kills processes a job left behind in the background: inside the zygote's sandbox they
     * outlive their worker and are re-parented above the runtime, so they are neither the
     * zygote's own processes nor under the runtime that forks workers. A fork bomb's orphans
     * fork on while they are killed: this repeats until none is left.
     */
    void killOrphans() {
        ProcessHandle runtime = this.runtime;
        if (runtime == null) {
            return;
        }
        List<Long> own = chain;
        for (int round = 0; round < 50; round++) {
            // An orphan is re-parented to a process of the zygote's own chain above the runtime
            // (the sandbox's init): what those have as children, besides the chain, are orphans.
            List<Long> orphans = new ArrayList<>();
            for (long p : own.subList(0, own.size() - 1)) {
                ProcessTrees.children(p).stream().filter(c -> !own.contains(c)).forEach(orphans::add);
            }
            if (orphans.isEmpty()) {
                return;
            }
            orphans.forEach(ProcessTrees::killTree);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        try {
            control.close();
        } catch (IOException e) {
            // already gone
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (tempDir != null) {
            Directories.deleteQuietly(tempDir);
        }
    }

    /** The runtime's own temporary directory (kept between jobs), if it has one here. */
    Optional<Path> tempDir() {
        return Optional.ofNullable(tempDir);
    }
}
