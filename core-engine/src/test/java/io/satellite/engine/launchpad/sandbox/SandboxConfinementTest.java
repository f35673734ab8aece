package io.satellite.engine.launchpad.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What a sandboxed script can reach: network, files, other directories, the engine. */
class SandboxConfinementTest {
    SandboxFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        fx = new SandboxFixture();
    }

    @AfterEach
    void tearDown() {
        fx.close();
    }

    static java.util.stream.Stream<Sandbox> sandboxes() {
        return SandboxFixture.sandboxes();
    }

    @ParameterizedTest
    @MethodSource("sandboxes")
    void networkConnectionFailsUnlessAllowed(Sandbox sandbox) throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String script = "con <- socketConnection('127.0.0.1', " + listener.getLocalPort()
                    + ", timeout = 2); cat('CONNECTED\\n')";
            SandboxSpec spec = fx.spec(ResourceLimits.defaults());

            ProbeRun.Result blocked = fx.run(sandbox, spec, 30, "Rscript", "--vanilla", "-e", script);
            assertFalse(blocked.output().contains("CONNECTED"), blocked.output());
            assertTrue(blocked.output().contains("cannot open the connection"), blocked.output());

            ProbeRun.Result allowed = fx.run(sandbox, spec.withOutboundNetwork(true), 30, "Rscript", "--vanilla", "-e", script);
            assertTrue(allowed.output().contains("CONNECTED"), "control: with network allowed: " + allowed.output());
        }
    }

    @ParameterizedTest
    @MethodSource("sandboxes")
    void writesOnlyInsideTheWritableDirectory(Sandbox sandbox) throws Exception {
        Path outside = fx.root.resolve("outside.txt");
        ProbeRun.Result r = fx.run(sandbox, fx.spec(ResourceLimits.defaults()), 30, "sh", "-c",
                "echo in > inside.txt && echo INSIDE_OK; echo x > /usr/evil.txt; echo x > /etc/evil.txt;"
                        + " echo x > /var/tmp/evil.txt; echo x > '" + outside + "'; echo x > /tmp/private.txt && echo TMP_WRITTEN;"
                        + " echo x > /evil.txt && echo ROOT_WRITTEN; echo x > /dev/shm/evil.txt && echo SHM_WRITTEN;"
                        + " echo t > \"$TMPDIR/t.txt\" && echo TMPDIR_OK");
        assertTrue(r.output().contains("INSIDE_OK"), r.output());
        assertEquals("in\n", Files.readString(fx.work.resolve("inside.txt")));
        // a forked job shares its zygote's /tmp with its siblings: the one writable place is the job's own
        for (String shared : List.of("TMP_WRITTEN", "ROOT_WRITTEN", "SHM_WRITTEN")) {
            assertFalse(r.output().contains(shared), shared + ": " + r.output());
        }
        assertTrue(r.output().contains("TMPDIR_OK"), r.output());
        assertEquals("t\n", Files.readString(fx.work.resolve("t.txt")), "TMPDIR is the writable directory");
        for (Path p : new Path[] {Path.of("/usr/evil.txt"), Path.of("/etc/evil.txt"), Path.of("/var/tmp/evil.txt"), outside,
                Path.of("/tmp/private.txt")}) {
            assertFalse(Files.exists(p), p + " was written on the host: " + r.output());
        }
    }

    /**
     * The unshare fallback shows the host's whole tree: every mount in it is read-only inside,
     * not only /, and keeps its own flags. Here a world-writable tmpfs (as /run/lock is), nosuid
     * and nodev, is mounted on the host for the test, at a path with a space in it (the kernel
     * lists that as \040).
     */
    @org.junit.jupiter.api.Test
    void theUnshareFallbackKeepsEveryMountOfTheHostReadOnly() throws Exception {
        java.util.Optional<String> unshare = Tools.find("unshare");
        org.junit.jupiter.api.Assumptions.assumeTrue(unshare.isPresent() && Tools.engineIsRoot(), "unshare as root");
        Path point = Files.createDirectory(Path.of("/var/tmp", "satellite mount-" + ProcessHandle.current().pid()));
        try {
            assertEquals(0, new ProcessBuilder("mount", "-t", "tmpfs", "-o", "mode=1777,size=1m,nosuid,nodev", "tmpfs",
                    point.toString()).inheritIO().start().waitFor(), "mount a tmpfs on the host");
            try {
                String listed = point.toString().replace(" ", "\\040");
                ProbeRun.Result r = fx.run(new UnshareSandbox(unshare.get()), fx.spec(ResourceLimits.defaults()), 30, "sh",
                        "-c", "echo x > '" + point + "/job.txt' && echo WRITTEN; grep -F ' " + listed + " ' /proc/self/mountinfo;"
                        + " echo DONE");
                assertTrue(r.output().contains("DONE"), r.output());
                assertFalse(r.output().contains("WRITTEN"), r.output());
                assertFalse(Files.exists(point.resolve("job.txt")), "the job wrote to the host's mount");
                assertTrue(r.output().contains(" " + listed + " ro,nosuid,nodev"), "its flags kept: " + r.output());
            } finally {
                new ProcessBuilder("umount", point.toString()).inheritIO().start().waitFor();
            }
        } finally {
            Files.deleteIfExists(point.resolve("job.txt"));
            Files.delete(point);
        }
    }

    /** A sandbox that holds one job (a cold worker) has a writable /dev/shm of its own, and nothing more. */
    @ParameterizedTest
    @MethodSource("sandboxes")
    void aSandboxForOneJobHasADevShmOfItsOwn(Sandbox sandbox) throws Exception {
        String name = "satellite-shm-" + ProcessHandle.current().pid() + ".txt";
        ProbeRun.Result r = fx.run(sandbox, fx.spec(ResourceLimits.defaults()).withOwnDevShm(), 30, "sh", "-c",
                "echo x > /dev/shm/" + name + " && echo SHM_WRITTEN; df -k /dev/shm | tail -1;"
                        + " echo x > /evil.txt && echo ROOT_WRITTEN; echo x > /dev/evil.txt && echo DEV_WRITTEN;"
                        + " echo x > /tmp/private.txt && echo TMP_WRITTEN; echo DONE");
        assertTrue(r.output().contains("DONE"), r.output());
        assertTrue(r.output().contains("SHM_WRITTEN"), r.output());
        assertTrue(r.output().contains(" " + SandboxSpec.DEV_SHM_BYTES / 1024 + " "), "a 256 MiB tmpfs: " + r.output());
        for (String shared : List.of("ROOT_WRITTEN", "DEV_WRITTEN", "TMP_WRITTEN")) {
            assertFalse(r.output().contains(shared), shared + ": " + r.output());
        }
        assertFalse(Files.exists(Path.of("/dev/shm", name)), "written to the host's /dev/shm");
    }

    @ParameterizedTest
    @MethodSource("sandboxes")
    void engineDataAndOtherJobsAreInvisible(Sandbox sandbox) throws Exception {
        Path secret = fx.engineData.resolve("secret.txt");
        Path other = fx.otherJob.resolve("result.txt");
        ProbeRun.Result r = fx.run(sandbox, fx.spec(ResourceLimits.defaults()), 30, "sh", "-c",
                "cat '" + secret + "'; cat '" + other + "'; ls -A '" + fx.engineData + "' '" + fx.jobs + "';"
                        + " grep -rs " + SandboxFixture.SECRET + " '" + fx.root + "'; echo DONE");
        assertTrue(r.output().contains("DONE"), r.output());
        assertFalse(r.output().contains(SandboxFixture.SECRET), r.output());
        assertTrue(r.output().contains("No such file or directory"), r.output());
        // control: the same files are readable outside the sandbox
        assertTrue(Files.readString(secret).contains(SandboxFixture.SECRET));
    }

    @ParameterizedTest
    @MethodSource("sandboxes")
    void runsALauncherFromAReadOnlyDirIntoAResultsPipeByAbsolutePath(Sandbox sandbox) throws Exception {
        Path launchers = Files.createDirectories(fx.root.resolve("launchers"));
        Files.writeString(launchers.resolve("worker.R"), "args <- commandArgs(TRUE)\n"
                + "con <- file(args[1], 'wb'); writeBin(42L, con); close(con)\n"
                + "tryCatch(writeLines('x', '" + launchers.resolve("evil.R") + "'),"
                + " error = function(e) cat('LAUNCHERS_READ_ONLY\\n'), warning = function(w) cat('LAUNCHERS_READ_ONLY\\n'))\n");
        Path pipe = fx.work.resolve("results.pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", "-m", "600", pipe.toString()).start().waitFor());
        SandboxSpec spec = fx.spec(ResourceLimits.defaults()).withReadOnly(launchers);
        sandbox.prepare(spec);
        Process p = fx.start(sandbox.wrap(List.of("Rscript", "--vanilla", launchers.resolve("worker.R").toString(),
                pipe.toString()), spec), fx.root.resolve("launcher.out"));
        byte[] result;
        try (InputStream in = Files.newInputStream(pipe)) {
            result = in.readAllBytes();
        }
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        String out = Files.readString(fx.root.resolve("launcher.out"));
        assertEquals(0, p.exitValue(), out);
        assertEquals(42, ByteBuffer.wrap(result).order(ByteOrder.LITTLE_ENDIAN).getInt(), out);
        assertTrue(out.contains("LAUNCHERS_READ_ONLY"), out);
        assertFalse(Files.exists(launchers.resolve("evil.R")));
    }

    @ParameterizedTest
    @MethodSource("sandboxes")
    void cannotSeeOrKillTheEngine(Sandbox sandbox) throws Exception {
        long engine = ProcessHandle.current().pid();
        ProbeRun.Result r = fx.run(sandbox, fx.spec(ResourceLimits.defaults()), 30, "sh", "-c",
                "ls /proc | grep -c '^[0-9]'; kill -9 " + engine + " && echo KILLED_ENGINE; kill -9 1; echo STILL_RUNNING");
        assertTrue(r.output().contains("STILL_RUNNING"), "SIGKILL to its own PID 1 does nothing: " + r.output());
        assertFalse(r.output().contains("KILLED_ENGINE"), r.output());
        assertTrue(r.output().contains("No such process"), "the engine's pid is not even visible: " + r.output());
        int visible = Integer.parseInt(r.output().trim().split("\n")[0].trim());
        assertTrue(visible < 10, "a PID namespace shows only the sandbox's processes, saw " + visible);
        assertTrue(ProcessHandle.current().isAlive());
        assertNotEquals(0, visible);
    }
}
