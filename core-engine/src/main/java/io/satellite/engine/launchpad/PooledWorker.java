package io.satellite.engine.launchpad;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * A warm worker as its job sees it: the {@link ForkedWorker}, whose failure also names the
 * zygote that forked it if that died (and took the worker with it).
 */
final class PooledWorker implements Worker {
    private final ForkedWorker worker;
    private final Zygote forkedBy;
    private final Runnable jobDone;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** {@code jobDone} runs once, after the worker is closed (its pool counts the jobs running). */
    PooledWorker(ForkedWorker worker, Zygote forkedBy, Runnable jobDone) {
        this.worker = worker;
        this.forkedBy = forkedBy;
        this.jobDone = jobDone;
    }

    @Override
    public String errorOutput() {
        String printed = worker.errorOutput();
        if (forkedBy.isAlive()) {
            return printed;
        }
        return printed + (printed.isBlank() ? "" : "\n") + "The " + language() + " zygote that forked this worker"
                + " exited, and its workers with it (a job may have killed it, or it reached a limit)";
    }

    @Override
    public String language() {
        return worker.language();
    }

    @Override
    public long pid() {
        return worker.pid();
    }

    @Override
    public Path workingDirectory() {
        return worker.workingDirectory();
    }

    @Override
    public OutputStream jobInput() throws IOException {
        return worker.jobInput();
    }

    @Override
    public InputStream resultOutput() throws IOException {
        return worker.resultOutput();
    }

    @Override
    public void awaitScriptMessages() {
        worker.awaitScriptMessages();
    }

    @Override
    public String messages() {
        return worker.messages();
    }

    @Override
    public boolean isAlive() {
        return worker.isAlive();
    }

    @Override
    public int awaitExit(long millis) {
        return worker.awaitExit(millis);
    }

    @Override
    public void close() {
        try {
            worker.close();
        } finally {
            if (closed.compareAndSet(false, true)) {
                jobDone.run();
            }
        }
    }
}
