package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleSeriesTest {
    private static ResourceSample at(long second) {
        return new ResourceSample(1, Instant.ofEpochSecond(second), 0, 0, 0, 0, 0, 0, 1, 1, -1);
    }

    private static List<Long> seconds(SampleSeries s) {
        return s.samples().stream().map(r -> r.timestamp().getEpochSecond()).toList();
    }

    @Test
    void keepsTheNewestUpToItsCapacityOldestFirst() {
        SampleSeries s = new SampleSeries(3);
        assertEquals(List.of(), seconds(s));
        s.add(at(1));
        s.add(at(2));
        assertEquals(List.of(1L, 2L), seconds(s));
        s.add(at(3));
        s.add(at(4));
        s.add(at(5));
        assertEquals(List.of(3L, 4L, 5L), seconds(s));
        assertEquals(3, s.size());
        assertEquals(3, s.capacity());
    }

    @Test
    void aSeriesHoldsAtLeastOneSample() {
        assertThrows(IllegalArgumentException.class, () -> new SampleSeries(0));
    }
}
