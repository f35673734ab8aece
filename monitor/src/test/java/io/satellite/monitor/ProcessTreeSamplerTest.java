package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import oshi.SystemInfo;

class ProcessTreeSamplerTest {

    /** One busy loop should show close to 100 %; this leaves room for a loaded 2-core machine. */
    private static final double CLEARLY_BUSY_PERCENT = 20.0;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static SystemInfo systemInfo;
    private final ChildProcesses children = new ChildProcesses();

    @BeforeAll
    static void shareOneSystemInfo() {
        systemInfo = new SystemInfo();
    }

    @AfterEach
    void killChildren() {
        children.close();
    }

    @Test
    void busyProcessShowsCpuMemoryAndATreeOfOne() throws Exception {
        Process burner = children.shell(ChildProcesses.BURN);
        ProcessTreeSampler sampler = new ProcessTreeSampler(systemInfo);

        Instant before = Instant.now();
        ResourceSample first = sampler.sample(burner.pid()).orElseThrow();
        Thread.sleep(500);
        ResourceSample second = sampler.sample(burner.pid()).orElseThrow();

        assertEquals(burner.pid(), second.pid());
        assertFalse(first.timestamp().isBefore(before));
        assertTrue(second.timestamp().isAfter(first.timestamp()));
        assertTrue(second.cpuPercent() > CLEARLY_BUSY_PERCENT, "cpu% " + second.cpuPercent());
        assertTrue(second.cpuPercent() < 100.0 * 1.5, "one busy loop cannot use 1.5 cores: " + second.cpuPercent());
        assertTrue(second.residentBytes() > 0);
        assertTrue(second.virtualBytes() >= second.residentBytes());
        assertTrue(second.readBytes() >= 0 && second.writtenBytes() >= 0);
        assertEquals(1, second.processCount());
        assertEquals(Set.of((int) burner.pid()), sampler.rememberedPids(burner.pid()));
    }

    @Test
    void countsAndSumsTheWholeTree() throws Exception {
        Process parent = children.shell(ChildProcesses.BURN_WITH_CHILD);
        ChildProcesses.awaitTrue("the shell's sleep child", WAIT, () -> parent.descendants().findAny().isPresent());
        long childPid = parent.descendants().findFirst().orElseThrow().pid();
        ProcessTreeSampler sampler = new ProcessTreeSampler(systemInfo.getOperatingSystem());

        ResourceSample alone = sampler.sample(childPid).orElseThrow();
        sampler.sample(parent.pid()).orElseThrow();
        Thread.sleep(500);
        ResourceSample tree = sampler.sample(parent.pid()).orElseThrow();

        assertEquals(1, alone.processCount(), "the sleep child has no children of its own");
        assertEquals(2, tree.processCount(), "shell + sleep");
        assertEquals(Set.of((int) parent.pid(), (int) childPid), sampler.rememberedPids(parent.pid()));
        assertTrue(tree.cpuPercent() > CLEARLY_BUSY_PERCENT, "cpu% " + tree.cpuPercent());
        assertTrue(tree.residentBytes() > alone.residentBytes(), "tree RSS includes the shell's");
    }

    @Test
    void forgetsADescendantThatHasGone() throws Exception {
        Process parent = children.shell(ChildProcesses.BURN_WITH_CHILD);
        ChildProcesses.awaitTrue("the shell's sleep child", WAIT, () -> parent.descendants().findAny().isPresent());
        ProcessHandle child = parent.descendants().findFirst().orElseThrow();
        ProcessTreeSampler sampler = new ProcessTreeSampler(systemInfo);
        assertEquals(2, sampler.sample(parent.pid()).orElseThrow().processCount());

        child.destroyForcibly();
        // The busy shell may leave the child a zombie for a while; a zombie is not counted.
        ChildProcesses.awaitTrue("the tree to shrink to the shell", WAIT,
                () -> sampler.sample(parent.pid()).orElseThrow().processCount() == 1);

        assertEquals(Set.of((int) parent.pid()), sampler.rememberedPids(parent.pid()));
    }

    @Test
    void aDestroyedRootSamplesEmptyAndIsForgotten() throws Exception {
        Process burner = children.shell(ChildProcesses.BURN);
        ProcessTreeSampler sampler = new ProcessTreeSampler(systemInfo);
        assertTrue(sampler.sample(burner.pid()).isPresent());
        assertEquals(Set.of(burner.pid()), sampler.rememberedRoots());

        ChildProcesses.killTree(burner.toHandle());
        assertTrue(burner.waitFor(10, TimeUnit.SECONDS), "burner did not die");

        assertEquals(Optional.empty(), sampler.sample(burner.pid()));
        assertEquals(Set.of(), sampler.rememberedRoots());
    }

    @Test
    void rejectsWhatCannotBeAPid() {
        ProcessTreeSampler sampler = new ProcessTreeSampler(systemInfo);
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(0));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(-5));
        assertThrows(IllegalArgumentException.class, () -> sampler.sample(1L + Integer.MAX_VALUE));
    }
}
