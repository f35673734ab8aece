package io.satellite.monitor;

import java.time.Clock;
import java.util.Objects;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;

/**
 * Samples whole-host CPU and memory. CPU is the share of time busy between this sample's tick
 * counters and the previous sample's (the first sample measures from construction).
 *
 * <p>Methods are synchronized: meant for one sampler thread, safe if a second one calls in.
 */
public final class HostSampler {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final Clock clock;
    private long[] priorTicks;

    /** Shares the hardware of one {@link SystemInfo}; create only one per JVM. */
    public HostSampler(SystemInfo systemInfo) {
        this(systemInfo, Clock.systemUTC());
    }

    HostSampler(SystemInfo systemInfo, Clock clock) {
        this.processor = systemInfo.getHardware().getProcessor();
        this.memory = systemInfo.getHardware().getMemory();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.priorTicks = processor.getSystemCpuLoadTicks();
    }

    public synchronized HostSample sample() {
        double busy = processor.getSystemCpuLoadBetweenTicks(priorTicks);
        priorTicks = processor.getSystemCpuLoadTicks();
        double percent = Double.isNaN(busy) ? 0 : Math.min(100.0, Math.max(0, busy * 100.0));
        return new HostSample(clock.instant(), percent, processor.getLogicalProcessorCount(),
                memory.getTotal(), memory.getAvailable());
    }
}
