package io.satellite.engine.launchpad.sandbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short command to its end (or kills its tree at a deadline) and keeps its output. */
final class ProbeRun {
    /** Exit code (-1 when killed at the deadline), stdout and stderr together, wall time. */
    record Result(int exitCode, String output, boolean timedOut, long millis) {
        boolean succeeded() {
            return exitCode == 0 && !timedOut;
        }
    }

    private ProbeRun() {
    }

    static Result run(List<String> command, Path workDir, long timeoutSeconds) {
        Path out = null;
        Process p = null;
        long start = System.nanoTime();
        try {
            out = Files.createTempFile("satellite-probe", ".out");
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(out.toFile());
            if (workDir != null) {
                pb.directory(workDir.toFile());
            }
            p = pb.start();
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!done) {
                ProcessTree.kill(p.toHandle());
                p.waitFor(5, TimeUnit.SECONDS);
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            String text = Files.readString(out, StandardCharsets.UTF_8);
            return new Result(done ? p.exitValue() : -1, text, !done, millis);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command.get(0), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        } finally {
            if (p != null && p.isAlive()) {
                ProcessTree.kill(p.toHandle());
            }
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
