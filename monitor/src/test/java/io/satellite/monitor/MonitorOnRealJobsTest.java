package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.requests.ExternalRequest;
import io.satellite.engine.requests.RequestListener;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real R jobs at once (one busy, one allocating 500 MB, one forking short children):
 * each job's CPU, memory and processes are its own, children that come and go between samples
 * are counted, and the totals and peaks reach the history and the usage DMV.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MonitorOnRealJobsTest {
    private static final long ALLOCATED = 500_000_000L;
    private static final String BUSY = "t <- proc.time()[[3]]; while (proc.time()[[3]] - t < 3) {}; ";
    private static final String ALLOCATING = "x <- runif(" + ALLOCATED / 8 + "); Sys.sleep(2); ";
    private static final String FORKING = "for (i in 1:8) system(\"i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done\");"
            + " system(\"sleep 1.5\"); ";

    @TempDir
    static Path dir;
    private Engine engine;
    private ResourceMonitor monitor;
    private final Map<Long, JobSummary> ended = new ConcurrentHashMap<>();
    private final Map<String, Long> idOfScript = new ConcurrentHashMap<>();

    @BeforeAll
    void start() throws Exception {
        engine = MonitoredEngine.start(dir.resolve("data"));
        monitor = ResourceMonitor.start(engine, MonitorOptions.defaults().withInterval(Duration.ofMillis(200)));
        monitor.addListener(new MonitorListener() {
            @Override
            public void jobEnded(JobSummary summary) {
                ended.put(summary.requestId(), summary);
            }
        });
        engine.requests().addListener(new RequestListener() {
            @Override
            public void queued(ExternalRequest r) {
                idOfScript.put(r.script(), r.id());
            }
        });
    }

    @AfterAll
    void stop() {
        monitor.close();
        engine.close();
    }

    private CompletableFuture<List<double[]>> runAsync(String script) {
        return CompletableFuture.supplyAsync(() -> {
            try (Connection c = engine.connectAsAdmin()) {
                return MonitoredEngine.runR(c, script);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
    }

    @Test
    void eachJobIsCreditedWithItsOwnCpuMemoryAndChildren() throws Exception {
        CompletableFuture<List<double[]>> busy = runAsync(BUSY + MonitoredEngine.OWN_CPU);
        CompletableFuture<List<double[]>> allocating = runAsync(ALLOCATING + MonitoredEngine.OWN_CPU);
        CompletableFuture<List<double[]>> forking = runAsync(FORKING + MonitoredEngine.OWN_CPU);

        long dmvRows = 0;
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            for (int i = 0; i < 100 && dmvRows == 0; i++) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM TABLE(SQLML.DM_EXTERNAL_SCRIPT_RESOURCE_USAGE()) T"
                        + " WHERE RESIDENT_BYTES > 0 AND PROCESSES >= 1 AND CPU_MS >= 0")) {
                    rs.next();
                    dmvRows = rs.getLong(1);
                }
                Thread.sleep(100);
            }
        }
        assertTrue(dmvRows > 0, "running jobs show in DM_EXTERNAL_SCRIPT_RESOURCE_USAGE");

        double[] busyOwn = busy.get(120, TimeUnit.SECONDS).get(0);
        double[] allocatingOwn = allocating.get(120, TimeUnit.SECONDS).get(0);
        double[] forkingOwn = forking.get(120, TimeUnit.SECONDS).get(0);
        JobSummary busyJob = summaryOf(BUSY);
        JobSummary allocatingJob = summaryOf(ALLOCATING);
        JobSummary forkingJob = summaryOf(FORKING);

        assertCpuMatches(busyJob, busyOwn);
        assertCpuMatches(allocatingJob, allocatingOwn);
        assertTrue(forkingOwn[1] > 300, "the children did burn CPU: " + forkingOwn[1] + " ms");
        assertCpuMatches(forkingJob, forkingOwn);
        assertTrue(forkingJob.peakProcesses() >= 2, "the forking job's child was seen: " + forkingJob.peakProcesses());
        assertEquals(1, busyJob.peakProcesses(), "the busy job forked nothing");

        assertTrue(allocatingJob.peakResidentBytes() >= ALLOCATED, "peak " + allocatingJob.peakResidentBytes());
        assertTrue(allocatingJob.peakResidentBytes() < ALLOCATED + 300_000_000L,
                "peak " + allocatingJob.peakResidentBytes());
        assertTrue(busyJob.peakResidentBytes() < 300_000_000L, "the 500 MB are not the busy job's: "
                + busyJob.peakResidentBytes());
        assertTrue(busyJob.series().size() >= 2, "the busy job was sampled while it ran");

        engine.flushHistory();
        for (JobSummary job : List.of(busyJob, allocatingJob, forkingJob)) {
            try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT CPU_MS, PEAK_RSS_BYTES, READ_BYTES, WRITTEN_BYTES FROM SQLML.EXTERNAL_SCRIPT_HISTORY"
                            + " WHERE REQUEST_ID = " + job.requestId())) {
                assertTrue(rs.next(), "history of " + job.requestId());
                assertTrue(rs.getLong(1) >= job.cpuMillis(), "history CPU " + rs.getLong(1) + " < " + job.cpuMillis());
                assertTrue(rs.getLong(2) >= job.peakResidentBytes(), "history peak RSS");
                assertEquals(job.readBytes(), rs.getLong(3));
                assertEquals(job.writtenBytes(), rs.getLong(4));
            }
        }
    }

    /** The monitor's CPU for a job agrees with what R itself says it used (self + waited-for children). */
    private static void assertCpuMatches(JobSummary job, double[] rOwn) {
        double r = rOwn[0] + rOwn[1];
        assertTrue(job.cpuMillis() >= 0.9 * r, "request " + job.requestId() + ": monitor " + job.cpuMillis()
                + " ms < 90% of R's own " + r + " ms");
        assertTrue(job.cpuMillis() <= r + 1000, "request " + job.requestId() + ": monitor " + job.cpuMillis()
                + " ms, far over R's own " + r + " ms");
    }

    private JobSummary summaryOf(String scriptStart) throws InterruptedException {
        Long id = idOfScript.entrySet().stream().filter(e -> e.getKey().startsWith(scriptStart))
                .map(Map.Entry::getValue).findFirst().orElseThrow();
        for (int i = 0; i < 100 && !ended.containsKey(id); i++) {
            Thread.sleep(50);
        }
        JobSummary s = ended.get(id);
        assertFalse(s == null, "no summary for request " + id);
        return s;
    }
}
