package io.satellite.engine.launchpad.sandbox;

import java.util.ArrayList;
import java.util.List;

/**
 * The rlimits every sandboxed runtime gets, applied inside the sandbox with util-linux
 * {@code prlimit}. Zero means unlimited. What each one does on Linux:
 * <ul>
 * <li>address space ({@code RLIMIT_AS}): caps virtual memory, so R reports "cannot allocate
 *     vector" instead of the host running out of memory. It is what stands in for a memory
 *     cgroup where there is none; it counts reserved, not resident, memory.
 * <li>CPU seconds ({@code RLIMIT_CPU}): per process. The soft limit sends SIGXCPU, the hard
 *     limit one second later SIGKILL (so a process that ignores SIGXCPU, such as a PID
 *     namespace's init, still dies).
 * <li>processes ({@code RLIMIT_NPROC}): counted per real uid across the whole host, threads
 *     included, and ignored by the kernel for root; see {@link PrivilegeDrop}.
 * <li>file size ({@code RLIMIT_FSIZE}): a write past it fails (SIGXFSZ / EFBIG).
 * </ul>
 */
public record ResourceLimits(long addressSpaceBytes, long cpuSeconds, int maxProcesses, long maxFileSizeBytes) {
    public static final long MIB = 1024L * 1024;
    public static final long GIB = 1024 * MIB;

    public ResourceLimits {
        if (addressSpaceBytes < 0 || cpuSeconds < 0 || maxProcesses < 0 || maxFileSizeBytes < 0) {
            throw new IllegalArgumentException("resource limits cannot be negative (0 = unlimited)");
        }
    }

    /** 4 GiB of address space, an hour of CPU, 64 processes per sandbox uid, 1 GiB files. */
    public static ResourceLimits defaults() {
        return new ResourceLimits(4 * GIB, 3600, 64, GIB);
    }

    public static ResourceLimits unlimited() {
        return new ResourceLimits(0, 0, 0, 0);
    }

    public ResourceLimits withAddressSpace(long bytes) {
        return new ResourceLimits(bytes, cpuSeconds, maxProcesses, maxFileSizeBytes);
    }

    public ResourceLimits withCpuSeconds(long seconds) {
        return new ResourceLimits(addressSpaceBytes, seconds, maxProcesses, maxFileSizeBytes);
    }

    public ResourceLimits withMaxProcesses(int processes) {
        return new ResourceLimits(addressSpaceBytes, cpuSeconds, processes, maxFileSizeBytes);
    }

    public ResourceLimits withMaxFileSize(long bytes) {
        return new ResourceLimits(addressSpaceBytes, cpuSeconds, maxProcesses, bytes);
    }

    public boolean isUnlimited() {
        return addressSpaceBytes == 0 && cpuSeconds == 0 && maxProcesses == 0 && maxFileSizeBytes == 0;
    }

    /** {@code prlimit} options for the limits that are set, e.g. {@code --as=4294967296}. */
    List<String> prlimitOptions() {
        List<String> out = new ArrayList<>();
        if (addressSpaceBytes > 0) {
            out.add("--as=" + addressSpaceBytes);
        }
        if (cpuSeconds > 0) {
            out.add("--cpu=" + cpuSeconds + ":" + (cpuSeconds + 1));
        }
        if (maxProcesses > 0) {
            out.add("--nproc=" + maxProcesses);
        }
        if (maxFileSizeBytes > 0) {
            out.add("--fsize=" + maxFileSizeBytes);
        }
        return out;
    }

    static String bytes(long n) {
        if (n == 0) {
            return "unlimited";
        }
        return n % GIB == 0 ? n / GIB + " GiB" : n % MIB == 0 ? n / MIB + " MiB" : n + " bytes";
    }

    @Override
    public String toString() {
        return "address space " + bytes(addressSpaceBytes)
                + ", CPU " + (cpuSeconds == 0 ? "unlimited" : cpuSeconds + " s")
                + ", processes " + (maxProcesses == 0 ? "unlimited" : maxProcesses)
                + ", file size " + bytes(maxFileSizeBytes);
    }
}
