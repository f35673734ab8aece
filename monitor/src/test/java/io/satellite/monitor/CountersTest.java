package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CountersTest {
    @Test
    void ratesArePerSecondAndAResetCountsZero() {
        Counters before = new Counters(0, 1_000, 5_000);
        Counters after = new Counters(2_000_000_000L, 3_000, 4_000);
        assertEquals(1_000.0, after.ratePerSecondOfA(before), 1e-9);
        assertEquals(0.0, after.ratePerSecondOfB(before), 1e-9, "the counter went back");
        assertEquals(0.0, before.ratePerSecondOfA(before), 1e-9, "no time passed");
    }

    @Test
    void sizesReadAsADbaWritesThem() {
        assertEquals("512 bytes", Sizes.of(512));
        assertEquals("1.5 KiB", Sizes.of(1536));
        assertEquals("500.0 MiB", Sizes.of(500L * 1024 * 1024));
    }
}
