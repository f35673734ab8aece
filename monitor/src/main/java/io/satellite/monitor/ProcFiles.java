package io.satellite.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads single processes straight from Linux {@code /proc}: {@code stat} (state, parent, CPU
 * with waited-for children, threads, memory), {@code io} (storage bytes) and {@code fd} (open
 * files), through a reused per-thread buffer. About ten times cheaper per process than building
 * an OSHI {@code OSProcess}, which reads and parses more than the monitor needs; the figures
 * are the same ones OSHI reports ({@link OshiProcesses} is the fallback where there is no
 * {@code /proc}). A process that vanishes halfway through is simply absent. Thread-safe.
 */
final class ProcFiles implements ProcessSource {
    private static final Path PROC = Path.of("/proc");
    private static final ThreadLocal<byte[]> BUFFER = ThreadLocal.withInitial(() -> new byte[8192]);
    private final long bootMillis;
    private final long pageSize;
    private final OshiProcesses children;

    private ProcFiles(long bootMillis, long pageSize, OshiProcesses children) {
        this.bootMillis = bootMillis;
        this.pageSize = pageSize;
        this.children = children;
    }

    /** The reader of this host's {@code /proc}, or empty where there is none (not Linux). */
    static Optional<ProcFiles> ofThisHost(oshi.software.os.OperatingSystem os) {
        try {
            String stat = Files.readString(PROC.resolve("stat"));
            long boot = ProcText.bootSeconds(stat) * 1000;
            return Optional.of(new ProcFiles(boot, PageSize.bytes(), new OshiProcesses(os)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public Optional<ProcessReading> read(int pid) {
        byte[] buf = BUFFER.get();
        String base = "/proc/" + pid + "/";
        int n = readInto(base + "stat", buf);
        if (n <= 0) {
            return Optional.empty();
        }
        ProcText.Stat s;
        try {
            s = ProcText.stat(buf, n);
        } catch (RuntimeException e) {
            return Optional.empty();
        }
        long read = 0;
        long written = 0;
        int io = readInto(base + "io", buf);
        if (io > 0) {
            read = ProcText.field(buf, io, "read_bytes:");
            written = ProcText.field(buf, io, "write_bytes:");
        }
        long openFiles = s.zombie() ? -1 : countOpenFiles(base + "fd");
        long started = bootMillis + s.startTicks() * 1000 / ProcText.CLOCK_TICKS_PER_SECOND;
        return Optional.of(new ProcessReading(pid, s.parentPid(), s.startTicks(), s.zombie(),
                Math.max(0, System.currentTimeMillis() - started), s.cpuMillis(), s.residentPages() * pageSize,
                s.virtualBytes(), Math.max(0, read), Math.max(0, written), s.threads(), openFiles));
    }

    private static int readInto(String file, byte[] buf) {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
            int total = 0;
            int r;
            while (total < buf.length && (r = in.read(buf, total, buf.length - total)) > 0) {
                total += r;
            }
            return total;
        } catch (IOException e) {
            return -1;
        }
    }

    private static long countOpenFiles(String fdDir) {
        long count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of(fdDir))) {
            for (Path ignored : fds) {
                count++;
            }
            return count;
        } catch (IOException | SecurityException e) {
            return -1; // not ours to read
        }
    }

    @Override
    public List<Integer> children(ProcessReading process) {
        if (process.threads() != 1) {
            return children.children(process.pid()); // any of its threads may have forked
        }
        byte[] buf = BUFFER.get();
        int n = readInto("/proc/" + process.pid() + "/task/" + process.pid() + "/children", buf);
        return n <= 0 ? List.of() : ProcText.children(new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII));
    }

    /** Children listed by every thread of the process. */
    List<Integer> children(int pid) {
        return children.children(pid);
    }

    @Override
    public long proportionalSetBytes(int pid) {
        return children.proportionalSetBytes(pid);
    }

    /** The memory page size, for {@code stat}'s resident pages. */
    static final class PageSize {
        private PageSize() {
        }

        static long bytes() {
            try {
                java.lang.reflect.Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
                f.setAccessible(true);
                Object unsafe = f.get(null);
                return ((Number) unsafe.getClass().getMethod("pageSize").invoke(unsafe)).longValue();
            } catch (ReflectiveOperationException | RuntimeException e) {
                return 4096;
            }
        }
    }
}
