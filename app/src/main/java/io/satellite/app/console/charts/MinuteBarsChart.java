package io.satellite.app.console.charts;

import io.satellite.app.console.shell.Theme;
import java.time.Instant;
import java.util.Date;
import javafx.beans.value.ObservableValue;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.DateAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StackedXYBarRenderer;
import org.jfree.data.time.Minute;
import org.jfree.data.time.TimeTableXYDataset;

/** Stacked bars per minute (succeeded and failed jobs), the last minutes only, replaced as a whole. */
public final class MinuteBarsChart {
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private final TimeTableXYDataset dataset = new TimeTableXYDataset();
    private final String[] series;

    public MinuteBarsChart(String title, String valueLabel, ObservableValue<Theme> theme, String... series) {
        this.series = series;
        StackedXYBarRenderer renderer = new StackedXYBarRenderer(0.15);
        NumberAxis range = new NumberAxis(valueLabel);
        range.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        range.setAutoRangeMinimumSize(4);
        range.setRangeType(org.jfree.data.RangeType.POSITIVE);
        XYPlot plot = new XYPlot(dataset, new DateAxis(), range, renderer);
        chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        viewer = new ChartViewer(chart);
        viewer.setMinSize(160, 120);
        ChartStyle.apply(chart, theme.getValue());
        renderer.setSeriesPaint(0, ChartStyle.SERIES[2]);
        renderer.setSeriesPaint(1, ChartStyle.SERIES[3]);
        theme.addListener((o, was, now) -> {
            ChartStyle.apply(chart, now);
            renderer.setSeriesPaint(0, ChartStyle.SERIES[2]);
            renderer.setSeriesPaint(1, ChartStyle.SERIES[3]);
        });
    }

    /** Starts replacing the bars. */
    public void beginBatch() {
        chart.setNotify(false);
        dataset.clear();
    }

    public void add(Instant minute, double... values) {
        Minute m = new Minute(Date.from(minute));
        for (int i = 0; i < series.length; i++) {
            dataset.add(m, values[i], series[i], true); // the axes follow; the chart still redraws once
        }
    }

    public void endBatch() {
        chart.setNotify(true);
    }

    public ChartViewer viewer() {
        return viewer;
    }
}
