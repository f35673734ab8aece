package io.satellite.engine.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.TestEngines;
import io.satellite.engine.requests.RequestJournal;
import io.satellite.engine.server.NetworkServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mixed jobs (R and Python, small and large, some failing in the script, some cancelled by
 * the caller's query timeout) over the network server from several client threads, in ten
 * rounds. After the first two rounds (the warm-up) and after each later one, the engine's
 * heap (after a full GC), threads and file descriptors are measured; at the end: no process,
 * thread, descriptor, job directory or journal entry is left over, the heap is flat, and the
 * history and the execution statistics count exactly what the clients saw.
 *
 * <p>The normal suite runs 150 jobs. The full soak, 2,000 jobs:
 * {@code mvn -B -o -pl core-engine -am test -Dtest=SoakTest -Dsoak.jobs=2000 -Dsurefire.failIfNoSpecifiedTests=false}
 */
class SoakTest {
    private static final int JOBS = Integer.getInteger("soak.jobs", 150);
    private static final int CLIENTS = Integer.getInteger("soak.clients", 6);
    private static final int ROUNDS = 10;
    private static final int WARM_UP_ROUNDS = 2;
    /** Heap growth allowed from the end of the warm-up to the end (after full GCs). */
    private static final long HEAP_SLACK = 16L << 20;

    @TempDir
    Path dir;

    @Test
    void mixedJobsOverTheNetworkLoseNothingAndLeakNothing() throws Exception {
        System.out.println("[soak] " + JOBS + " jobs from " + CLIENTS + " client threads");
        List<SoakJob> jobs = plan(new Random(JOBS));
        Path data = dir.resolve("data");
        try (Engine engine = TestEngines.startEnabled(data);
             NetworkServer server = NetworkServer.start(engine, "127.0.0.1", freePort(),
                     new PrintWriter(new StringWriter()))) {
            createNumbers(engine);
            long firstId = lastRequestId(engine) + 1;
            Map<String, Map<SoakJob.Outcome, AtomicLong>> seen = new ConcurrentHashMap<>();
            List<Connection> connections = new ArrayList<>();
            ThreadLocal<Connection> connection = ThreadLocal.withInitial(() -> {
                try {
                    Connection c = DriverManager.getConnection(server.clientUrl(), "admin", TestEngines.ADMIN_PASSWORD);
                    synchronized (connections) {
                        connections.add(c);
                    }
                    return c;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            List<Figures> figures = new ArrayList<>();
            long t0 = System.nanoTime();
            try {
                int perRound = (jobs.size() + ROUNDS - 1) / ROUNDS;
                for (int round = 0; round < ROUNDS; round++) {
                    List<Future<?>> done = new ArrayList<>();
                    for (SoakJob job : jobs.subList(Math.min(jobs.size(), round * perRound),
                            Math.min(jobs.size(), (round + 1) * perRound))) {
                        done.add(clients.submit(() -> {
                            SoakJob.Outcome o = job.run(connection.get());
                            seen.computeIfAbsent(job.language(), l -> new EnumMap<>(SoakJob.Outcome.class));
                            synchronized (seen) {
                                seen.get(job.language()).computeIfAbsent(o, x -> new AtomicLong()).incrementAndGet();
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : done) {
                        f.get(10, TimeUnit.MINUTES); // a wrong answer or an unexpected error fails the soak here
                    }
                    if (round >= WARM_UP_ROUNDS - 1) {
                        figures.add(Figures.measure(engine, round + 1));
                        System.out.println("[soak] " + figures.get(figures.size() - 1));
                    }
                }
            } finally {
                clients.shutdownNow();
                synchronized (connections) {
                    for (Connection c : connections) {
                        c.close();
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            engine.flushHistory();
            System.out.printf("[soak] %d jobs in %.0f s (%.1f jobs/s); clients saw %s%n", jobs.size(), seconds,
                    jobs.size() / seconds, seen);

            // history and statistics agree with the clients
            Map<String, Map<String, Long>> history = historyCounts(engine, firstId);
            long total = 0;
            for (String language : List.of("R", "Python")) {
                for (SoakJob.Outcome o : SoakJob.Outcome.values()) {
                    long clientSaw = seen.getOrDefault(language, Map.of()).getOrDefault(o, new AtomicLong()).get();
                    total += clientSaw;
                    assertEquals(clientSaw, history.getOrDefault(language, Map.of()).getOrDefault(o.name(), 0L),
                            language + " " + o + " in the history");
                }
            }
            assertEquals(jobs.size(), total, "every job ended in one of the expected ways");
            assertEquals(expectedCounts(jobs), seen.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                    Map.Entry::getKey, e -> e.getValue().entrySet().stream().collect(java.util.stream.Collectors.toMap(
                            x -> x.getKey().name(), x -> x.getValue().get())))), "each job ended as planned");
            assertStatisticsMatch(engine, history);

            // nothing left over
            assertTrue(TestEngines.strayProcesses(engine).isEmpty(), "processes left: "
                    + TestEngines.strayProcesses(engine));
            assertEquals(0, TestEngines.leftoverJobDirectories(engine), "job directories left");
            try (Stream<Path> s = Files.list(RequestJournal.directory(data))) {
                assertEquals(List.of(), s.toList(), "journal entries left");
            }
            Figures warm = figures.get(0);
            Figures end = figures.get(figures.size() - 1);
            // pools (Derby's DRDA threads, the JDK's common pool) breathe by a few threads; a leak per job or per
            // round would add dozens over the run
            assertTrue(end.threads() <= warm.threads() + 8, "threads grew: " + warm + " -> " + end);
            assertTrue(end.descriptors() <= warm.descriptors() + 4, "file descriptors grew: " + warm + " -> " + end);
            assertTrue(end.heap() <= warm.heap() + HEAP_SLACK, "heap grew: " + warm + " -> " + end);
            System.out.printf("[soak] after warm-up -> end: heap %+.1f MiB (%.0f bytes per job), threads %+d,"
                            + " descriptors %+d%n", (end.heap() - warm.heap()) / 1048576.0,
                    (double) (end.heap() - warm.heap()) / (jobs.size() * (ROUNDS - WARM_UP_ROUNDS) / ROUNDS),
                    end.threads() - warm.threads(), end.descriptors() - warm.descriptors());
        }
    }

    /** The jobs, shuffled: 35% R small, 20% Python small, 10% R large, 5% Python large, 15% failing, 15% cancelled. */
    static List<SoakJob> plan(Random random) {
        List<SoakJob> jobs = new ArrayList<>();
        for (int k = 1; k <= JOBS; k++) {
            int p = random.nextInt(100);
            String language = p < 35 || (p >= 55 && p < 65) || (p >= 70 && p < 78) || (p >= 85 && p < 93) ? "R"
                    : "Python";
            SoakJob.Kind kind = p < 55 ? SoakJob.Kind.SMALL : p < 70 ? SoakJob.Kind.LARGE
                    : p < 85 ? SoakJob.Kind.FAILING : SoakJob.Kind.CANCELLED;
            jobs.add(new SoakJob(k, language, kind));
        }
        return jobs;
    }

    private static Map<String, Map<String, Long>> expectedCounts(List<SoakJob> jobs) {
        Map<String, Map<String, Long>> out = new java.util.HashMap<>();
        for (SoakJob j : jobs) {
            String outcome = switch (j.kind()) {
                case SMALL, LARGE -> "SUCCEEDED";
                case FAILING -> "FAILED";
                case CANCELLED -> "CANCELLED";
            };
            out.computeIfAbsent(j.language(), l -> new java.util.HashMap<>()).merge(outcome, 1L, Long::sum);
        }
        return out;
    }

    /** Heap after a full GC, live threads and open descriptors of this JVM (the engine's). */
    record Figures(int round, long heap, int threads, long descriptors) {
        static Figures measure(Engine engine, int round) throws Exception {
            MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
            Thread.sleep(500); // finished jobs' clean-up runs off their threads
            for (int i = 0; i < 3; i++) {
                System.gc();
                Thread.sleep(100);
            }
            long fds;
            try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
                fds = s.count();
            }
            return new Figures(round, memory.getHeapMemoryUsage().getUsed(),
                    ManagementFactory.getThreadMXBean().getThreadCount(), fds);
        }

        @Override
        public String toString() {
            return String.format("after round %d: heap %.1f MiB, %d threads, %d file descriptors", round,
                    heap / 1048576.0, threads, descriptors);
        }
    }

    private static Map<String, Map<String, Long>> historyCounts(Engine engine, long firstId) throws SQLException {
        Map<String, Map<String, Long>> out = new java.util.HashMap<>();
        try (Connection c = engine.connectAsAdmin(); PreparedStatement ps = c.prepareStatement(
                "SELECT LANGUAGE, STATUS, COUNT(*) FROM SQLML.EXTERNAL_SCRIPT_HISTORY WHERE REQUEST_ID >= ?"
                        + " GROUP BY LANGUAGE, STATUS")) {
            ps.setLong(1, firstId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), l -> new java.util.HashMap<>()).put(rs.getString(2),
                            rs.getLong(3));
                }
            }
        }
        return out;
    }

    private static void assertStatisticsMatch(Engine engine, Map<String, Map<String, Long>> history)
            throws SQLException {
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT LANGUAGE, EXECUTIONS, SUCCEEDED, FAILED, CANCELLED"
                     + " FROM SQLML.DM_EXTERNAL_SCRIPT_EXECUTION_STATS")) {
            while (rs.next()) {
                Map<String, Long> h = history.getOrDefault(rs.getString(1), Map.of());
                assertEquals(h.getOrDefault("SUCCEEDED", 0L), rs.getLong(3), rs.getString(1) + " succeeded");
                assertEquals(h.getOrDefault("FAILED", 0L), rs.getLong(4), rs.getString(1) + " failed");
                assertEquals(h.getOrDefault("CANCELLED", 0L), rs.getLong(5), rs.getString(1) + " cancelled");
                assertEquals(h.values().stream().mapToLong(Long::longValue).sum(), rs.getLong(2),
                        rs.getString(1) + " executions");
            }
        }
    }

    private static void createNumbers(Engine engine) throws SQLException {
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE SOAK_NUMBERS (N INT NOT NULL PRIMARY KEY)");
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO SOAK_NUMBERS VALUES (?)")) {
                for (int n = 1; n <= SoakJob.LARGE_ROWS; n++) {
                    ps.setInt(1, n);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            c.commit();
        }
    }

    private static long lastRequestId(Engine engine) throws SQLException {
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(REQUEST_ID), 0) FROM SQLML.EXTERNAL_SCRIPT_HISTORY")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
