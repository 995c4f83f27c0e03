package io.llmcost.plot;

import org.apache.commons.text.WordUtils;
import org.knowm.xchart.AnnotationTextPanel;
import org.knowm.xchart.HorizontalBarChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The charts llmcost draws. Inputs are plain arrays, strings and maps, so that callers need no chart library types;
 * each method returns a {@link Plot} to write as PNG or SVG.
 */
public final class Plots {
    static {
        // Charts are drawn off-screen; headless mode lets them render on CI machines with no display.
        System.setProperty("java.awt.headless", "true");
    }

    private Plots() {}

    public static final int WIDTH_PX = 1200;
    public static final int HEIGHT_PX = 800;
    /** Height of one breakdown panel; {@link Plot#above} stacks panels. */
    public static final int BREAKDOWN_HEIGHT_PX = 500;

    /** Spans above this many decades get a log axis: below it, a linear axis reads better. */
    static final double LOG_AXIS_MIN_DECADES = 2;
    /** More dominated points than this are thinned by a fixed stride: they only show the cloud's shape. */
    static final int CLOUD_MAX_POINTS = 20_000;

    // Okabe & Ito (2008), "Color Universal Design", without the yellow that vanishes on white; plus black and olive.
    private static final Color[] PALETTE = {
            new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
            new Color(0xE69F00), new Color(0x56B4E9), new Color(0x000000), new Color(0x999933)};
    // Shapes as well as colours, for readers who cannot tell the colours apart.
    private static final Marker[] MARKERS = {
            SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE, SeriesMarkers.TRIANGLE_UP,
            SeriesMarkers.TRIANGLE_DOWN, SeriesMarkers.CIRCLE, SeriesMarkers.DIAMOND, SeriesMarkers.SQUARE};
    /** At most this many categories get their own colour; more are grouped into as many contiguous ranges. */
    public static final int MAX_CATEGORIES = PALETTE.length;
    static final Color CLOUD_COLOR = new Color(0xC8C8C8);
    private static final int DEFAULT_MARKER_PX = 8;
    private static final Color GRID_COLOR = new Color(0xE6E6E6);
    private static final String FONT = Font.SANS_SERIF;
    private static final int REASON_LINE_CHARS = 90;
    private static final int TICK_SPACING_PX = 110; // room for a label such as "3.16e22" at 14 pt

    /**
     * Pareto frontier of two objectives as a scatter, points coloured by a category such as the number of experts.
     * Each axis is logarithmic when its values are all positive and span more than {@value #LOG_AXIS_MIN_DECADES}
     * decades.
     *
     * @param specName      named in the title with the number of frontier points
     * @param xTitle        x axis title with its unit, e.g. "forward FLOPs per token [FLOP]"
     * @param category      one value per frontier point, e.g. experts (1 = dense); ascending values get the palette
     *                      in order; beyond {@link #MAX_CATEGORIES} distinct values, contiguous ranges share a colour
     * @param categoryLabel legend text of one category value, e.g. {@code e -> e == 1 ? "dense" : e + " experts"}
     * @param cloud         dominated points drawn light behind the frontier, or {@link Points#NONE}; above
     *                      {@value #CLOUD_MAX_POINTS} points every k-th is drawn
     */
    public static Plot frontier(String specName, String xTitle, String yTitle, Points frontier, long[] category,
                                LongFunction<String> categoryLabel, Points cloud) {
        if (category.length != frontier.size()) {
            throw new IllegalArgumentException("category has " + category.length + " values for "
                    + frontier.size() + " frontier points");
        }
        int cloudStride = stride(cloud.size(), CLOUD_MAX_POINTS);
        Points shownCloud = thin(cloud, cloudStride);
        String title = frontierTitle(specName, frontier, cloud, shownCloud);
        XYChart chart = xyChart(title, xTitle, yTitle);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        logAxesWhereWide(chart.getStyler(), new Points[] {frontier, shownCloud});

        if (shownCloud.size() > 0) {
            String label = cloudStride == 1 ? "dominated" : "dominated (1 in " + cloudStride + " shown)";
            XYSeries s = chart.addSeries(label, shownCloud.x(), shownCloud.y());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(CLOUD_COLOR);
        }
        long[] values = Arrays.stream(category).distinct().sorted().toArray();
        int groups = Math.min(values.length, MAX_CATEGORIES);
        for (int g = 0; g < groups; g++) {
            long lo = values[g * values.length / groups];
            long hi = values[(g + 1) * values.length / groups - 1];
            int n = 0;
            double[] x = new double[frontier.size()];
            double[] y = new double[frontier.size()];
            for (int i = 0; i < category.length; i++) {
                if (category[i] >= lo && category[i] <= hi) {
                    x[n] = frontier.x()[i];
                    y[n] = frontier.y()[i];
                    n++;
                }
            }
            String label = lo == hi ? categoryLabel.apply(lo)
                    : categoryLabel.apply(lo) + " to " + categoryLabel.apply(hi);
            XYSeries s = chart.addSeries(label, Arrays.copyOf(x, n), Arrays.copyOf(y, n));
            s.setMarker(MARKERS[g]);
            s.setMarkerColor(PALETTE[g]);
        }
        return new Plot(List.of(chart));
    }

