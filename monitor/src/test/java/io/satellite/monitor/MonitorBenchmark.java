package io.satellite.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.requests.ExternalRequests;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import oshi.SystemInfo;

/**
 * Monitor figures: the sampler's cost with 50 running jobs (CPU and allocation per round), and
 * its accuracy on real R jobs (one burning a core, one allocating 500 MB). Run with
 * {@code mvn -pl monitor -am test -Dtest=MonitorBenchmark -Dbenchmark=true -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class MonitorBenchmark {
    private static final int JOBS = 50;
    private static final int ROUNDS = 60;

    @TempDir
    Path dir;

    @Test
    void samplerCostWithFiftyJobs() throws Exception {
        assumeTrue(Boolean.getBoolean("benchmark"), "benchmarks run with -Dbenchmark=true");
        samplerCost("exec sleep 600"); // a worker alone, as most R jobs are
        samplerCost("sleep 600 & sleep 600; wait"); // a worker with two children, like one that called system()
    }

    private void samplerCost(String job) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        ExternalRequests requests = new ExternalRequests(0);
        try (ChildProcesses children = new ChildProcesses();
             ResourceMonitor monitor = new ResourceMonitor(requests, List::of, new SystemInfo(),
                     MonitorOptions.defaults())) {
            for (int i = 0; i < JOBS; i++) {
                Process p = children.shell(job);
                monitor.watch(i + 1, "U", "default", p.pid());
            }
            Thread.sleep(500);
            int processes = 0;
            for (int i = 0; i < 10; i++) { // warm up the JIT
                monitor.sampleRound();
            }
            for (int i = 1; i <= JOBS; i++) {
                List<ResourceSample> s = monitor.series(i).orElseThrow();
                processes += s.get(s.size() - 1).processCount();
            }
            long cpu0 = threads.getCurrentThreadCpuTime();
            long alloc0 = threads.getThreadAllocatedBytes(me);
            long wall0 = System.nanoTime();
            for (int i = 0; i < ROUNDS; i++) {
                monitor.sampleRound();
            }
            double cpuMs = (threads.getCurrentThreadCpuTime() - cpu0) / 1e6 / ROUNDS;
            double wallMs = (System.nanoTime() - wall0) / 1e6 / ROUNDS;
            double allocKb = (threads.getThreadAllocatedBytes(me) - alloc0) / 1024.0 / ROUNDS;
            System.out.printf("sampler, %d jobs (%d processes): %.2f ms CPU per round (%.2f ms wall),"
                    + " %.2f%% of one core at 1 Hz, %.0f KiB allocated per round%n",
                    JOBS, processes, cpuMs, wallMs, cpuMs / 10.0, allocKb);
            HostSampler host = new HostSampler(new SystemInfo());
            long h0 = threads.getCurrentThreadCpuTime();
            long ha0 = threads.getThreadAllocatedBytes(me);
            for (int i = 0; i < ROUNDS; i++) {
                host.sample();
            }
            System.out.printf("  of which the host sample: %.2f ms CPU, %.0f KiB%n",
                    (threads.getCurrentThreadCpuTime() - h0) / 1e6 / ROUNDS,
                    (threads.getThreadAllocatedBytes(me) - ha0) / 1024.0 / ROUNDS);
        } finally {
            requests.shutdown();
        }
    }

    @Test
    void accuracyOnRealRJobs() throws Exception {
        assumeTrue(Boolean.getBoolean("benchmark"), "benchmarks run with -Dbenchmark=true");
        Map<Long, List<ResourceSample>> samples = new ConcurrentHashMap<>();
        Map<Long, JobSummary> ended = new ConcurrentHashMap<>();
        List<Long> ids = new CopyOnWriteArrayList<>();
        Engine engine = MonitoredEngine.start(dir.resolve("data"));
        try (ResourceMonitor monitor = ResourceMonitor.start(engine, MonitorOptions.defaults()
                .withInterval(Duration.ofSeconds(1)))) {
            monitor.addListener(new MonitorListener() {
                @Override
                public void jobSampled(JobSample s) {
                    samples.computeIfAbsent(s.requestId(), k -> new CopyOnWriteArrayList<>()).add(s.usage());
                }

                @Override
                public void jobEnded(JobSummary s) {
                    ended.put(s.requestId(), s);
                    ids.add(s.requestId());
                }
            });
            try (Connection c = engine.connectAsAdmin()) {
                double[] own = MonitoredEngine.runR(c, "t <- proc.time()[[3]]; while (proc.time()[[3]] - t < 8) {}; "
                        + MonitoredEngine.OWN_CPU).get(0);
                Thread.sleep(300);
                long busy = ids.get(ids.size() - 1);
                List<Double> readings = new ArrayList<>();
                List<ResourceSample> s = samples.get(busy);
                for (int i = 1; i < s.size(); i++) { // the first is the worker's lifetime average
                    readings.add(s.get(i).cpuPercent());
                }
                readings.sort(Double::compare);
                System.out.printf("one busy core: CPU readings %s; median %.1f%%; monitor CPU %d ms vs R's own %.0f ms"
                        + " (R got %.0f%% of a core over its 8 s: the rest went to other processes)%n",
                        readings.stream().map(d -> String.format("%.0f", d)).toList(),
                        readings.get(readings.size() / 2), ended.get(busy).cpuMillis(), own[0] + own[1],
                        (own[0] + own[1]) / 80.0);

                MonitoredEngine.runR(c, "Sys.sleep(2.5)");
                Thread.sleep(300);
                long idle = ended.get(ids.get(ids.size() - 1)).peakResidentBytes();
                MonitoredEngine.runR(c, "x <- runif(62500000); Sys.sleep(2.5)");
                Thread.sleep(300);
                long allocating = ended.get(ids.get(ids.size() - 1)).peakResidentBytes();
                double extra = allocating - idle;
                System.out.printf("500 MB allocated: peak RSS %.1f MB, idle worker %.1f MB, difference %.1f MB"
                        + " (%.1f%% off 500 MB)%n", allocating / 1e6, idle / 1e6, extra / 1e6,
                        (extra - 500e6) / 500e6 * 100);
                assertEquals(3, ids.size());
            }
        } finally {
            engine.close();
        }
    }
}
