package io.satellite.engine.launchpad;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A worker forked from a warm {@link Zygote}: a fresh child process waiting in its own slot
 * directory for exactly one job, which arrives through {@code job.pipe}; results leave
 * through {@code results.pipe}; what it prints is in {@code output.txt}.
 */
final class ForkedWorker implements Worker {
    static final int OUTPUT_LIMIT = 256 * 1024;
    private static final java.util.concurrent.Executor CLEANUP = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "worker-cleanup");
        t.setDaemon(true);
        return t;
    });
    private final String language;
    private final ProcessHandle process;
    private final Path slot;
    private boolean closed;
    private boolean exited;

    private final Runnable reapOrphans;

    ForkedWorker(String language, ProcessHandle process, Path slot, Runnable reapOrphans) {
        this.reapOrphans = reapOrphans;
        this.language = language;
        this.process = process;
        this.slot = slot;
        process.onExit().thenRun(this::exited);
    }

    @Override
    public String language() {
        return language;
    }

    @Override
    public long pid() {
        return process.pid();
    }

    @Override
    public Path workingDirectory() {
        return slot;
    }

    @Override
    public OutputStream jobInput() throws IOException {
        return Files.newOutputStream(slot.resolve("job.pipe"));
    }

    @Override
    public InputStream resultOutput() throws IOException {
        return Files.newInputStream(slot.resolve("results.pipe"));
    }

    @Override
    public void awaitScriptMessages() {
        // the child closes output.txt before it writes its result
    }

    @Override
    public String messages() {
        Path out = slot.resolve("output.txt");
        try {
            if (!Files.exists(out)) {
                return "";
            }
            long size = Files.size(out);
            try (InputStream in = Files.newInputStream(out)) {
                String text = new String(in.readNBytes(OUTPUT_LIMIT), StandardCharsets.UTF_8);
                return size > OUTPUT_LIMIT ? text + "\n... (" + (size - OUTPUT_LIMIT) + " more bytes not kept)\n" : text;
            }
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public String errorOutput() {
        return messages();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public int awaitExit(long millis) {
        try {
            process.onExit().get(millis, TimeUnit.MILLISECONDS);
            return -2; // exited; its status belongs to the zygote that forked it
        } catch (TimeoutException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (java.util.concurrent.ExecutionException e) {
            return -1;
        }
    }

    /**
     * The child is gone: whoever waits on one of its pipes gets end-of-file or a broken pipe
     * instead of waiting forever; the directory goes once the job is also closed (pipes are
     * released before the directory is removed, or a waiting reader would never wake).
     */
    private synchronized void exited() {
        Pipes.release(slot.resolve("job.pipe"));
        Pipes.release(slot.resolve("results.pipe"));
        exited = true;
        if (closed) {
            Directories.deleteQuietly(slot);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (exited) {
                CLEANUP.execute(() -> {
                    reapOrphans.run();
                    Directories.deleteQuietly(slot);
                });
                return;
            }
        }
        // Finding descendants reads /proc and the exit of a process that is not our child is
        // only seen by polling: both happen off the job's thread, so the caller never waits.
        // The tree is listed before the worker dies: its orphans would not be its descendants.
        CLEANUP.execute(() -> {
            java.util.List<Long> tree = ProcessTrees.descendants(process.pid());
            process.destroyForcibly();
            for (long pid : tree) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            reapOrphans.run();
        });
    }
}
