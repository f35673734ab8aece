package io.satellite.app.console.dashboard;

import io.satellite.app.console.SynchronousExecutor;
import io.satellite.app.console.TestEngine;
import io.satellite.app.console.WindowPlatform;
import io.satellite.app.console.shell.Theme;
import io.satellite.monitor.HostSample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/**
 * What one dashboard reading costs the FX thread with 20 jobs running in 4 pools: every chart
 * redrawn once. Prints figures; run with -Dbenchmark=true (under Xvfb).
 */
@ExtendWith(ApplicationExtension.class)
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
@EnabledIf(value = "io.satellite.app.console.WindowPlatform#usable", disabledReason = WindowPlatform.REASON)
class DashboardRedrawBenchmark {
    @TempDir
    static Path tmp;
    static TestEngine engine;
    private DashboardView view;

    @org.junit.jupiter.api.BeforeAll
    static void boot() throws Exception {
        engine = new TestEngine(tmp);
        engine.admin();
    }

    @Start
    void start(Stage stage) throws Exception {
        DashboardViewModel vm = new DashboardViewModel(new SynchronousExecutor(), engine.admin(), Clock.systemUTC());
        view = new DashboardView(vm, new SimpleObjectProperty<>(Theme.LIGHT));
        Scene scene = new Scene(view.root(), 1360, 860);
        scene.getStylesheets().setAll(Theme.LIGHT.stylesheets());
        stage.setScene(scene);
        stage.show();
    }

    @org.junit.jupiter.api.AfterAll
    static void shutdown() {
        engine.close();
    }

    private static DashboardSnapshot snapshot(int round, Instant now) {
        List<DashboardSnapshot.JobUsage> jobs = new ArrayList<>();
        for (int j = 0; j < 20; j++) {
            jobs.add(new DashboardSnapshot.JobUsage(j, "USER" + j % 5, "pool" + j % 4, (round * 7 + j * 13) % 100,
                    (60L + j * 10) << 20));
        }
        List<DashboardSnapshot.PoolUsage> pools = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            pools.add(new DashboardSnapshot.PoolUsage("pool" + p, 50, 20, 8, 5, p, 250, 400L << 20, 2, 24L << 30));
        }
        List<Throughput.Ending> endings = new ArrayList<>();
        for (int e = 0; e < 600; e++) {
            endings.add(new Throughput.Ending(now.minusSeconds(e * 3L), e % 9 != 0));
        }
        HostSample host = new HostSample(now, round % 100, 2, 24L << 30, 20L << 30, 1.5, 0, 0, 0, 0, 0, 0);
        return new DashboardSnapshot(host, pools, jobs.subList(0, 5), jobs.subList(5, 10),
                Throughput.perMinute(endings, now, 30), 20, 3);
    }

    @Test
    void oneReadingWithTwentyJobs() throws Exception {
        Instant t0 = Instant.now();
        int warm = 100;
        int rounds = 300;
        long[] nanos = new long[rounds];
        for (int i = 0; i < warm + rounds; i++) {
            DashboardSnapshot s = snapshot(i, t0.plusSeconds(i));
            int r = i - warm;
            WaitForAsyncUtils.asyncFx(() -> {
                long start = System.nanoTime();
                view.draw(s);
                if (r >= 0) {
                    nanos[r] = System.nanoTime() - start;
                }
            }).get(30, TimeUnit.SECONDS);
        }
        java.util.Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "dashboard reading, 20 jobs, 4 pools, 6 charts: median %.2f ms, p95 %.2f ms,"
                + " max %.2f ms of FX thread (%d readings)%n", nanos[rounds / 2] / 1e6, nanos[rounds * 95 / 100] / 1e6,
                nanos[rounds - 1] / 1e6, rounds);
    }
}
