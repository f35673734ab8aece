package io.satellite.app.console.jobs;

import io.satellite.app.console.charts.TimeChart;
import io.satellite.app.console.shell.Theme;
import java.time.Instant;
import java.util.List;
import javafx.beans.value.ObservableValue;
import javafx.geometry.Orientation;
import javafx.scene.Parent;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

/**
 * One job in detail: heading and facts, live charts of CPU, memory and I/O over its whole run,
 * and its script and output. New samples of the same job are appended, not redrawn from scratch.
 */
final class JobDetailView {
    private final VBox root = new VBox(8);
    private final Label heading = new Label("Select a job to see its detail");
    private final Label facts = new Label();
    private final TimeChart cpu;
    private final TimeChart memory;
    private final TimeChart io;
    private final TextArea script = new TextArea();
    private final TextArea output = new TextArea();
    private long shownId = -1;
    private Instant lastShown;

    JobDetailView(ObservableValue<JobDetail> detail, ObservableValue<Theme> theme) {
        root.getStyleClass().add("job-detail");
        root.setId("job-detail");
        heading.getStyleClass().add("detail-heading");
        heading.setId("detail-heading");
        facts.getStyleClass().add("detail-facts");
        facts.setId("detail-facts");
        facts.setWrapText(true);
        cpu = new TimeChart("CPU (% of one core)", null, null, theme, "CPU %");
        memory = new TimeChart("Memory (resident, MiB)", null, null, theme, "RSS MiB");
        io = new TimeChart("Storage I/O (MiB so far)", null, null, theme, "read", "written");
        cpu.viewer().setId("detail-cpu-chart");
        memory.viewer().setId("detail-memory-chart");
        io.viewer().setId("detail-io-chart");
        GridPane charts = new GridPane();
        charts.setHgap(8);
        for (int i = 0; i < 3; i++) {
            ColumnConstraints c = new ColumnConstraints();
            c.setPercentWidth(100 / 3.0);
            charts.getColumnConstraints().add(c);
        }
        RowConstraints r = new RowConstraints();
        r.setVgrow(Priority.ALWAYS);
        charts.getRowConstraints().add(r);
        charts.addRow(0, cpu.viewer(), memory.viewer(), io.viewer());
        script.setId("detail-script");
        output.setId("detail-output");
        for (TextArea t : List.of(script, output)) {
            t.setEditable(false);
            t.getStyleClass().add("detail-text");
        }
        output.setWrapText(true);
        script.setWrapText(true);
        TabPane texts = new TabPane(new Tab("Script", script), new Tab("Output / error", output));
        texts.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        texts.getStyleClass().add("detail-tabs");
        SplitPane body = new SplitPane(charts, texts);
        body.setOrientation(Orientation.HORIZONTAL);
        body.setDividerPositions(0.68);
        VBox.setVgrow(body, Priority.ALWAYS);
        root.getChildren().setAll(heading, facts, body);
        detail.addListener((o, was, now) -> show(now));
    }

    Parent root() {
        return new StackPane(root);
    }

    private void show(JobDetail d) {
        if (d == null) {
            heading.setText("Select a job to see its detail");
            facts.setText("");
            script.clear();
            output.clear();
            clearCharts();
            return;
        }
        heading.setText(d.heading() + (d.live() ? "" : " · finished"));
        facts.setText(d.facts());
        if (!d.script().equals(script.getText())) {
            script.setText(d.script());
        }
        if (!d.output().equals(output.getText())) {
            output.setText(d.output());
        }
        if (d.id() != shownId) {
            clearCharts();
            shownId = d.id();
        }
        append(d.points());
    }

    private void clearCharts() {
        cpu.clear();
        memory.clear();
        io.clear();
        lastShown = null;
        shownId = -1;
    }

    private void append(List<UsagePoint> points) {
        cpu.beginBatch();
        memory.beginBatch();
        io.beginBatch();
        for (UsagePoint p : points) {
            if (lastShown != null && !p.at().isAfter(lastShown)) {
                continue;
            }
            cpu.add(0, p.at(), p.cpuPercent());
            memory.add(0, p.at(), p.residentBytes() / 1048576.0);
            io.add(0, p.at(), p.readBytes() / 1048576.0);
            io.add(1, p.at(), p.writtenBytes() / 1048576.0);
            lastShown = p.at();
        }
        cpu.endBatch();
        memory.endBatch();
        io.endBatch();
    }

    /** Points in the CPU chart (tests). */
    int cpuPoints() {
        return cpu.size(0);
    }
}
