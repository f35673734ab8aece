package io.satellite.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import io.satellite.engine.TestEngines;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launchpad figures: empty-script latency warm (zygote pool) vs cold (fresh Rscript), and
 * sustained throughput of 50 concurrent small jobs, with the CPU each job cost and where
 * (the engine, tools it started, the zygotes' forks, the workers). Run with
 * {@code mvn -pl core-engine test -Dtest=LaunchpadBenchmark -Dbenchmark=true}. Prints
 * figures only: timing depends on the host and its load, so nothing here asserts it.
 */
class LaunchpadBenchmark {
    private static final int CONCURRENT_JOBS = 50;
    @TempDir
    Path dir;

    @Test
    void emptyScriptLatencyAndThroughput() throws Exception {
        assumeTrue(Boolean.getBoolean("benchmark"), "benchmarks run with -Dbenchmark=true");
        double[] cold = latencies(dir.resolve("cold"), 0, 15);
        double[] warm = latencies(dir.resolve("warm"), EngineOptions.DEFAULT_POOL_SIZE, 30);
        System.out.printf("empty script latency  cold p50 %.1f ms p90 %.1f ms | warm p50 %.1f ms p90 %.1f ms%n",
                pct(cold, 50), pct(cold, 90), pct(warm, 50), pct(warm, 90));
        try (Engine engine = start(dir.resolve("concurrent"), EngineOptions.DEFAULT_POOL_SIZE)) {
            for (int round = 0; round < 2; round++) {
                Thread.sleep(3000); // let the pool fill
                ExecutorService clients = Executors.newFixedThreadPool(CONCURRENT_JOBS);
                CpuMeter cpu = new CpuMeter();
                long t0 = System.nanoTime();
                List<Future<Integer>> results = new ArrayList<>();
                for (int i = 0; i < CONCURRENT_JOBS; i++) {
                    final int n = i;
                    results.add(clients.submit(() -> {
                        try (Connection c = engine.connectAsAdmin()) {
                            return runSmall(c, n);
                        }
                    }));
                }
                int ok = 0;
                for (int i = 0; i < CONCURRENT_JOBS; i++) {
                    try {
                        if (results.get(i).get() == i * 2) {
                            ok++;
                        }
                    } catch (java.util.concurrent.ExecutionException e) {
                        System.out.println("job " + i + " failed: " + e.getCause());
                    }
                }
                double seconds = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%d concurrent small jobs: %d succeeded in %.2f s = %.1f jobs/s%n",
                        CONCURRENT_JOBS, ok, seconds, CONCURRENT_JOBS / seconds);
                Thread.sleep(3000); // the pool refills: that CPU belongs to these jobs too
                System.out.println("  " + CpuMeter.describe(cpu.millis(), CONCURRENT_JOBS));
                System.out.println("  " + cpu.threadReport());
                clients.shutdown();
                assertEquals(CONCURRENT_JOBS, ok, "every concurrent job succeeds");
            }
        }
    }

    private double[] latencies(Path data, int poolSize, int runs) throws Exception {
        try (Engine engine = start(data, poolSize); Connection c = engine.connectAsAdmin()) {
            Thread.sleep(3000); // let the pool fill
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                try (Statement s = c.createStatement()) {
                    s.execute("CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '', NULL, NULL, NULL, NULL, NULL)");
                }
                ms[i] = (System.nanoTime() - t) / 1e6;
                if (poolSize > 0 && i % EngineOptions.DEFAULT_POOL_SIZE == EngineOptions.DEFAULT_POOL_SIZE - 1) {
                    Thread.sleep(1000); // measure latency, not refill: give the pool time to refill
                }
            }
            return ms;
        }
    }

    private static Engine start(Path data, int poolSize) throws Exception {
        Engine engine = Engine.start(EngineOptions.fromEnvironment(data, System.getenv())
                .withAdminPassword(TestEngines.ADMIN_PASSWORD).withWorkerPoolSize(poolSize));
        try (Connection c = engine.connectAsAdmin(); Statement s = c.createStatement()) {
            s.execute("CALL SQLML.SP_CONFIGURE('external scripts enabled', 1)");
            s.execute("CALL SQLML.RECONFIGURE()");
        }
        return engine;
    }

    private static int runSmall(Connection c, int n) throws Exception {
        try (CallableStatement cs = c.prepareCall(
                "CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', 'OutputDataSet <- data.frame(x = n * 2L)', NULL, NULL,"
                        + " NULL, ?, NULL)")) {
            cs.setString(1, "@n INT = " + n);
            cs.execute();
            try (ResultSet rs = cs.getResultSet()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1)];
    }
}
