package io.satellite.app.console.charts;

import io.satellite.app.console.shell.Theme;
import java.util.List;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javafx.beans.value.ObservableValue;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.data.category.DefaultCategoryDataset;

/** A horizontal bar chart of a few labelled values (top jobs), replaced as a whole, one redraw each time. */
public final class BarsChart {
    private final JFreeChart chart;
    private final ChartViewer viewer;
    private final DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    private final String series;

    public BarsChart(String title, String valueLabel, String series, ObservableValue<Theme> theme) {
        this.series = series;
        chart = ChartFactory.createBarChart(title, null, valueLabel, dataset, PlotOrientation.HORIZONTAL, false,
                false, false);
        chart.getCategoryPlot().getRangeAxis().setUpperMargin(0.1);
        ((org.jfree.chart.axis.NumberAxis) chart.getCategoryPlot().getRangeAxis()).setAutoRangeMinimumSize(1.0);
        viewer = new ChartViewer(chart);
        viewer.setMinSize(160, 120);
        ChartStyle.apply(chart, theme.getValue());
        theme.addListener((o, was, now) -> ChartStyle.apply(chart, now));
    }

    public <T> void show(List<T> items, Function<T, String> label, ToDoubleFunction<T> value) {
        chart.setNotify(false);
        dataset.clear();
        for (T item : items) {
            dataset.addValue(value.applyAsDouble(item), series, label.apply(item));
        }
        chart.setNotify(true);
    }

    public ChartViewer viewer() {
        return viewer;
    }

    public int size() {
        return dataset.getColumnCount();
    }
}
