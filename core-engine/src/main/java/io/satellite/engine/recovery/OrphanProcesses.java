package io.satellite.engine.recovery;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Processes a previous engine on the same data directory left behind: runtimes, zygotes and
 * sandboxes whose command line names the data directory's launchers or jobs directories, or
 * whose working directory is a job directory. Under bubblewrap the kernel ends them when the
 * engine dies ({@code --die-with-parent} and the PID namespace); with the {@code unshare}
 * fallback, or without a sandbox, a worker's own children can outlive it. Only one engine can
 * hold a database, so once the engine has opened it, every such process is an orphan.
 *
 * <p>This reads every process's command line once, at start-up only.
 */
public final class OrphanProcesses {
    /** A process found, and what it was. */
    public record Orphan(long pid, String commandLine) {
    }

    private final List<String> markers;
    private final Path jobs;

    public OrphanProcesses(Path dataDirectory) {
        Path data = dataDirectory.toAbsolutePath().normalize();
        this.jobs = data.resolve("jobs");
        this.markers = List.of(jobs + "/", data.resolve("launchers") + "/", jobs.toString() + "\0");
    }

    /** The orphans alive now (never this process nor its ancestors). */
    public List<Orphan> find() {
        List<Orphan> found = new ArrayList<>();
        List<Long> exempt = new ArrayList<>();
        for (ProcessHandle p = ProcessHandle.current(); p != null; p = p.parent().orElse(null)) {
            exempt.add(p.pid());
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                String name = proc.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit) || exempt.contains(Long.parseLong(name))) {
                    continue;
                }
                String cmdline = commandLine(proc);
                if (cmdline != null && (mentionsData(cmdline + "\0") || inJobDirectory(proc))) {
                    found.add(new Orphan(Long.parseLong(name), cmdline.replace('\0', ' ').strip()));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // no /proc: nothing can be found this way
        }
        return found;
    }

    /**
     * Kills every orphan (SIGKILL) and waits up to 5 s for them to go; looks again, up to 5
     * times, for those forked meanwhile. Returns those it killed.
     */
    public List<Orphan> killAll() {
        List<Orphan> killed = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            List<Orphan> orphans = find();
            if (orphans.isEmpty()) {
                break;
            }
            for (Orphan o : orphans) {
                ProcessHandle.of(o.pid()).ifPresent(ProcessHandle::destroyForcibly);
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            for (Orphan o : orphans) {
                ProcessHandle.of(o.pid()).ifPresent(p -> {
                    while (p.isAlive() && System.nanoTime() < deadline) {
                        sleep();
                    }
                });
            }
            killed.addAll(orphans);
        }
        return killed;
    }

    private boolean mentionsData(String cmdline) {
        return markers.stream().anyMatch(cmdline::contains);
    }

    private boolean inJobDirectory(Path proc) {
        try {
            return Files.readSymbolicLink(proc.resolve("cwd")).startsWith(jobs);
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return false; // gone, or not ours to read
        }
    }

    private static String commandLine(Path proc) {
        try {
            String s = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8);
            return s.isEmpty() ? null : s; // kernel threads and zombies have none
        } catch (IOException e) {
            return null;
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
