package io.satellite.monitor;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HWDiskStore;
import oshi.hardware.NetworkIF;

/**
 * Samples the whole host: CPU (busy share between this sample's tick counters and the previous
 * one's; the first sample measures from construction), memory, load, swap, and disk and network
 * rates. The disks and interfaces are those present at construction.
 *
 * <p>Methods are synchronized: meant for one sampler thread, safe if a second one calls in.
 */
public final class HostSampler {

    private final CentralProcessor processor;
    private final GlobalMemory memory;
    private final List<HWDiskStore> disks;
    private final List<NetworkIF> interfaces;
    private final Clock clock;
    private static final java.nio.file.Path DISKSTATS = java.nio.file.Path.of("/proc/diskstats");
    /** Linux: the disks of /sys/block backed by a device (no loop, ram or device-mapper), read cheaply from /proc. */
    private final java.util.Set<String> physicalDisks = physicalDisks();
    private long[] priorTicks;
    private Counters priorDisk;
    private Counters priorNetwork;

    /** Shares the hardware of one {@link SystemInfo}; create only one per JVM. */
    public HostSampler(SystemInfo systemInfo) {
        this(systemInfo, Clock.systemUTC());
    }

    HostSampler(SystemInfo systemInfo, Clock clock) {
        this.processor = systemInfo.getHardware().getProcessor();
        this.memory = systemInfo.getHardware().getMemory();
        this.disks = physicalDisks != null ? List.of() : systemInfo.getHardware().getDiskStores();
        this.interfaces = systemInfo.getHardware().getNetworkIFs();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.priorTicks = processor.getSystemCpuLoadTicks();
        this.priorDisk = diskCounters();
        this.priorNetwork = networkCounters();
    }

    private static java.util.Set<String> physicalDisks() {
        try (var blocks = java.nio.file.Files.list(java.nio.file.Path.of("/sys/block"))) {
            java.util.Set<String> names = new java.util.HashSet<>();
            blocks.filter(b -> java.nio.file.Files.exists(b.resolve("device")))
                    .forEach(b -> names.add(b.getFileName().toString()));
            return java.nio.file.Files.isReadable(DISKSTATS) ? java.util.Set.copyOf(names) : null;
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    public synchronized HostSample sample() {
        double busy = processor.getSystemCpuLoadBetweenTicks(priorTicks);
        priorTicks = processor.getSystemCpuLoadTicks();
        double percent = Double.isNaN(busy) ? 0 : Math.min(100.0, Math.max(0, busy * 100.0));
        double load = processor.getSystemLoadAverage(1)[0];
        Counters disk = diskCounters();
        Counters network = networkCounters();
        HostSample sample = new HostSample(clock.instant(), percent, processor.getLogicalProcessorCount(),
                memory.getTotal(), memory.getAvailable(), load < 0 ? -1 : load,
                memory.getVirtualMemory().getSwapTotal(), memory.getVirtualMemory().getSwapUsed(),
                disk.ratePerSecondOfA(priorDisk), disk.ratePerSecondOfB(priorDisk),
                network.ratePerSecondOfA(priorNetwork), network.ratePerSecondOfB(priorNetwork));
        priorDisk = disk;
        priorNetwork = network;
        return sample;
    }

    private Counters diskCounters() {
        if (physicalDisks != null) {
            try {
                long[] bytes = ProcText.diskBytes(java.nio.file.Files.readString(DISKSTATS), physicalDisks);
                return new Counters(System.nanoTime(), bytes[0], bytes[1]);
            } catch (java.io.IOException | RuntimeException e) {
                // fall back to OSHI below
            }
        }
        long read = 0;
        long written = 0;
        for (HWDiskStore d : disks) {
            d.updateAttributes();
            read += d.getReadBytes();
            written += d.getWriteBytes();
        }
        return new Counters(System.nanoTime(), read, written);
    }

    private Counters networkCounters() {
        long received = 0;
        long sent = 0;
        for (NetworkIF n : interfaces) {
            n.updateAttributes();
            received += n.getBytesRecv();
            sent += n.getBytesSent();
        }
        return new Counters(System.nanoTime(), received, sent);
    }
}
