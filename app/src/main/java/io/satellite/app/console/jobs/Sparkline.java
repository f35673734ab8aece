package io.satellite.app.console.jobs;

import java.util.List;
import java.util.function.ToDoubleFunction;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.TableCell;
import javafx.scene.layout.HBox;
import javafx.scene.control.Label;
import javafx.scene.paint.Color;

/** A table cell with the figure and a small line of its last minute, drawn on a canvas. */
final class Sparkline extends TableCell<JobRow, List<UsagePoint>> {
    private static final double W = 64;
    private static final double H = 16;
    private final Canvas canvas = new Canvas(W, H);
    private final Label value = new Label();
    private final HBox box = new HBox(8, canvas, value);
    private final ToDoubleFunction<UsagePoint> metric;
    private final java.util.function.Function<JobRow, String> text;
    private final double floor;

    /**
     * @param floor the value axis' smallest top (100 for CPU %, so an idle job's line stays low)
     */
    Sparkline(ToDoubleFunction<UsagePoint> metric, java.util.function.Function<JobRow, String> text, double floor) {
        this.metric = metric;
        this.text = text;
        this.floor = floor;
        box.getStyleClass().add("sparkline");
        value.getStyleClass().add("spark-value");
        value.setMinWidth(64);
        setGraphic(null);
    }

    @Override
    protected void updateItem(List<UsagePoint> points, boolean empty) {
        super.updateItem(points, empty);
        JobRow row = getTableRow() == null ? null : getTableRow().getItem();
        if (empty || points == null || row == null) {
            setGraphic(null);
            return;
        }
        value.setText(text.apply(row));
        draw(points);
        setGraphic(box);
    }

    private void draw(List<UsagePoint> points) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, W, H);
        if (points.size() < 2) {
            return;
        }
        double max = floor;
        for (UsagePoint p : points) {
            max = Math.max(max, metric.applyAsDouble(p));
        }
        int n = JobsViewModel.SPARK_POINTS;
        double step = W / (n - 1);
        double x0 = W - (points.size() - 1) * step;
        g.setStroke(Color.web("#2563eb"));
        g.setFill(Color.web("#2563eb", 0.15));
        g.setLineWidth(1.4);
        g.beginPath();
        g.moveTo(x0, H);
        for (int i = 0; i < points.size(); i++) {
            double y = H - 1 - (H - 2) * metric.applyAsDouble(points.get(i)) / max;
            g.lineTo(x0 + i * step, y);
        }
        g.lineTo(x0 + (points.size() - 1) * step, H);
        g.closePath();
        g.fill();
        g.beginPath();
        for (int i = 0; i < points.size(); i++) {
            double y = H - 1 - (H - 2) * metric.applyAsDouble(points.get(i)) / max;
            if (i == 0) {
                g.moveTo(x0, y);
            } else {
                g.lineTo(x0 + i * step, y);
            }
        }
        g.stroke();
    }
}
