package io.satellite.app.console.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThroughputTest {
    private static final Instant NOW = Instant.parse("2026-01-01T10:05:30Z");

    private static Throughput.Ending at(String time, boolean ok) {
        return new Throughput.Ending(Instant.parse("2026-01-01T" + time + "Z"), ok);
    }

    @Test
    void countsJobsPerMinuteOldestFirstAndSkipsOlderOnes() {
        List<Throughput.Minute> m = Throughput.perMinute(List.of(at("10:05:10", true), at("10:05:29", false),
                at("10:03:00", true), at("10:03:59", true), at("10:01:59", false), at("10:06:00", true)), NOW, 4);
        assertEquals(List.of(
                new Throughput.Minute(Instant.parse("2026-01-01T10:02:00Z"), 0, 0),
                new Throughput.Minute(Instant.parse("2026-01-01T10:03:00Z"), 2, 0),
                new Throughput.Minute(Instant.parse("2026-01-01T10:04:00Z"), 0, 0),
                new Throughput.Minute(Instant.parse("2026-01-01T10:05:00Z"), 2, 1)), m);
        assertEquals(25.0, Throughput.errorRate(m));
    }

    @Test
    void noJobsNoErrors() {
        assertEquals(0.0, Throughput.errorRate(Throughput.perMinute(List.of(), NOW, 30)));
        assertEquals(30, Throughput.perMinute(List.of(), NOW, 30).size());
    }
}
