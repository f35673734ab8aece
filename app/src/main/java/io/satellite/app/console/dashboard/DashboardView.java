package io.satellite.app.console.dashboard;

import io.satellite.app.console.charts.BarsChart;
import io.satellite.app.console.charts.MinuteBarsChart;
import io.satellite.app.console.charts.TimeChart;
import io.satellite.app.console.shell.Theme;
import java.time.Duration;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * Headline figures, then host CPU and memory over the last five minutes, jobs per minute
 * (succeeded and failed), the pools against their limits, and the top jobs by CPU and memory.
 * Each snapshot is drawn in one batch: every chart redraws at most once per reading.
 */
public final class DashboardView {
    static final Duration WINDOW = Duration.ofMinutes(5);
    private final VBox root = new VBox(12);
    private final TimeChart hostCpu;
    private final TimeChart hostMemory;
    private final MinuteBarsChart perMinute;
    private final BarsChart topCpu;
    private final BarsChart topMemory;
    private final PoolGauges pools = new PoolGauges();

    public DashboardView(DashboardViewModel vm, ObservableValue<Theme> theme) {
        root.getStyleClass().add("dashboard");
        root.setId("dashboard");
        HBox tiles = new HBox(12, tile("Jobs now", vm.jobsProperty(), "tile-jobs"),
                tile("Finished per minute (10 min)", vm.perMinuteProperty(), "tile-rate"),
                tile("Failed (30 min)", vm.errorRateProperty(), "tile-errors"),
                tile("Host CPU", vm.hostCpuProperty(), "tile-cpu"),
                tile("Host memory", vm.hostMemoryProperty(), "tile-memory"));
        hostCpu = new TimeChart("Host CPU (% of all CPUs)", null, WINDOW, theme, "CPU").withRange(100);
        hostMemory = new TimeChart("Host memory (GiB)", null, WINDOW, theme, "used", "total");
        perMinute = new MinuteBarsChart("Jobs finished per minute", null, theme, "succeeded", "failed or cancelled");
        topCpu = new BarsChart("Top jobs by CPU (% of one core)", null, "CPU %", theme);
        topMemory = new BarsChart("Top jobs by memory (MiB resident)", null, "RSS MiB", theme);
        hostCpu.viewer().setId("host-cpu-chart");
        hostMemory.viewer().setId("host-memory-chart");
        perMinute.viewer().setId("jobs-per-minute-chart");
        topCpu.viewer().setId("top-cpu-chart");
        topMemory.viewer().setId("top-memory-chart");

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(12);
        for (int i = 0; i < 2; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(50);
            grid.getColumnConstraints().add(c);
        }
        for (int i = 0; i < 3; i++) {
            RowConstraints r = new RowConstraints();
            r.setPercentHeight(100 / 3.0);
            grid.getRowConstraints().add(r);
        }
        grid.add(vm.hostKnown() ? panel(hostCpu.viewer()) : remoteNote(), 0, 0);
        grid.add(vm.hostKnown() ? panel(hostMemory.viewer()) : remoteNote(), 1, 0);
        grid.add(panel(perMinute.viewer()), 0, 1);
        grid.add(pools.root(), 1, 1);
        grid.add(panel(topCpu.viewer()), 0, 2);
        grid.add(panel(topMemory.viewer()), 1, 2);
        VBox.setVgrow(grid, Priority.ALWAYS);
        Label problem = new Label();
        problem.getStyleClass().add("login-error");
        problem.textProperty().bind(vm.problemProperty());
        problem.visibleProperty().bind(vm.problemProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        root.getChildren().setAll(tiles, problem, grid);
        vm.snapshotProperty().addListener((o, was, now) -> draw(now));
    }

    public Parent root() {
        return root;
    }

    void draw(DashboardSnapshot s) {
        if (s.host() != null) {
            hostCpu.beginBatch();
            hostCpu.add(0, s.host().timestamp(), s.host().cpuPercent());
            hostCpu.endBatch();
            hostMemory.beginBatch();
            hostMemory.add(0, s.host().timestamp(), s.host().memoryUsedBytes() / 1073741824.0);
            hostMemory.add(1, s.host().timestamp(), s.host().memoryTotalBytes() / 1073741824.0);
            hostMemory.endBatch();
        }
        perMinute.beginBatch();
        for (Throughput.Minute m : s.minutes()) {
            perMinute.add(m.start(), m.finished() - m.failed(), m.failed());
        }
        perMinute.endBatch();
        topCpu.show(s.topCpu(), DashboardSnapshot.JobUsage::label, DashboardSnapshot.JobUsage::cpuPercent);
        topMemory.show(s.topMemory(), DashboardSnapshot.JobUsage::label, j -> j.residentBytes() / 1048576.0);
        pools.show(s.pools());
    }

    private static Node panel(Node chart) {
        StackPane p = new StackPane(chart);
        p.getStyleClass().add("panel");
        return p;
    }

    private static Node remoteNote() {
        Label l = new Label("Host CPU and memory come from the resource monitor inside the engine's process."
                + " This console is connected to a server over the network, which publishes its jobs' samples in"
                + " the DMVs but not the host's. Run the console on the server's data directory to see them.");
        l.setWrapText(true);
        l.getStyleClass().add("placeholder");
        StackPane p = new StackPane(l);
        p.getStyleClass().add("panel");
        return p;
    }

    private static VBox tile(String caption, ObservableValue<String> value, String id) {
        Label v = new Label();
        v.textProperty().bind(value);
        v.getStyleClass().add("tile-value");
        v.setId(id);
        Label c = new Label(caption);
        c.getStyleClass().add("tile-caption");
        VBox t = new VBox(2, v, c);
        t.getStyleClass().add("tile");
        HBox.setHgrow(t, Priority.ALWAYS);
        t.setMaxWidth(Double.MAX_VALUE);
        return t;
    }

    /** Points in the host CPU chart (tests). */
    int hostCpuPoints() {
        return hostCpu.size(0);
    }
}
