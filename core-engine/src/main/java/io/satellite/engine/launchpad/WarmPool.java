package io.satellite.engine.launchpad;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * Prelaunched workers of one language, ready for a job each (SQL Server's
 * PROCESS_POOL_SQLSATELLITE_GROWTH, default 5). A taken worker is replaced in the
 * background; when none is ready, a child is forked on the spot.
 */
final class WarmPool implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final ExternalRuntime runtime;
    private final Zygote zygote;
    private final Path slotsRoot;
    private final int size;
    private final LinkedBlockingDeque<ForkedWorker> ready = new LinkedBlockingDeque<>();
    /** Slot directories of workers being forked right now (not ready yet, not a job's). */
    private final java.util.Set<Path> preparing = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final ExecutorService refill;
    private volatile boolean closed;

    private final Confinement confinement;

    WarmPool(ExternalRuntime runtime, Zygote zygote, Path slotsRoot, int size, Confinement confinement) {
        this.confinement = confinement;
        this.runtime = runtime;
        this.zygote = zygote;
        this.slotsRoot = slotsRoot;
        this.size = size;
        this.refill = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "warm-pool-" + runtime.language());
            t.setDaemon(true);
            return t;
        });
        for (int i = 0; i < size; i++) {
            refill.execute(this::addOne);
        }
    }

    boolean healthy() {
        return zygote.isAlive();
    }

    int readyCount() {
        return ready.size();
    }

    /** Adds the zygote and the ready workers (pids, slot directories) to the given sets. */
    void addStandby(java.util.Set<Long> pids, java.util.Set<Path> dirs) {
        zygote.ownPids().forEach(pids::add);
        for (ForkedWorker w : ready) {
            pids.add(w.pid());
            dirs.add(w.workingDirectory());
        }
        dirs.addAll(preparing);
    }

    /** A fresh worker: a ready one if there is one, else one forked now. */
    ForkedWorker take() throws IOException {
        ForkedWorker w;
        while ((w = ready.poll()) != null) {
            refill.execute(this::addOne);
            if (w.isAlive()) {
                return w;
            }
            w.close();
        }
        ForkedWorker now = forkOne();
        preparing.remove(now.workingDirectory());
        return now;
    }

    private void addOne() {
        if (closed || ready.size() >= size || !zygote.isAlive()) {
            return;
        }
        try {
            ForkedWorker w = forkOne();
            ready.add(w);
            preparing.remove(w.workingDirectory());
        } catch (IOException e) {
            // the zygote is failing; take() reports it to the job that needs a worker
        }
    }

    private ForkedWorker forkOne() throws IOException {
        byte[] name = new byte[12];
        RANDOM.nextBytes(name);
        Path slot = slotsRoot.resolve("job-" + HexFormat.of().formatHex(name));
        preparing.add(slot);
        Files.createDirectory(slot);
        try {
            Pipes.create(slot.resolve("job.pipe"), slot.resolve("results.pipe"));
            confinement.handOver(slot);
            long pid = zygote.fork(slot).get(30, TimeUnit.SECONDS);
            ProcessHandle child = ProcessHandle.of(pid)
                    .orElseThrow(() -> new IOException("forked worker " + pid + " exited at once"));
            return new ForkedWorker(runtime.language(), child, slot, zygote::killOrphans);
        } catch (IOException e) {
            Directories.deleteTree(slot);
            preparing.remove(slot);
            throw e;
        } catch (Exception e) {
            Directories.deleteTree(slot);
            preparing.remove(slot);
            throw new IOException("could not fork a " + runtime.language() + " worker: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        refill.shutdownNow();
        ForkedWorker w;
        while ((w = ready.poll()) != null) {
            w.close();
        }
        zygote.close();
    }
}
