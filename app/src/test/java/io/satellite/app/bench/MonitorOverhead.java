package io.satellite.app.bench;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.monitor.MonitorOptions;
import io.satellite.monitor.ResourceMonitor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The resource monitor's sampler thread, its CPU as a share of one core, while 50 real R jobs
 * run (each sleeps in R), at the monitor's default interval.
 */
final class MonitorOverhead {
    static final String SECTION = "Monitor overhead";
    static final int JOBS = 50;
    private static final int WINDOW_SECONDS = 10;

    private MonitorOverhead() {
    }

    static void run(Report report, Path work) throws Exception {
        report.section(SECTION);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        ExecutorService clients = Executors.newFixedThreadPool(JOBS);
        MonitorOptions options = MonitorOptions.defaults();
        try (Engine engine = BenchEngine.start(work.resolve("monitor"), EngineOptions.DEFAULT_POOL_SIZE);
             ResourceMonitor monitor = ResourceMonitor.start(engine, options)) {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < JOBS; i++) {
                jobs.add(clients.submit(() -> {
                    try (Connection c = engine.connectAsAdmin()) {
                        BenchEngine.run(c, "Sys.sleep(" + (WINDOW_SECONDS + 15) + ")");
                    }
                    return null;
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (engine.requests().active().size() < JOBS && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            int running = engine.requests().active().size();
            Thread.sleep(2000); // every job has been sampled at least once
            long sampler = threadId("resource-monitor");
            long cpu0 = threads.getThreadCpuTime(sampler);
            long t0 = System.nanoTime();
            Thread.sleep(WINDOW_SECONDS * 1000L);
            double cpuMs = (threads.getThreadCpuTime(sampler) - cpu0) / 1e6;
            double wallMs = (System.nanoTime() - t0) / 1e6;
            int runningAfter = engine.requests().active().size();
            report.figure(SECTION, "sampler CPU, share of one core", cpuMs / wallMs * 100, "%",
                    running + " jobs running at the start of the window, " + runningAfter + " at its end");
            report.figure(SECTION, "sampler CPU per round", cpuMs / (wallMs / options.interval().toMillis()), "ms",
                    "one round every " + options.interval().toMillis() + " ms");
            if (running < JOBS) {
                report.problem(SECTION, "only " + running + " of " + JOBS + " jobs were running when the window began");
            }
            for (Future<?> f : jobs) {
                f.get();
            }
        } finally {
            clients.shutdownNow();
        }
        report.note(SECTION, "CPU of the monitor's `resource-monitor` thread (ThreadMXBean) over a " + WINDOW_SECONDS
                + " s window while " + JOBS + " R jobs (`Sys.sleep`) run in their sandboxes; each round reads the"
                + " host, every job's process tree from /proc, and every resource pool.");
    }

    private static long threadId(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t.getId();
            }
        }
        throw new IllegalStateException("no thread named " + name);
    }
}
