package io.satellite.app.console.dashboard;

import io.satellite.app.console.Format;
import io.satellite.app.console.dashboard.DashboardSnapshot.PoolUsage;
import java.util.List;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Each resource pool against its limits: processes of MAX_PROCESSES (and the queue), CPU of
 * MAX_CPU_PERCENT and memory of MAX_MEMORY_PERCENT, as bars that turn red at the cap.
 */
final class PoolGauges {
    private final VBox root = new VBox(6);
    private final GridPane grid = new GridPane();

    PoolGauges() {
        root.getStyleClass().add("panel");
        root.setId("pool-gauges");
        Label title = new Label("Resource pools against their limits");
        title.getStyleClass().add("panel-title");
        grid.setHgap(14);
        javafx.scene.layout.ColumnConstraints names = new javafx.scene.layout.ColumnConstraints();
        names.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        grid.getColumnConstraints().add(names);
        for (int i = 0; i < 3; i++) {
            javafx.scene.layout.ColumnConstraints c = new javafx.scene.layout.ColumnConstraints();
            c.setHgrow(Priority.ALWAYS);
            c.setPercentWidth(28);
            grid.getColumnConstraints().add(c);
        }
        grid.setVgap(6);
        root.getChildren().setAll(title, grid);
        VBox.setVgrow(grid, Priority.ALWAYS);
    }

    Parent root() {
        return root;
    }

    void show(List<PoolUsage> pools) {
        grid.getChildren().clear();
        String[] heads = {"Pool", "Processes", "CPU (of cap)", "Memory (of cap)"};
        for (int c = 0; c < heads.length; c++) {
            Label h = new Label(heads[c]);
            h.getStyleClass().add("gauge-head");
            grid.add(h, c, 0);
        }
        int row = 1;
        for (PoolUsage p : pools) {
            Label name = new Label(p.name());
            name.getStyleClass().add("gauge-name");
            grid.add(name, 0, row);
            String queue = p.queued() > 0 ? " · " + p.queued() + " queued" : "";
            grid.add(p.maxProcesses() > 0 ? gauge(p.active(), p.maxProcesses(), p.active() + " of " + p.maxProcesses()
                    + queue) : gauge(0, 0, p.active() + " · no limit" + queue), 1, row);
            double cpu = p.cpuPercentOfHost();
            grid.add(gauge(cpu < 0 ? 0 : cpu, p.maxCpuPercent(), cpu < 0
                    ? Format.percent(p.cpuPercentOfOneCore()) + " of a core · cap " + p.maxCpuPercent() + "%"
                    : Format.percent(cpu) + " of " + p.maxCpuPercent() + "%"), 2, row);
            double mem = p.memoryPercentOfHost();
            grid.add(gauge(mem < 0 ? 0 : mem, p.maxMemoryPercent(), Format.bytes(p.residentBytes())
                    + (mem < 0 ? " · cap " + p.maxMemoryPercent() + "%" : " of " + p.maxMemoryPercent() + "% ("
                    + Format.bytes(p.hostMemoryBytes() * p.maxMemoryPercent() / 100) + ")")), 3, row);
            row++;
        }
    }

    private static VBox gauge(double used, double cap, String text) {
        ProgressBar bar = new ProgressBar(cap <= 0 ? 0 : Math.min(1, used / cap));
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setPrefWidth(170);
        bar.getStyleClass().add("gauge");
        if (cap > 0 && used / cap >= 0.9) {
            bar.getStyleClass().add("gauge-high");
        }
        Label l = new Label(text);
        l.getStyleClass().add("gauge-text");
        return new VBox(2, bar, l);
    }
}
