package io.satellite.app.console.charts;

import io.satellite.app.console.shell.Theme;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.axis.Axis;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleInsets;

/** The console's chart look, light or dark: flat, quiet grid lines, the theme's colours. */
public final class ChartStyle {
    /** Series colours: blue, amber, green, red, violet, teal. */
    public static final Color[] SERIES = {new Color(0x2563eb), new Color(0xf59e0b), new Color(0x16a34a),
            new Color(0xdc2626), new Color(0x7c3aed), new Color(0x0d9488)};
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 13);
    private static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 11);

    private ChartStyle() {
    }

    public static void apply(JFreeChart chart, Theme theme) {
        boolean dark = theme == Theme.DARK;
        Color surface = dark ? new Color(0x1f2430) : Color.WHITE;
        Color text = dark ? new Color(0xd6dae3) : new Color(0x1f2937);
        Color muted = dark ? new Color(0x8b93a5) : new Color(0x6b7280);
        Color grid = dark ? new Color(0x343b4b) : new Color(0xe5e7eb);
        chart.setBackgroundPaint(surface);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        TextTitle title = chart.getTitle();
        if (title != null) {
            title.setFont(TITLE);
            title.setPaint(text);
            title.setHorizontalAlignment(org.jfree.chart.ui.HorizontalAlignment.LEFT);
            title.setPadding(new RectangleInsets(6, 8, 2, 8));
        }
        LegendTitle legend = chart.getLegend();
        if (legend != null) {
            legend.setBackgroundPaint(surface);
            legend.setItemPaint(text);
            legend.setItemFont(TICKS);
            legend.setFrame(org.jfree.chart.block.BlockBorder.NONE);
        }
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(surface);
        plot.setOutlineVisible(false);
        plot.setInsets(new RectangleInsets(4, 4, 4, 10));
        plot.setNoDataMessagePaint(muted);
        plot.setNoDataMessageFont(TITLE);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(grid);
            xy.setRangeGridlinePaint(grid);
            xy.setDomainGridlineStroke(new BasicStroke(1f));
            xy.setRangeGridlineStroke(new BasicStroke(1f));
            axis(xy.getDomainAxis(), text, muted, grid);
            axis(xy.getRangeAxis(), text, muted, grid);
            for (int i = 0; i < SERIES.length; i++) {
                xy.getRenderer().setSeriesPaint(i, SERIES[i]);
                xy.getRenderer().setSeriesStroke(i, new BasicStroke(2f));
            }
            if (xy.getRenderer() instanceof XYBarRenderer bars) {
                bars.setBarPainter(new StandardXYBarPainter());
                bars.setShadowVisible(false);
                bars.setDrawBarOutline(false);
            }
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(grid);
            cat.setRangeGridlineStroke(new BasicStroke(1f));
            axis(cat.getDomainAxis(), text, muted, grid);
            axis(cat.getRangeAxis(), text, muted, grid);
            if (cat.getRenderer() instanceof BarRenderer bars) {
                bars.setBarPainter(new StandardBarPainter());
                bars.setShadowVisible(false);
                bars.setDrawBarOutline(false);
                bars.setMaximumBarWidth(0.12);
                for (int i = 0; i < SERIES.length; i++) {
                    bars.setSeriesPaint(i, SERIES[i]);
                }
            }
        }
    }

    private static void axis(Axis axis, Color text, Color muted, Color grid) {
        axis.setLabelPaint(muted);
        axis.setLabelFont(TICKS);
        axis.setTickLabelPaint(muted);
        axis.setTickLabelFont(TICKS);
        axis.setAxisLinePaint(grid);
        axis.setTickMarkPaint(grid);
    }
}
