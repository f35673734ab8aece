package io.satellite.engine.recovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * What the engine does at every start, before it serves anyone, so that a crash (the
 * process killed, the host reset) leaves nothing behind. Derby has already replayed its log:
 * every committed row is there and no uncommitted one is. Then, in this order:
 * <ol>
 *   <li>processes the previous engine left running are killed ({@link OrphanProcesses});</li>
 *   <li>job directories under {@code <data>/jobs} are removed (no worker runs yet);</li>
 *   <li>requests that were in hand are recorded in the history ({@link InterruptedRequests});</li>
 *   <li>other modules' {@link RecoveryStep}s run (e.g. a package install to roll back).</li>
 * </ol>
 * A clean stop leaves nothing for any of them.
 */
public final class BootRecovery {
    private BootRecovery() {
    }

    /** Runs recovery on the data directory; the database must be open on {@code owner}. */
    public static RecoveryReport run(Path dataDirectory, Connection owner) throws IOException, SQLException {
        List<OrphanProcesses.Orphan> orphans = new OrphanProcesses(dataDirectory).killAll();
        int jobDirectories = removeJobDirectories(dataDirectory.resolve("jobs"));
        List<io.satellite.engine.requests.JournalEntry> requests =
                InterruptedRequests.recover(dataDirectory, owner, Instant.now());
        List<String> steps = new ArrayList<>();
        for (RecoveryStep step : ServiceLoader.load(RecoveryStep.class)) {
            try {
                step.recover(dataDirectory, owner).forEach(line -> steps.add(step.name() + ": " + line));
            } catch (Exception e) {
                throw new IOException("start-up recovery of " + step.name() + " failed: " + e.getMessage(), e);
            }
        }
        RecoveryReport report = new RecoveryReport(requests, orphans, jobDirectories, steps);
        if (!report.clean()) {
            System.err.println("satellite: the engine did not stop cleanly last time; recovered:");
            report.lines().forEach(l -> System.err.println("satellite:   " + l));
        }
        return report;
    }

    private static int removeJobDirectories(Path jobs) throws IOException {
        if (!Files.isDirectory(jobs)) {
            return 0;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(jobs)) {
            dirs = s.toList();
        }
        for (Path dir : dirs) {
            try (Stream<Path> tree = Files.walk(dir)) {
                for (Path p : tree.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return dirs.size();
    }
}
