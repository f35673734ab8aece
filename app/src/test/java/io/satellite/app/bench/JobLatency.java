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
        int pool = EngineOptions.DEFAULT_POOL_SIZE;
        double[][] spaced = new double[1][];
        double[][] justStarted = new double[1][];
        double[] warm = calls(work.resolve("warm"), pool, warmCalls, spaced, justStarted);
        double[] cold = calls(work.resolve("cold"), 0, coldCalls, null, null);
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
        figures(report, "warm pool, engine just started (its calls " + (FIRST_CALLS + 1) + " to "
                + (FIRST_CALLS + warmCalls) + ")", justStarted[0]);
        for (int pos : new int[] {1, pool}) {
            double[] at = new double[warm.length / pool];
            for (int k = 0; k < at.length; k++) {
                at[k] = warm[k * pool + pos - 1];
            }
            report.figure(SECTION, "warm pool p50, call " + pos + " of each burst of " + pool, Stats.median(at), "ms",
                    at.length + " calls");
        }
        report.figure(SECTION, "warm pool p50, calls 0.7 s apart", Stats.median(spaced[0]), "ms",
                spaced[0].length + " calls");
        figures(report, "cold start (fresh Rscript per job, pool size 0)", cold);
        figures(report, "bare `Rscript -e NULL` (no engine)", bare);
        report.note(SECTION, "Each figure is one CALL SQLML.SP_EXECUTE_EXTERNAL_SCRIPT('R', '', ...) through embedded"
                + " JDBC, as the administrator, timed by the client. Warm: the engine's default pool of "
                + EngineOptions.DEFAULT_POOL_SIZE + " forked workers; after every " + EngineOptions.DEFAULT_POOL_SIZE
                + " calls the run pauses 1 s so that the pool refills (this measures a warm worker, not the refill;"
                + " sustained load is the concurrency section). A pool refills once its jobs are done, or at once when it"
                + " runs low, so the later calls of a burst meet fewer refills. After " + FIRST_CALLS + " untimed calls,"
                + " the engine's next " + warmCalls + " are timed apart (\"engine just started\": the JVM still interprets"
                + " and compiles the engine's code), then " + JIT_WARM_UP + " untimed calls, then the " + warmCalls
                + " calls of the warm pool figures (an engine that has run a few hundred jobs), then " + SPACED
                + " more calls, 0.7 s apart.");
    }

    private static void figures(Report report, String what, double[] ms) {
        report.figure(SECTION, what + " p50", Stats.median(ms), "ms", ms.length + " calls");
        report.figure(SECTION, what + " p99", Stats.percentile(ms, 99), "ms", "");
    }

    private static final int SPACED = 20;
    /** Untimed calls between the engine's first calls and the warm ones: the JIT compiles the engine's code. */
    private static final int JIT_WARM_UP = 200;
    /** Untimed calls right after the pool filled: Derby's statement cache and the first class loads. */
    private static final int FIRST_CALLS = 3;
    /** Timed calls in each series (the engine's first ones, the warm ones). */
    static final int TIMED = 100;
    /** Calls the engine has made before the first warm-pool call that is timed. */
    static final int BEFORE_WARM = FIRST_CALLS + TIMED + JIT_WARM_UP;

    /**
     * {@code n} timed calls; with a pool, {@code justStarted[0]} gets the engine's first {@code n}
     * calls (before the JIT warm-up) and {@code spaced[0]} {@link #SPACED} more, 0.7 s apart.
     */
    private static double[] calls(Path data, int poolSize, int n, double[][] spaced, double[][] justStarted)
            throws Exception {
        try (Engine engine = BenchEngine.start(data, poolSize); Connection c = engine.connectAsAdmin()) {
            Thread.sleep(3000); // the pool fills
            for (int i = 0; i < FIRST_CALLS; i++) {
                BenchEngine.empty(c);
            }
            Thread.sleep(poolSize > 0 ? 1500 : 0);
            if (justStarted != null) {
                justStarted[0] = bursts(c, poolSize, n);
                for (int i = 0; i < JIT_WARM_UP; i++) {
                    BenchEngine.empty(c);
                }
                Thread.sleep(1500);
            }
            double[] ms = bursts(c, poolSize, n);
            if (spaced != null) {
                spaced[0] = new double[SPACED];
                for (int i = 0; i < SPACED; i++) {
                    Thread.sleep(700);
                    spaced[0][i] = BenchEngine.empty(c);
                }
            }
            return ms;
        }
    }

    /** {@code n} timed calls; with a pool, in bursts of its size, 1 s apart. */
    private static double[] bursts(Connection c, int poolSize, int n) throws Exception {
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
