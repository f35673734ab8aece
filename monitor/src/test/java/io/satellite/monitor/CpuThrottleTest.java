package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
