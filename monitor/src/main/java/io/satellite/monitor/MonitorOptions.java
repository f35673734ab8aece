package io.satellite.monitor;

import java.time.Duration;
import java.util.Objects;

/**
 * How the {@link ResourceMonitor} samples and governs.
 *
 * @param interval           time between samples (default 1 s)
 * @param seriesCapacity     samples kept per job (default 3600: an hour at 1 s)
 * @param memoryGraceSamples consecutive samples a pool may be over MAX_MEMORY_PERCENT before
 *                           its largest job is killed (default 2)
 * @param cpuGraceSamples    consecutive samples a pool may be over MAX_CPU_PERCENT before an
 *                           alert (default 5; CPU is never a reason to kill)
 * @param poolRefresh        how often the pools' limits are re-read (default 5 s)
 */
public record MonitorOptions(Duration interval, int seriesCapacity, int memoryGraceSamples, int cpuGraceSamples,
                             Duration poolRefresh) {
    public MonitorOptions {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(poolRefresh, "poolRefresh");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the sampling interval must be positive: " + interval);
        }
        if (seriesCapacity < 1 || memoryGraceSamples < 1 || cpuGraceSamples < 1) {
            throw new IllegalArgumentException("series capacity and grace samples must be at least 1");
        }
    }

    public static MonitorOptions defaults() {
        return new MonitorOptions(Duration.ofSeconds(1), 3600, 2, 5, Duration.ofSeconds(5));
    }

    public MonitorOptions withInterval(Duration interval) {
        return new MonitorOptions(interval, seriesCapacity, memoryGraceSamples, cpuGraceSamples, poolRefresh);
    }

    public MonitorOptions withGrace(int memorySamples, int cpuSamples) {
        return new MonitorOptions(interval, seriesCapacity, memorySamples, cpuSamples, poolRefresh);
    }
}
