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
    /** What the child prints goes here, in its slot. */
    static final String OUTPUT = "output.txt";
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
    /** output.txt, opened by the engine before the fork: what the job does to the path cannot redirect it. */
    private final java.nio.channels.FileChannel printed;

    ForkedWorker(String language, ProcessHandle process, Path slot, Runnable reapOrphans) throws IOException {
        this.reapOrphans = reapOrphans;
        this.language = language;
        this.process = process;
        this.slot = slot;
        this.printed = java.nio.channels.FileChannel.open(slot.resolve(OUTPUT), java.nio.file.StandardOpenOption.READ,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
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

    /**
     * The slot is the job's own, so its script may have put a symlink where a pipe was: the
     * engine (root, perhaps) never follows one (a symlink to a host file would hand it to the job).
     */
    @Override
    public OutputStream jobInput() throws IOException {
        return Files.newOutputStream(slot.resolve("job.pipe"), java.nio.file.StandardOpenOption.WRITE,
                java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public InputStream resultOutput() throws IOException {
        return Files.newInputStream(slot.resolve("results.pipe"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    @Override
    public void awaitScriptMessages() {
        // the child flushes what it printed to output.txt before it writes its result
    }

    /** What the job printed: read through the file the engine opened before the fork, never through the path. */
    @Override
    public String messages() {
        try {
            long size = printed.size();
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate((int) Math.min(size, OUTPUT_LIMIT));
            while (buffer.hasRemaining() && printed.read(buffer, buffer.position()) > 0) {
                // positional reads: the channel's own position stays put
            }
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8);
            return size > OUTPUT_LIMIT ? text + "\n... (" + (size - OUTPUT_LIMIT) + " more bytes not kept)\n" : text;
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
            try {
                printed.close();
            } catch (IOException e) {
                // nothing was written through it
            }
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
