package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import oshi.SystemInfo;
import oshi.software.os.OperatingSystem;

/** The direct /proc reader reports what OSHI reports for the same process. */
class ProcFilesTest {
    private final ChildProcesses children = new ChildProcesses();

    @AfterEach
    void killChildren() {
        children.close();
    }

    @Test
    void agreesWithOshi() throws Exception {
        OperatingSystem os = new SystemInfo().getOperatingSystem();
        ProcFiles proc = ProcFiles.ofThisHost(os).orElse(null);
        assumeTrue(proc != null, "no /proc here");
        OshiProcesses oshi = new OshiProcesses(os);
        Process p = children.shell("sleep 60 & sleep 60; wait");
        Thread.sleep(300);
        int pid = (int) p.pid();
        ProcessReading a = proc.read(pid).orElseThrow();
        ProcessReading b = oshi.read(pid).orElseThrow();
        assertEquals(b.parentPid(), a.parentPid());
        assertEquals(b.zombie(), a.zombie());
        assertEquals(b.threads(), a.threads());
        assertEquals(b.virtualBytes(), a.virtualBytes());
        assertEquals(b.residentBytes(), a.residentBytes());
        assertEquals(b.readBytes(), a.readBytes());
        assertEquals(b.writtenBytes(), a.writtenBytes());
        assertEquals(b.openFiles(), a.openFiles());
        assertTrue(Math.abs(a.cpuMillis() - b.cpuMillis()) <= 20, a.cpuMillis() + " vs " + b.cpuMillis());
        assertTrue(Math.abs(a.upTimeMillis() - b.upTimeMillis()) <= 1500, a.upTimeMillis() + " vs " + b.upTimeMillis());
        assertEquals(oshi.children(pid), proc.children(pid));
        assertEquals(2, proc.children(pid).size());
    }
}
