package io.satellite.engine.launchpad;

import java.io.IOException;
import java.nio.file.Path;

/** Named pipes between the engine and its workers. */
final class Pipes {
    private Pipes() {
    }

    /** Creates named pipes (mode 0600) with one {@code mkfifo} call. */
    static void create(Path... pipes) throws IOException {
        String[] cmd = new String[pipes.length + 3];
        cmd[0] = "mkfifo";
        cmd[1] = "-m";
        cmd[2] = "600";
        for (int i = 0; i < pipes.length; i++) {
            cmd[i + 3] = pipes[i].toString();
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("mkfifo failed: " + new String(p.getInputStream().readAllBytes()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while creating named pipes");
        }
    }

    /**
     * Unblocks whoever waits on the pipe because its peer died: opening it read-write never
     * blocks on Linux, and closing it leaves the waiting side with end-of-file (a reader) or
     * a broken pipe (a writer).
     */
    static void release(Path pipe) {
        // READ + WRITE without CREATE: a pipe already removed must not come back as a file
        // never through a symlink a job may have put there: it would open a host file read-write
        try (var unblock = java.nio.channels.FileChannel.open(pipe, java.nio.file.StandardOpenOption.READ,
                java.nio.file.StandardOpenOption.WRITE, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            // nothing to do: opening and closing is the point
        } catch (IOException e) {
            // already removed: nobody is waiting on it
        }
    }
}