    /**
     * Pareto frontier of three or four objectives (or of two, coloured by any numeric column): the first two on the
     * axes, the third as colour on a viridis scale with a colour bar that names its column, the fourth, if any, as
     * marker size in four rank classes. A point that looks dominated in the x-y plane is better in colour or size,
     * which the key lets the reader check. Low colour values are drawn last, on top.
     *
     * @param colourColumn name of the colour column, shown on the colour bar
     * @param sizeColumn   name of the size column, or null for one size
     * @param size         one value per frontier point, or null
     * @param cloud        dominated points drawn light behind the frontier, as in {@link #frontier}
     */
    public static Plot frontierByValue(String specName, String xTitle, String yTitle, Points frontier,
                                       String colourColumn, double[] colour, String sizeColumn, double[] size,
                                       Points cloud) {
        if (colour.length != frontier.size() || (size != null && size.length != frontier.size())) {
            throw new IllegalArgumentException("colour or size values do not match the " + frontier.size()
                    + " frontier points");
        }
        int cloudStride = stride(cloud.size(), CLOUD_MAX_POINTS);
        Points shownCloud = thin(cloud, cloudStride);
        String title = frontierTitle(specName, frontier, cloud, shownCloud);
        XYChart chart = xyChart(title, xTitle, yTitle, WIDTH_PX - Key.WIDTH_PX);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false); // the key beside the chart names colour, size and cloud
        logAxesWhereWide(chart.getStyler(), new Points[] {frontier, shownCloud});
        if (shownCloud.size() > 0) {
            XYSeries s = chart.addSeries("dominated", shownCloud.x(), shownCloud.y());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(CLOUD_COLOR);
        }
        ColourScale scale = ColourScale.of(colourColumn, colour);
        SizeClasses classes = size == null ? null : SizeClasses.of(sizeColumn, size);
        int sizeCount = classes == null ? 1 : classes.count();
        // One series per (colour level, size class), high levels first so that low values end on top.
        for (int level = ColourScale.LEVELS - 1; level >= 0; level--) {
            for (int c = 0; c < sizeCount; c++) {
                int n = 0;
                double[] x = new double[frontier.size()];
                double[] y = new double[frontier.size()];
                for (int i = 0; i < frontier.size(); i++) {
                    if (scale.level(colour[i]) == level && (classes == null || classes.of(size[i]) == c)) {
                        x[n] = frontier.x()[i];
                        y[n] = frontier.y()[i];
                        n++;
                    }
                }
                if (n > 0) {
                    XYSeries s = chart.addSeries(level + "/" + c, Arrays.copyOf(x, n), Arrays.copyOf(y, n));
                    s.setMarker(new Disc(classes == null ? DEFAULT_MARKER_PX : classes.diameterPx(c)));
                    s.setMarkerColor(ColourScale.color(level));
                }
            }
        }
        String cloudLabel = shownCloud.size() == 0 ? null
                : cloudStride == 1 ? "dominated" : "dominated (1 in " + cloudStride + ")";
        return new Plot(List.of(chart), new Key(scale, classes, cloudLabel));
    }

    /** A filled circle of a fixed diameter, whatever the chart's marker size. */
    private static final class Disc extends Marker {
        private final double diameter;

        Disc(double diameter) {
            this.diameter = diameter;
        }

        @Override
        public void paint(Graphics2D g, double x, double y, int markerSize) {
            g.fill(new Ellipse2D.Double(x - diameter / 2, y - diameter / 2, diameter, diameter));
        }
    }

    /**
     * The frame of a frontier plot with no point, for a sweep whose constraints left no valid point: the title says
     * so and the subtitle line gives the reason, so the picture of an empty answer is not mistaken for a failure.
     */
    public static Plot empty(String title, String xTitle, String yTitle, String reason) {
        XYChart chart = xyChart(title, xTitle, yTitle);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        // XChart needs a series to draw axes; this one has no visible marker.
        XYSeries none = chart.addSeries("no valid point", new double[] {0, 1}, new double[] {0, 1});
        none.setMarker(SeriesMarkers.NONE);
        if (reason != null) {
            // The reason in a panel in the plot area, wrapped to lines that fit its width.
            chart.getStyler().setAnnotationTextPanelFont(new Font(FONT, Font.PLAIN, 16));
            chart.addAnnotation(new AnnotationTextPanel(WordUtils.wrap(reason, REASON_LINE_CHARS, "\n", true), 0.05, 0.6,
                    false));
        }
        return new Plot(List.of(chart));
    }

    /**
     * IsoFLOP curves: predicted loss against parameters for several budgets, the optimum of each marked.
     *
     * @param lawName named in the title, e.g. "Epoch AI refit (Besiroglu et al. 2024)"
     */
    public static Plot isoFlop(String lawName, List<IsoFlopCurve> curves) {
        if (curves.isEmpty() || curves.size() > PALETTE.length) {
            throw new IllegalArgumentException("IsoFLOP plot: expected 1 to " + PALETTE.length + " curves, got "
                    + curves.size());
        }
        XYChart chart = xyChart("IsoFLOP curves, law: " + lawName, "parameters N", "predicted loss [nats/token]");
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        chart.getStyler().setMarkerSize(11);
        Points[] all = curves.stream().map(IsoFlopCurve::paramsToLoss).toArray(Points[]::new);
        logAxesWhereWide(chart.getStyler(), all);
        double[] optimumParams = new double[curves.size()];
        double[] optimumLoss = new double[curves.size()];
        for (int i = 0; i < curves.size(); i++) {
            IsoFlopCurve c = curves.get(i);
            XYSeries s = chart.addSeries("C = " + TickLabels.compact(c.budgetFlops()) + " FLOPs",
                    c.paramsToLoss().x(), c.paramsToLoss().y());
            s.setMarker(SeriesMarkers.NONE);
            s.setLineColor(PALETTE[i]);
            s.setLineStyle(new BasicStroke(2.5f));
            optimumParams[i] = c.optimumParams();
            optimumLoss[i] = c.optimumLoss();
        }
        XYSeries optima = chart.addSeries("optimum", optimumParams, optimumLoss);
        optima.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        optima.setMarker(SeriesMarkers.DIAMOND);
        optima.setMarkerColor(Color.BLACK);
        return new Plot(List.of(chart));
    }

    /**
     * Horizontal bars of named components, top to bottom in the map's order, each named with its value and share of the sum.
     * Zero components are left out. Values are drawn as given: pass them in the unit that {@code valueTitle} names.
     *
     * @param valueTitle the value axis title with its unit, e.g. "parameters [billions]" or "memory per GPU [GiB]"
     */
    public static Plot breakdown(String title, String valueTitle, Map<String, ? extends Number> components) {
        double sum = 0;
        for (Map.Entry<String, ? extends Number> e : components.entrySet()) {
            double v = e.getValue().doubleValue();
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException("breakdown " + title + ": " + e.getKey() + "=" + v
                        + ", expected a finite value >= 0");
            }
            sum += v;
        }
        if (!(sum > 0)) {
            throw new IllegalArgumentException("breakdown " + title + ": all components are 0");
        }
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Map.Entry<String, ? extends Number> e : components.entrySet()) {
            double v = e.getValue().doubleValue();
            if (v > 0) {
                names.add(e.getKey() + "  " + TickLabels.compact(v) + " (" + share(v / sum) + ")");
                values.add(v);
            }
        }
        HorizontalBarChart chart = new HorizontalBarChart(WIDTH_PX, BREAKDOWN_HEIGHT_PX);
        chart.setTitle(title);
        chart.setXAxisTitle(valueTitle);
        chart.setYAxisTitle("");
        style(chart.getStyler());
        chart.getStyler().setLegendVisible(false);
        // XChart thins category labels by the x spacing hint unless a label count is set; 1 is not accepted.
        chart.getStyler().setXAxisMaxLabelCount(Math.max(2, names.size()));
        chart.getStyler().setSeriesColors(new Color[] {PALETTE[0]});
        chart.addSeries(valueTitle, values, names);
        return new Plot(List.of(chart));
    }

    /**
     * Model against measurement on log-log axes: one scatter series per metric, the line y = x and the lines of
     * +-30% around it.
     */
    public static Plot predictedVersusMeasured(String title, String xTitle, String yTitle, List<String> names,
                                               List<double[]> measured, List<double[]> predicted) {
        if (names.isEmpty() || names.size() > PALETTE.length || measured.size() != names.size()
                || predicted.size() != names.size()) {
            throw new IllegalArgumentException("predicted-vs-measured plot: expected 1 to " + PALETTE.length
                    + " series with one measured and one predicted array each");
        }
        XYChart chart = xyChart(title, xTitle, yTitle);
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        double min = Double.POSITIVE_INFINITY, max = 0;
        for (int i = 0; i < names.size(); i++) {
            for (double[] v : List.of(measured.get(i), predicted.get(i))) {
                for (double x : v) {
                    if (!(x > 0) || Double.isInfinite(x)) {
                        throw new IllegalArgumentException(names.get(i) + ": value " + x + ", expected > 0");
                    }
                    min = Math.min(min, x);
                    max = Math.max(max, x);
                }
            }
        }
        double[] ends = {min / 1.5, max * 1.5};
        String[] lineNames = {"predicted = measured", "+30%", "-30%"};
        double[] factors = {1, 1.3, 0.7};
        for (int k = 0; k < lineNames.length; k++) {
            XYSeries line = chart.addSeries(lineNames[k], ends,
                    new double[] {ends[0] * factors[k], ends[1] * factors[k]});
            line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            line.setMarker(SeriesMarkers.NONE);
            line.setLineColor(k == 0 ? Color.GRAY : GRID_COLOR.darker());
            line.setLineStyle(new BasicStroke(k == 0 ? 2f : 1.5f));
        }
        for (int i = 0; i < names.size(); i++) {
            XYSeries s = chart.addSeries(names.get(i), measured.get(i), predicted.get(i));
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(MARKERS[i]);
            s.setMarkerColor(PALETTE[i]);
        }
        return new Plot(List.of(chart));
    }

    /** A line through points in order, e.g. time per output token against throughput as the batch grows. */
    public static Plot curve(String title, String xTitle, String yTitle, String name, double[] x, double[] y) {
        if (x.length == 0 || x.length != y.length) {
            throw new IllegalArgumentException("curve " + title + ": expected equal, non-empty x and y");
        }
        XYChart chart = xyChart(title, xTitle, yTitle);
        logAxesWhereWide(chart.getStyler(), new Points[] {new Points(x, y)});
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(MARKERS[0]);
        s.setMarkerColor(PALETTE[0]);
        s.setLineColor(PALETTE[0]);
        s.setLineStyle(new BasicStroke(2f));
        return new Plot(List.of(chart));
    }

    /** 0.319 -> "31.9%"; shares that would print as 0.0% say "<0.1%", since the component is not empty. */
    static String share(double fraction) {
        return fraction < 0.0005 ? "<0.1%" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }

    private static XYChart xyChart(String title, String xTitle, String yTitle) {
        return xyChart(title, xTitle, yTitle, WIDTH_PX);
    }

    private static XYChart xyChart(String title, String xTitle, String yTitle, int widthPx) {
        XYChart chart = new XYChart(widthPx, HEIGHT_PX);
        chart.setTitle(title);
        chart.setXAxisTitle(xTitle);
        chart.setYAxisTitle(yTitle);
        style(chart.getStyler());
        chart.getStyler().setYAxisTickLabelsFormattingFunction(TickLabels::compact);
        chart.getStyler().setMarkerSize(DEFAULT_MARKER_PX);
        return chart;
    }

    private static void style(AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(GRID_COLOR);
        s.setChartTitleFont(new Font(FONT, Font.BOLD, 20));
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(new Font(FONT, Font.PLAIN, 16));
        s.setAxisTickLabelsFont(new Font(FONT, Font.PLAIN, 14));
        s.setLegendFont(new Font(FONT, Font.PLAIN, 14));
        s.setLegendPosition(Styler.LegendPosition.OutsideE);
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setChartPadding(16);
        s.setXAxisTickLabelsFormattingFunction(TickLabels::compact);
        s.setXAxisTickMarkSpacingHint(TICK_SPACING_PX);
        s.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
    }

    private static void logAxesWhereWide(AxesChartStyler s, Points[] sets) {
        s.setXAxisLogarithmic(spansDecades(sets, true));
        s.setYAxisLogarithmic(spansDecades(sets, false));
    }

    /** True when every value of the column is positive and max/min exceeds 10^{@value #LOG_AXIS_MIN_DECADES}. */
    static boolean spansDecades(Points[] sets, boolean xColumn) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Points p : sets) {
            for (double v : xColumn ? p.x() : p.y()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return min > 0 && Math.log10(max / min) > LOG_AXIS_MIN_DECADES;
    }

    /** The smallest k such that every k-th of {@code size} points is at most {@code maxPoints} points. */
    static int stride(int size, int maxPoints) {
        return Math.max(1, (size + maxPoints - 1) / maxPoints);
    }

    /** Points 0, k, 2k, ...: a deterministic sample. */
    static Points thin(Points p, int stride) {
        if (stride == 1) {
            return p;
        }
        int n = (p.size() + stride - 1) / stride;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = p.x()[i * stride];
            y[i] = p.y()[i * stride];
        }
        return new Points(x, y);
    }

    /** "spec: N frontier points", and "over M dominated" when any dominated point is drawn; no points is an error. */
    private static String frontierTitle(String specName, Points frontier, Points cloud, Points shownCloud) {
        if (frontier.size() == 0) {
            throw new IllegalArgumentException("frontier plot of " + specName + ": no points");
        }
        return String.format(Locale.ROOT, "%s: %,d frontier point%s", specName, frontier.size(),
                frontier.size() == 1 ? "" : "s")
                + (shownCloud.size() == 0 ? "" : String.format(Locale.ROOT, " over %,d dominated", cloud.size()));
    }
}
