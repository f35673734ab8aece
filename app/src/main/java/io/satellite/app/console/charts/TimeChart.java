package io.satellite.app.console.charts;

import io.satellite.app.console.shell.Theme;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.value.ObservableValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.time.FixedMillisecond;
import org.jfree.data.time.TimeSeries;
import org.jfree.data.time.TimeSeriesCollection;

/**
 * A live line chart over a sliding window of fixed length (JFreeChart in a {@link ChartViewer}).
 * Points are added in batches on the UI thread, with change events off, and the chart redraws
 * once per batch: a reading of many jobs costs one redraw, not one per point.
 */
public final class TimeChart {
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private final List<TimeSeries> series = new ArrayList<>();
    private final TimeSeriesCollection dataset = new TimeSeriesCollection();

    /** A chart of the last {@code window}; with {@code window} null it keeps every point (a job's whole run). */
    public TimeChart(String title, String valueLabel, Duration window, ObservableValue<Theme> theme, String... names) {
        for (String name : names) {
            TimeSeries s = new TimeSeries(name);
            if (window != null) {
                s.setMaximumItemAge(window.toMillis());
            }
            series.add(s);
            dataset.addSeries(s);
        }
        chart = ChartFactory.createTimeSeriesChart(title, null, valueLabel, dataset, names.length > 1, false, false);
        XYPlot plot = chart.getXYPlot();
        NumberAxis range = (NumberAxis) plot.getRangeAxis();
        range.setAutoRangeIncludesZero(true);
        range.setAutoRangeMinimumSize(1.0);
        range.setRangeType(org.jfree.data.RangeType.POSITIVE);
        plot.setNoDataMessage("No samples");
        viewer = new ChartViewer(chart);
        viewer.getStyleClass().add("chart");
        viewer.setMinSize(160, 120);
        ChartStyle.apply(chart, theme.getValue());
        theme.addListener((o, was, now) -> ChartStyle.apply(chart, now));
    }

    /** Fixes the value axis to {@code 0..max} (for percentages). */
    public TimeChart withRange(double max) {
        NumberAxis range = (NumberAxis) chart.getXYPlot().getRangeAxis();
        range.setRange(0, max);
        return this;
    }

    public ChartViewer viewer() {
        return viewer;
    }

    public JFreeChart chart() {
        return chart;
    }

    /** Starts a batch: points added until {@link #endBatch()} redraw once. */
    public void beginBatch() {
        chart.setNotify(false);
    }

    /** Adds (or replaces) one point of series {@code index}, inside a batch. */
    public void add(int index, Instant at, double value) {
        series.get(index).addOrUpdate(new FixedMillisecond(at.toEpochMilli()), value);
    }

    public void endBatch() {
        chart.setNotify(true);
    }

    /** Removes every point. */
    public void clear() {
        chart.setNotify(false);
        series.forEach(TimeSeries::clear);
        chart.setNotify(true);
    }

    /** Points of series {@code index} (for tests and screenshots). */
    public int size(int index) {
        return series.get(index).getItemCount();
    }
}
