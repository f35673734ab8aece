package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class ProcTextTest {
    /** A real stat line of R, with a name holding a space and a parenthesis. */
    private static final String STAT = "4242 (R worker) x) S 4200 4200 4200 0 -1 4194560 5306 1200 0 0 "
            + "250 37 1840 95 20 0 2 0 1300143 312000000 12000 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 0 17 1"
            + " 0 0 0 0 0";

    @Test
    void reapedChildrenTimeIsCutimePlusCstime() {
        assertEquals((1840 + 95) * 10, ProcText.reapedChildrenCpuMillis(STAT));
    }

    @Test
    void theStatFieldsTheMonitorTakes() {
        byte[] b = STAT.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        ProcText.Stat s = ProcText.stat(b, b.length);
        assertEquals(4200, s.parentPid());
        assertEquals(false, s.zombie());
        assertEquals((250 + 37 + 1840 + 95) * 10, s.cpuMillis());
        assertEquals(2, s.threads());
        assertEquals(1300143, s.startTicks());
        assertEquals(312000000, s.virtualBytes());
        assertEquals(12000, s.residentPages());
        byte[] z = "7 (sh) Z 1 7 7 0 -1 0 0 0 0 0 3 4 0 0 20 0 1 0 99 0 0".getBytes();
        assertEquals(true, ProcText.stat(z, z.length).zombie());
        assertThrows(IllegalArgumentException.class, () -> ProcText.stat("7 (sh) S 1 2".getBytes(), 12));
        assertThrows(IllegalArgumentException.class, () -> ProcText.stat("garbage".getBytes(), 7));
    }

    @Test
    void ioFieldsAndBootTime() {
        byte[] io = ("rchar: 2048\nwchar: 10\nsyscr: 5\nsyscw: 1\nread_bytes: 4096\nwrite_bytes: 8192\n"
                + "cancelled_write_bytes: 0\n").getBytes();
        assertEquals(4096, ProcText.field(io, io.length, "read_bytes:"));
        assertEquals(8192, ProcText.field(io, io.length, "write_bytes:"));
        assertEquals(-1, ProcText.field(io, io.length, "missing:"));
        assertEquals(1700000000L, ProcText.bootSeconds("cpu  1 2 3\nbtime 1700000000\nprocesses 5\n"));
    }

    @Test
    void diskBytesSumTheNamedDisksInSectorsOf512() {
        String stats = "   7       0 loop0 5 0 80 0 0 0 0 0 0 0 0 0 0 0 0 0 0\n"
                + " 253       0 vda 100 3 2000 50 40 7 1000 20 0 60 70 0 0 0 0 0 0\n"
                + " 253       1 vda1 90 3 1900 50 40 7 1000 20 0 60 70 0 0 0 0 0 0\n";
        long[] b = ProcText.diskBytes(stats, java.util.Set.of("vda"));
        assertEquals(2000 * 512, b[0]);
        assertEquals(1000 * 512, b[1]);
    }

    @Test
    void aStatLineWithoutFieldsIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ProcText.reapedChildrenCpuMillis("4242 (R) S 1 2"));
        assertThrows(IllegalArgumentException.class, () -> ProcText.reapedChildrenCpuMillis("garbage"));
    }

    @Test
    void childrenFilesListPidsOrNothing() {
        assertEquals(List.of(12, 345), ProcText.children("12 345 "));
        assertEquals(List.of(), ProcText.children(""));
        assertEquals(List.of(7), ProcText.children("7\n"));
    }

    @Test
    void pssComesFromSmapsRollupInBytes() {
        String rollup = "55eef2a5b000-7fff5ee45000 ---p 00000000 00:00 0   [rollup]\n"
                + "Rss:                4348 kB\nPss:                1167 kB\nPss_Dirty:           701 kB\n";
        assertEquals(1167 * 1024, ProcText.proportionalSetBytes(rollup));
        assertEquals(-1, ProcText.proportionalSetBytes("Rss: 1 kB\n"));
    }
}
