package io.satellite.engine.launchpad;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * One runtime process serving exactly one job, then discarded. Closing a worker kills its
 * whole process tree and removes its working directory.
 */
public interface Worker extends AutoCloseable {
    String language();

    /** The worker's process id on this host (for the monitor and for KILL). */
    long pid();

    Path workingDirectory();

    /** Where the job is written. */
    OutputStream jobInput() throws IOException;

    /** Where results are read; blocks until the worker opens the pipe or exits. */
    InputStream resultOutput() throws IOException;

    /** Waits (bounded) until everything the script printed has been collected. */
    void awaitScriptMessages();

    /** What the script printed. */
    String messages();

    /** What the runtime wrote about its own failure, if anything. */
    String errorOutput();

    boolean isAlive();

    /** Waits for the process to exit by itself: its exit code, -1 if still running, -2 if it exited with a status not known here. */
    int awaitExit(long millis);

    @Override
    void close();
}
