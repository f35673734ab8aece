package io.satellite.app.bench;

import io.satellite.engine.Engine;
import io.satellite.engine.EngineOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

/** Empty-script latency: warm pool vs cold start vs a bare {@code Rscript -e NULL}. */
final class JobLatency {
    static final String SECTION = "Job latency (empty script)";

    private JobLatency() {
    }

    static void run(Report report, Path work, int warmCalls, int coldCalls) throws Exception {
        report.section(SECTION);
        double[] warm = calls(work.resolve("warm"), EngineOptions.DEFAULT_POOL_SIZE, warmCalls);
        double[] cold = calls(work.resolve("cold"), 0, coldCalls);
        double[] bare = new double[coldCalls];
        for (int i = 0; i < coldCalls; i++) {
            long t = System.nanoTime();
            Process p = new ProcessBuilder(List.of("Rscript", "-e", "NULL")).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("Rscript -e NULL failed");
            }
            bare[i] = (System.nanoTime() - t) / 1e6;
        }
        figures(report, "warm pool", warm);
        figures(report, "cold start (fresh Rscript per job, pool size 0)", cold);
        figures(report, "bare `Rscript -e NULL` (no engine)", bare);
        report.note(SECTION, "Each figure is one CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '', ...) through embedded"
                + " JDBC, as the administrator, timed by the client. Warm: the engine's default pool of "
                + EngineOptions.DEFAULT_POOL_SIZE + " forked workers; after every " + EngineOptions.DEFAULT_POOL_SIZE
                + " calls the run pauses 1 s so that the pool refills (this measures a warm worker, not the refill;"
                + " sustained load is the concurrency section).");
    }

    private static void figures(Report report, String what, double[] ms) {
        report.figure(SECTION, what + " p50", Stats.median(ms), "ms", ms.length + " calls");
        report.figure(SECTION, what + " p99", Stats.percentile(ms, 99), "ms", "");
    }

    private static double[] calls(Path data, int poolSize, int n) throws Exception {
        try (Engine engine = BenchEngine.start(data, poolSize); Connection c = engine.connectAsAdmin()) {
            Thread.sleep(3000); // the pool fills
            for (int i = 0; i < 3; i++) { // the JIT and Derby's statement cache warm up
                BenchEngine.empty(c);
            }
            Thread.sleep(poolSize > 0 ? 1500 : 0);
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                ms[i] = BenchEngine.empty(c);
                if (poolSize > 0 && i % poolSize == poolSize - 1) {
                    Thread.sleep(1000);
                }
            }
            return ms;
        }
    }
}
