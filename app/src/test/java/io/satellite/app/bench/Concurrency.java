package io.satellite.app.bench;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 1, 2, 8 and 50 clients, each on its own connection, running small jobs back to back:
 * jobs/s, p50/p99 latency, failures (there must be none), and CPU per job.
 */
final class Concurrency {
    static final String SECTION = "Concurrency (small jobs)";
    static final int[] LEVELS = {1, 2, 8, 50};

    private Concurrency() {
    }

    static void run(Report report, Path work) throws Exception {
        report.section(SECTION);
        try (Engine engine = BenchEngine.start(work.resolve("concurrency"), EngineOptions.DEFAULT_POOL_SIZE)) {
            Thread.sleep(3000);
            for (int level : LEVELS) {
                int total = Math.max(40, 2 * level);
                level(report, engine, level, total);
            }
        }
        report.note(SECTION, "Small job: `OutputDataSet <- data.frame(x = n * 2L)` with `@n INT` as a parameter; each"
                + " answer is checked. Each level runs max(40, 2 x clients) jobs in a closed loop (a client sends its"
                + " next job when its last one returns), starting from a full warm pool, so the figure is sustained"
                + " throughput, pool refills included. CPU per job = (engine JVM + zygotes + workers + helper) CPU from"
                + " the first job to 3 s after the last, when the pool has refilled, divided by the jobs. Both figures count a"
                + " level as done once every job's history and audit rows are written.");
    }

    private static void level(Report report, Engine engine, int clients, int total) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < clients; i++) {
                connections.add(engine.connectAsAdmin());
            }
            Thread.sleep(3000); // a full warm pool at the start
            AtomicInteger next = new AtomicInteger();
            AtomicInteger failed = new AtomicInteger();
            double[] latency = new double[total];
            ProcCpu cpu = new ProcCpu();
            long t0 = System.nanoTime();
            List<Future<?>> runs = new ArrayList<>();
            for (Connection c : connections) {
                runs.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < total; ) {
                        try {
                            latency[i] = BenchEngine.small(c, i);
                        } catch (Exception e) {
                            failed.incrementAndGet();
                            latency[i] = Double.NaN;
                            System.out.println("[bench] job " + i + " failed: " + e);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : runs) {
                f.get();
            }
            engine.flushHistory(); // a job is done once its history and audit rows are in
            double seconds = (System.nanoTime() - t0) / 1e9;
            Thread.sleep(3000); // the pool refills: that CPU belongs to these jobs too
            long[] ms = cpu.millis();
            String label = clients + (clients == 1 ? " client" : " clients");
            report.figure(SECTION, label + ": jobs/s", total / seconds, "jobs/s", total + " jobs, "
                    + (total - failed.get()) + " succeeded");
            report.figure(SECTION, label + ": p50 latency", Stats.median(latency), "ms", "");
            report.figure(SECTION, label + ": p99 latency", Stats.percentile(latency, 99), "ms", "");
            report.figure(SECTION, label + ": failed jobs", failed.get(), "jobs", "");
            if (failed.get() > 0) {
                report.problem(SECTION, failed.get() + " of " + total + " jobs failed with " + label);
            }
            report.figure(SECTION, label + ": CPU per job", (ms[0] + ms[1]) / (double) total, "ms",
                    String.format("engine JVM %.1f ms, processes below it %.1f ms", ms[0] / (double) total,
                            ms[1] / (double) total));
        } finally {
            for (Connection c : connections) {
                c.close();
            }
            pool.shutdownNow();
        }
    }
}
