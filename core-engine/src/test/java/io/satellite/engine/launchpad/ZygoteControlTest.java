package io.satellite.engine.launchpad;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Python zygote, driven directly: the engine may send FORK lines faster than it forks, and
 * a child must not inherit the ones its zygote has read ahead (the names and uids of the slots
 * of the jobs after it).
 */
class ZygoteControlTest {
    static final int UID = 65534;
    @TempDir
    Path dir;

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aPythonChildInheritsNoForkLineReadAhead() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "a child takes a uid of its own only under root");
        Path worker = Path.of(ZygoteControlTest.class.getResource("worker.py").toURI());
        assumeTrue(Files.exists(worker.resolveSibling(ExternalRuntime.BECOME_LIBRARY)), "built without gcc");
        String python = System.getenv().getOrDefault("SATELLITE_PYTHON", "/usr/bin/python3");
        assumeTrue(new ProcessBuilder(python, "-c", "import pandas").start().waitFor() == 0, python + " has no pandas");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        Path first = slot("job-a");
        Path second = slot("job-b");
        Process zygote = new ProcessBuilder(python, "-u", worker.toString(), "zygote").directory(dir.toFile())
                .start();
        try {
            OutputStream control = zygote.getOutputStream();
            // both lines in one write: the zygote reads the first while the second is already there
            control.write(("FORK " + first + " " + UID + "\nFORK " + second + " " + UID + "\n").getBytes(StandardCharsets.UTF_8));
            control.flush();
            awaitBothForks(zygote);
            // read-write: opening a FIFO so never waits for its reader (the child may be gone); kept open
            // until the job has run, or what is in the FIFO would go with the last open end
            Path read = first.resolve("stdin.txt");
            try (java.io.RandomAccessFile job = new java.io.RandomAccessFile(first.resolve("job.pipe").toFile(), "rw")) {
                job.write(frame("import sys\nwith open('stdin.txt', 'w') as f:\n"
                        + "    f.write(repr(sys.__stdin__.read()) + repr(sys.stdin.read()))\n"));
                for (int i = 0; i < 300 && !(Files.exists(read) && Files.size(read) > 0); i++) {
                    Thread.sleep(50);
                }
            }
            assertEquals("''''", Files.readString(read), "what the first job read from its standard input");
        } finally {
            ProcessTrees.killTree(zygote.pid());
            zygote.destroyForcibly().waitFor();
        }
    }

    /** Until both children have forked; fails if the zygote died. */
    private static void awaitBothForks(Process zygote) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (!zygote.isAlive()) {
                throw new AssertionError("the zygote exited: " + new String(zygote.getErrorStream().readAllBytes()));
            }
            if (ProcessTrees.descendants(zygote.pid()).size() >= 2) {  // both forked
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the zygote forked no child");
    }

    private Path slot(String name) throws Exception {
        Path slot = Files.createDirectory(dir.resolve(name));
        Files.createDirectory(slot.resolve("tmp"));
        Files.createFile(slot.resolve(ForkedWorker.OUTPUT));
        Pipes.create(slot.resolve("job.pipe"), slot.resolve("results.pipe"));
        try (var files = Files.walk(slot)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.setAttribute(p, "unix:uid", UID);
                Files.setAttribute(p, "unix:gid", UID);
            }
        }
        return slot;
    }

    /** A job frame (PROTOCOL.md): the script, no parameter, no input column. */
    private static byte[] frame(String script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("SATJ".getBytes(StandardCharsets.US_ASCII));
        for (Object part : List.of(1, script, "InputDataSet", "OutputDataSet", 0, 0, 0)) {
            byte[] bytes = part instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : new byte[0];
            int value = part instanceof Integer n ? n : bytes.length;
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
