package io.satellite.engine.launchpad;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prelaunched workers of one language, ready for a job each (SQL Server's
 * PROCESS_POOL_SQLSATELLITE_GROWTH, default 5). A taken worker is replaced in the
 * background; when none is ready, a child is forked on the spot.
 *
 * <p>Refills wait for a quiet moment: while the pool's jobs run and it still holds a quarter
 * of its workers (at least one), a taken worker is replaced only once none of its jobs has run
 * for {@value #IDLE_MILLIS} ms. A pool that ran below that refills to its size at once. A
 * refill (the zygote's fork and the child's warm-up) costs many times the CPU of a small job,
 * and on 2 cores it ran beside the next jobs of a burst, which then waited for a CPU.
 * Measured with bursts of 5 warm empty calls (time from job sent to answer, by position in
 * the burst): 7.6, 15.4, 16.4, 19.8, 25.9 ms with a refill at every
 * take, most of it spent waiting for a CPU; 5.0, 7.6, 8.6, 10.2, 13.3 ms with refills at once
 * only below the mark. Under sustained load the pool keeps running low and refilling, so its
 * throughput stays (the same jobs/s within this host's noise).
 *
 * <p>A zygote that dies (a job killed it, or a fork it was asked for failed) is replaced,
 * at once and then with a growing delay while new ones die young; meanwhile {@link #take}
 * fails, so that jobs start cold. Under bubblewrap the zygote's runtime is the first process
 * of the PID namespace it shares with every worker it forked: when it dies, the kernel kills
 * them all, running jobs included. Housekeeping, once a second and whenever the zygote dies,
 * restarts it and tops up the pool (a fork refused for want of processes is tried again).
 * The zygote and its workers have limits of their own: {@link WorkerLimits}. A worker warms
 * up in the pool at low priority, so that refills do not slow the jobs running: {@link WarmUpPriority}.
 */
final class WarmPool implements ReadyWorkers {
    /** Starts a zygote (the same command each time). */
    interface Starter {
        Zygote start() throws IOException;
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long FORK_TIMEOUT_MILLIS = 30_000;
    /** A slot's subdirectory that its child makes its tempdir() and TMPDIR (PROTOCOL.md). */
    static final String TEMP = "tmp";
    /** How often workers warming up at low priority are looked at (only while there are some). */
    private static final long PRIORITY_CHECK_MILLIS = 10;
    /** A zygote that dies younger than this is restarted with a growing delay, up to a minute. */
    private static final long YOUNG_MILLIS = 10_000;
    private static final long MAX_RESTART_DELAY_MILLIS = 60_000;
    /** How long none of the pool's jobs must have run before refills start (while the pool is not low). */
    static final long IDLE_MILLIS = 20;
    private final ExternalRuntime runtime;
    private final Starter starter;
    private final Path slotsRoot;
    private final int size;
    private final Confinement confinement;
    /** Where each worker takes a uid of its own; null when they all run as the zygote's. */
    private final WorkerAccounts accounts;
    private final LinkedBlockingDeque<ForkedWorker> ready = new LinkedBlockingDeque<>();
    /** Slot directories of workers being forked right now (not ready yet, not a job's). */
    private final Set<Path> preparing = ConcurrentHashMap.newKeySet();
    /** The zygote that forked each worker in the pool (a worker dies with it). */
    private final Map<ForkedWorker, Zygote> forkedBy = new ConcurrentHashMap<>();
    /** Ready workers warming up at low priority, with the nice value each gets back when taken. */
    private final Map<ForkedWorker, WarmUpPriority> lowered = new ConcurrentHashMap<>();
    private final ScheduledExecutorService housekeeping;
    /** Gives warmed-up workers their priority back (housekeeping may be busy forking). */
    private final ScheduledExecutorService priorities;
    private final java.util.concurrent.atomic.AtomicBoolean priorityCheckDue =
            new java.util.concurrent.atomic.AtomicBoolean();
    /** Below this many ready workers a taken one is replaced at once, whether jobs run or not. */
    private final int refillAtOnceBelow;
    /** Workers taken from the pool whose jobs are not closed yet. */
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    private volatile long lastJobActivity;
    private volatile Zygote zygote;
    /** Creates pipes and sets limits without starting a process per worker; null until the first fork. */
    private volatile WorkerSetupHelper helper;
    private volatile boolean noHelper;
    private volatile boolean closed;
    private long startedAt;
    private long restartDelay;
    private long nextStartAt;

    WarmPool(ExternalRuntime runtime, Starter starter, Path slotsRoot, int size, Confinement confinement)
            throws IOException {
        this(runtime, starter, slotsRoot, size, confinement, null);
    }

    /** A pool whose workers each take a uid of {@code accounts} (null: the zygote's uid). */
    WarmPool(ExternalRuntime runtime, Starter starter, Path slotsRoot, int size, Confinement confinement,
             WorkerAccounts accounts) throws IOException {
        this.confinement = confinement;
        this.accounts = accounts;
        this.runtime = runtime;
        this.starter = starter;
        this.slotsRoot = slotsRoot;
        this.size = size;
        this.refillAtOnceBelow = Math.max(1, size / 4);
        this.lastJobActivity = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS); // idle from the start
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warm-pool-" + runtime.language());
            t.setDaemon(true);
            return t;
        });
        this.priorities = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "warm-pool-" + runtime.language() + "-priorities");
            t.setDaemon(true);
            return t;
        });
        started(starter.start());
        for (int i = 0; i < size; i++) {
            housekeeping.execute(this::addOne);
        }
        housekeeping.scheduleWithFixedDelay(this::maintain, 1, 1, TimeUnit.SECONDS);
    }

    /** Looks at the lowered workers soon, unless a look is already due. */
    private void checkPrioritiesSoon() {
        if (!closed && priorityCheckDue.compareAndSet(false, true)) {
            try {
                priorities.schedule(this::restoreWarmedUp, PRIORITY_CHECK_MILLIS, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                priorityCheckDue.set(false); // closing
            }
        }
    }

    /**
     * Ready workers that have warmed up get their priority back (a taken one gets it in
     * {@link #take}); looks again while some still warm up, and not at all while none does.
     */
    private void restoreWarmedUp() {
        priorityCheckDue.set(false);
        for (Map.Entry<ForkedWorker, WarmUpPriority> e : lowered.entrySet()) {
            if (!e.getKey().isAlive()) {
                lowered.remove(e.getKey(), e.getValue()); // take() discards it
            } else if (e.getValue().warmedUp() && lowered.remove(e.getKey(), e.getValue())) {
                try {
                    e.getValue().restore();
                } catch (IOException | RuntimeException failed) {
                    // the helper is gone: this worker's job runs at low priority, the next workers are not lowered
                }
            }
        }
        if (!lowered.isEmpty()) {
            checkPrioritiesSoon();
        }
    }

    private void started(Zygote z) {
        zygote = z;
        startedAt = System.currentTimeMillis();
        z.exited().thenRun(() -> {
            if (!closed) {
                housekeeping.execute(this::maintain);
            }
        });
    }

    @Override
    public int readyCount() {
        return ready.size();
    }

    /** Adds the zygote and the ready workers (pids, slot directories) to the given sets. */
    @Override
    public void addStandby(Set<Long> pids, Set<Path> dirs) {
        zygote.ownPids().forEach(pids::add);
        zygote.tempDir().ifPresent(dirs::add);
        WorkerSetupHelper h = helper;
        if (h != null) {
            pids.add(h.pid());
        }
        for (ForkedWorker w : ready) {
            pids.add(w.pid());
            dirs.add(w.workingDirectory());
        }
        dirs.addAll(preparing);
    }

    /** A fresh worker: a ready one if there is one, else one forked now (fails while the zygote is dead). */
    @Override
    public Worker take() throws IOException {
        ForkedWorker w;
        while ((w = ready.poll()) != null) {
            Zygote z = forkedBy.remove(w);
            WarmUpPriority warming = lowered.remove(w);
            if (w.isAlive() && z.isAlive() && priorityRestored(warming)) {
                return taken(w, z);
            }
            w.close();
            refillSoon();
        }
        if (!zygote.isAlive()) {
            throw new IOException("the " + runtime.language() + " zygote has exited and is being restarted");
        }
        w = forkOne(false);
        preparing.remove(w.workingDirectory());
        return taken(w, forkedBy.remove(w));
    }

    /** A worker handed to a job: counted as running until the job closes it; the pool refills when it may. */
    private Worker taken(ForkedWorker w, Zygote z) {
        running.incrementAndGet();
        lastJobActivity = System.nanoTime();
        refillSoon();
        return new PooledWorker(w, z, this::jobDone);
    }

    private void jobDone() {
        running.decrementAndGet();
        lastJobActivity = System.nanoTime();
        try {
            housekeeping.schedule(() -> topUp(false), IDLE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            // no refill after close
        }
    }

    /** Refills at once (to full) if the pool is low; otherwise the job's end (or housekeeping) does, once the pool is idle. */
    private void refillSoon() {
        if (ready.size() < refillAtOnceBelow) {
            try {
                housekeeping.execute(() -> topUp(true));
            } catch (java.util.concurrent.RejectedExecutionException closing) {
                // no refill after close
            }
        }
    }

    /** Whether no job of the pool runs, nor has run for {@link #IDLE_MILLIS}. */
    private boolean idle() {
        return running.get() == 0 && System.nanoTime() - lastJobActivity >= TimeUnit.MILLISECONDS.toNanos(IDLE_MILLIS);
    }

    /** Adds workers up to the pool's size: {@code toFull} (it ran low) whatever runs, else while it is low or idle. */
    private void topUp(boolean toFull) {
        while (!closed && ready.size() < size && zygote.isAlive()
                && (toFull || ready.size() < refillAtOnceBelow || idle())) {
            if (!addOne()) {
                return;
            }
        }
    }

    /** A worker that warmed up at low priority gets its own back (if that fails, it is not used). */
    private static boolean priorityRestored(WarmUpPriority warming) {
        if (warming == null) {
            return true;
        }
        try {
            warming.restore();
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** Forks one worker for the pool; false if none was added (full, closed, or the zygote is failing). */
    private boolean addOne() {
        if (closed || ready.size() >= size || !zygote.isAlive()) {
            return false;
        }
        try {
            ForkedWorker w = forkOne(true);
            ready.add(w);
            preparing.remove(w.workingDirectory());
            return true;
        } catch (IOException e) {
            return false; // the zygote is failing: housekeeping restarts it or tries again
        }
    }

    /** Forks a worker; one {@code forThePool} warms up at low priority (a caller waits for the other). */
    private ForkedWorker forkOne(boolean forThePool) throws IOException {
        byte[] name = new byte[12];
        RANDOM.nextBytes(name);
        Path slot = slotsRoot.resolve("job-" + HexFormat.of().formatHex(name));
        Zygote z = zygote;
        int uid = accounts == null ? confinement.runAsUid() : accounts.lease();
        java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
        // once only: a failed set-up both closes the worker and cleans up after the fork
        Runnable release = accounts == null ? () -> { } : () -> {
            if (released.compareAndSet(false, true)) {
                accounts.release(uid);
            }
        };
        preparing.add(slot);
        try {
            Files.createDirectory(slot);
            Files.createDirectory(slot.resolve(TEMP));  // the child's tempdir() and TMPDIR (PROTOCOL.md)
            Files.createFile(slot.resolve(ForkedWorker.OUTPUT));  // the child appends to it; the engine reads this one
            createPipes(slot, uid);
            long pid = z.forkAndWait(slot, accounts == null ? -1 : uid, FORK_TIMEOUT_MILLIS);
            ProcessHandle child = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IOException("forked worker " + pid + " exited at once"));
            ForkedWorker w;
            try {
                w = new ForkedWorker(runtime.language(), child, slot, () -> {
                    z.killOrphans();
                    release.run();
                });
            } catch (IOException e) {
                child.destroyForcibly();
                throw e;
            }
            WorkerSetupHelper h = helperFor(pid);
            try {
                if (accounts != null) {
                    WorkerAccounts.awaitTaken(child, uid, z::log);
                }
                WorkerLimits.apply(confinement.limits(), pid, h);
            } catch (IOException | RuntimeException e) {
                w.close();
                throw e;
            }
            WarmUpPriority warming = forThePool ? WarmUpPriority.lower(h, pid) : null;
            if (warming != null) {
                lowered.put(w, warming);
                checkPrioritiesSoon();
            }
            forkedBy.put(w, z);
            return w;
        } catch (IOException e) {
            failed(slot, release);
            throw e;
        } catch (Exception e) {
            failed(slot, release);
            throw new IOException("could not fork a " + runtime.language() + " worker: " + e.getMessage(), e);
        }
    }

    /**
     * A fork that failed before it had a worker: its slot and uid go. (A worker that was made
     * gives its uid back when closed, so the uid is released only once either way.)
     */
    private void failed(Path slot, Runnable release) {
        Directories.deleteTree(slot);
        preparing.remove(slot);
        release.run();
    }

    /** The slot's two named pipes, owned by the uid the worker runs as. */
    private void createPipes(Path slot, int uid) throws IOException {
        Path[] pipes = {slot.resolve("job.pipe"), slot.resolve("results.pipe")};
        WorkerSetupHelper h = helper;
        String owner = Integer.toString(Math.max(uid, -1));
        if (h != null) {
            confinement.handOver(slot, uid);
            try {
                h.mkfifo(owner, owner, pipes);
                return;
            } catch (IOException e) {
                dropHelper(h);
                for (Path p : pipes) {
                    Files.deleteIfExists(p);
                }
            }
        }
        Pipes.create(pipes);
        confinement.handOver(slot, uid);
    }

    /**
     * The set-up helper, started with the uid of the first worker (each command names the
     * worker's uid); null where it cannot run.
     */
    private WorkerSetupHelper helperFor(long workerPid) {
        if (noHelper || closed) {
            return null;
        }
        try {
            String[] uidGid = WorkerLimits.uidAndGid(workerPid);
            synchronized (this) {
                if (helper == null && !closed) {
                    helper = WorkerSetupHelper.start(uidGid[0], uidGid[1]);
                }
            }
            return helper;
        } catch (IOException e) {
            noHelper = true;
            return null;
        }
    }

    /** A helper that failed is replaced at the next fork. */
    private synchronized void dropHelper(WorkerSetupHelper h) {
        if (helper == h) {
            helper = null;
        }
        h.close();
    }

    /** Restarts a dead zygote and tops up the pool. */
    private void maintain() {
        if (closed) {
            return;
        }
        try {
            if (!zygote.isAlive()) {
                restart();
            }
            topUp(false);
        } catch (RuntimeException e) {
            // housekeeping goes on at the next tick
        }
    }

    private void restart() {
        long now = System.currentTimeMillis();
        if (now < nextStartAt) {
            return;
        }
        zygote.close();
        for (ForkedWorker w : List.copyOf(ready)) {
            if (ready.remove(w)) {
                forkedBy.remove(w);
                lowered.remove(w);
                w.close();
            }
        }
        boolean young = now - startedAt < YOUNG_MILLIS;
        restartDelay = young ? Math.min(Math.max(1000, restartDelay * 2), MAX_RESTART_DELAY_MILLIS) : 0;
        nextStartAt = now + restartDelay;
        try {
            started(starter.start());
        } catch (IOException e) {
            startedAt = now; // counts as dying young: the next attempt waits longer
        }
    }

    @Override
    public void close() {
        closed = true;
        priorities.shutdownNow();
        housekeeping.shutdownNow();
        try {
            // a refill in flight must not create a slot after the pool is gone
            housekeeping.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ForkedWorker w;
        while ((w = ready.poll()) != null) {
            w.close();
        }
        zygote.close();
        synchronized (this) {
            if (helper != null) {
                helper.close();
                helper = null;
            }
        }
    }
}
