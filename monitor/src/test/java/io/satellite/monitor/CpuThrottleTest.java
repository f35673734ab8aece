package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How much of each interval a pool over its CPU cap is paused. */
class CpuThrottleTest {
    @Test
    void thePauseBringsTheDemandDownToTheCap() {
        assertEquals(0.5, CpuThrottle.pauseFor(100, 0, 50), 1e-9);
        assertEquals(0.5, CpuThrottle.pauseFor(50, 0.5, 50), 1e-9, "stable once at the cap");
        assertEquals(0.75, CpuThrottle.pauseFor(50, 0.5, 25), 1e-9, "the demand is 100% while paused half");
        assertEquals(0, CpuThrottle.pauseFor(40, 0, 50), 1e-9, "under the cap: no pause");
        assertEquals(0, CpuThrottle.pauseFor(100, 0, 100), 1e-9, "no cap");
        assertEquals(CpuThrottle.MAX_PAUSE, CpuThrottle.pauseFor(100, 0, 1), 1e-9, "never stopped entirely");
    }

    private static char state(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }

    @Test
    void aPausedProcessIsResumedAndNothingStaysStoppedAfterClose() throws Exception {
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            CpuThrottle throttle = new CpuThrottle(Duration.ofSeconds(10)); // resumes only after 9 s
            assertEquals(CpuThrottle.MAX_PAUSE, throttle.adjust("ep", 1, 100, List.of(sleeper.toHandle())), 1e-9);
            char paused = 0;
            for (int i = 0; i < 50 && paused != 'T'; i++) {
                paused = state(sleeper.pid());
                Thread.sleep(20);
            }
            assertEquals('T', paused, "stopped while throttled");
            throttle.close();
            assertTrue(state(sleeper.pid()) != 'T', "resumed when the monitor closed");
            assertEquals(0, throttle.adjust("ep", 1, 100, List.of(sleeper.toHandle())), 1e-9, "no pause after close");
        } finally {
            sleeper.destroyForcibly();
        }
    }
}
