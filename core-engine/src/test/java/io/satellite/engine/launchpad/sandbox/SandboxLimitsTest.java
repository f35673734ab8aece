package io.satellite.engine.launchpad.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Memory bomb, infinite loop and huge file under the rlimits, with real R processes. */
class SandboxLimitsTest {
    /** Holds ever more 80 MB vectors, reporting each. */
    static final String GROW = "l <- list(); for (i in 1:%d) { l[[i]] <- numeric(1e7); message('held ', i * 80, ' MB') };"
            + " cat('GREW_ALL\\n')";

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
    void memoryBombFailsWithRsAllocationError(Sandbox sandbox) throws Exception {
        ResourceLimits limits = ResourceLimits.defaults().withAddressSpace(512 * ResourceLimits.MIB);
        ProbeRun.Result huge = fx.run(sandbox, fx.spec(limits), 60, "Rscript", "--vanilla", "-e", "x <- numeric(1e10)");
        assertNotEquals(0, huge.exitCode());
        assertTrue(huge.output().contains("cannot allocate vector of size 74.5 Gb"), huge.output());

        ProbeRun.Result bomb = fx.run(sandbox, fx.spec(limits), 60, "Rscript", "--vanilla", "-e", String.format(GROW, 100));
        assertNotEquals(0, bomb.exitCode());
        assertTrue(bomb.output().contains("cannot allocate vector of size 76.3 Mb"), bomb.output());
        int held = lastHeld(bomb.output());
        System.out.printf("[%s] memory bomb under a 512 MiB address space: failed after holding %d MB%n", sandbox.name(), held);
        assertTrue(held >= 160 && held <= 512, "held " + held + " MB");

        // control: the same growth to 640 MB succeeds when the limit is 2 GiB
        ProbeRun.Result control = fx.run(sandbox, fx.spec(limits.withAddressSpace(2 * ResourceLimits.GIB)), 60,
                "Rscript", "--vanilla", "-e", String.format(GROW, 8));
        assertTrue(control.output().contains("GREW_ALL"), control.output());
    }

    @ParameterizedTest
    @MethodSource("sandboxes")
    void infiniteLoopDiesOfTheCpuLimit(Sandbox sandbox) throws Exception {
        ProbeRun.Result r = fx.run(sandbox, fx.spec(ResourceLimits.defaults().withCpuSeconds(2)), 30,
                "Rscript", "--vanilla", "-e", "repeat {}");
        System.out.printf("[%s] infinite loop under a 2 s CPU limit: exit %d after %d ms%n", sandbox.name(), r.exitCode(), r.millis());
        assertFalse(r.timedOut(), "still looping after 30 s");
        // 128 + SIGXCPU (24) from the soft limit, or 128 + SIGKILL (9) from the hard one
        assertTrue(r.exitCode() == 152 || r.exitCode() == 137, "exit " + r.exitCode() + ": " + r.output());
        // it ran its 2 CPU seconds (wall time is at least that); how much longer depends on the host's load
        assertTrue(r.millis() >= 1800, r.millis() + " ms");
    }

    @ParameterizedTest
    @MethodSource("sandboxes")
    void writingPastTheFileSizeLimitFails(Sandbox sandbox) throws Exception {
        ResourceLimits limits = ResourceLimits.defaults().withMaxFileSize(ResourceLimits.MIB);
        ProbeRun.Result small = fx.run(sandbox, fx.spec(limits), 30, "Rscript", "--vanilla", "-e",
                "writeBin(raw(500000), 'small.bin'); cat('SMALL_OK\\n')");
        assertTrue(small.output().contains("SMALL_OK"), small.output());
        assertEquals(500000, Files.size(fx.work.resolve("small.bin")));

        ProbeRun.Result big = fx.run(sandbox, fx.spec(limits), 30, "Rscript", "--vanilla", "-e",
                "writeBin(raw(5e6), 'big.bin'); cat('BIG_OK\\n')");
        System.out.printf("[%s] 5 MB write under a 1 MiB file-size limit: exit %d%n", sandbox.name(), big.exitCode());
        assertFalse(big.output().contains("BIG_OK"), big.output());
        assertEquals(153, big.exitCode(), "128 + SIGXFSZ (25): " + big.output());
        Path file = fx.work.resolve("big.bin");
        assertTrue(Files.size(file) <= ResourceLimits.MIB, Files.size(file) + " bytes");
    }

    static int lastHeld(String output) {
        Matcher m = Pattern.compile("held (\\d+) MB").matcher(output);
        int last = 0;
        while (m.find()) {
            last = Integer.parseInt(m.group(1));
        }
        return last;
    }
}
