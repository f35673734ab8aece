package io.satellite.engine.launchpad;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A worker started cold: its own runtime process serving one job. The job goes in on its
 * stdin, results come back through a named pipe in its working directory, and whatever it
 * prints is collected as messages.
 */
final class ColdWorker implements Worker {
    private final String language;
    private final Process process;
    private final Path workDir;
    private final Path resultsPipe;
    private final OutputCollector stdout;
    private final OutputCollector stderr;
    private final Runnable afterClose;
    private volatile boolean closed;

    ColdWorker(String language, Process process, Path workDir, Path resultsPipe) {
        this(language, process, workDir, resultsPipe, () -> { });
    }

    /** {@code afterClose} runs once the process tree is killed (gives the worker's uid back). */
    ColdWorker(String language, Process process, Path workDir, Path resultsPipe, Runnable afterClose) {
        this.afterClose = afterClose;
        this.language = language;
        this.process = process;
        this.workDir = workDir;
        this.resultsPipe = resultsPipe;
        this.stdout = new OutputCollector(process.getInputStream(), "worker-" + process.pid() + "-stdout");
        this.stderr = new OutputCollector(process.getErrorStream(), "worker-" + process.pid() + "-stderr");
        // If the worker dies before it opens the results pipe, open and close the pipe's
        // write side ourselves so that the engine's reader sees end-of-file instead of hanging.
        process.onExit().thenRun(() -> Pipes.release(resultsPipe));
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
        return workDir;
    }

    /** Where the job is written (the worker's stdin). */
    @Override
    public OutputStream jobInput() {
        return process.getOutputStream();
    }

    /** Where results are read; blocks until the worker opens the pipe or exits. */
    @Override
    public InputStream resultOutput() throws IOException {
        return Files.newInputStream(resultsPipe, java.nio.file.LinkOption.NOFOLLOW_LINKS);  // the job may have put a symlink there
    }

    /** Waits (bounded) until all the script's print output has been collected. */
    @Override
    public void awaitScriptMessages() {
        try {
            stdout.awaitScriptOutput(2000);
            stderr.awaitScriptOutput(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** What the script printed to stdout and stderr, in that order. */
    @Override
    public String messages() {
        return stdout.text() + stderr.text();
    }

    @Override
    public String errorOutput() {
        return stderr.text();
    }

    @Override
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to exit by itself; returns its exit code, or -1 if it did not. */
    @Override
    public int awaitExit(long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Kills the process tree (if still running) and removes the working directory. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            stdout.awaitEnd(1000);
            stderr.awaitEnd(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Directories.deleteTree(workDir);
        } finally {
            afterClose.run();
        }
    }
}
