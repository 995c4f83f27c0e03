package io.llmcost.plot;

import java.awt.Color;

/**
 * A numeric column mapped to colour: {@link #LEVELS} steps of viridis from the column's least to its greatest value,
 * on a log scale when the values are positive and span more than {@value #LOG_MIN_DECADES} decade (one decade, not
 * the axes' two: colour steps are coarser than axis positions, and frontier columns such as parameters crowd at the
 * low end of a linear scale).
 *
 * @param column the column's name, shown on the colour bar
 */
record ColourScale(String column, double min, double max, boolean log) {

    /** Colour steps: more than the eye separates on a bar, few enough to draw each as one chart series. */
    static final int LEVELS = 32;
    static final double LOG_MIN_DECADES = 1;

    /**
     * Viridis at 0, 1/8, ..., 1 (van der Walt and Smith, matplotlib's default colormap since 2.0, `_cm_listed.py`
     * entries 0, 32, ..., 255): perceptually uniform, readable in grey and by most colour-blind readers.
     */
    private static final int[] VIRIDIS = {0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779,
            0x6DCD59, 0xFDE725};

    static ColourScale of(String column, double[] values) {
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new ColourScale(column, min, max, min > 0 && Math.log10(max / min) > LOG_MIN_DECADES);
    }

    /** The level of a value: 0 for the least, LEVELS - 1 for the greatest. */
    int level(double v) {
        double f = fraction(v);
        return Math.min(LEVELS - 1, (int) (f * LEVELS));
    }

    /** The value at fraction f of the bar (0 bottom, 1 top). */
    double valueAt(double f) {
        return log ? min * Math.pow(max / min, f) : min + f * (max - min);
    }

    private double fraction(double v) {
        if (max == min) {
            return 0.5;
        }
        return log ? Math.log(v / min) / Math.log(max / min) : (v - min) / (max - min);
    }

    /** The colour of a level: viridis at the level's midpoint, interpolated linearly between its anchors. */
    static Color color(int level) {
        double f = (level + 0.5) / LEVELS * (VIRIDIS.length - 1);
        int i = Math.min(VIRIDIS.length - 2, (int) f);
        double t = f - i;
        int a = VIRIDIS[i], b = VIRIDIS[i + 1];
        return new Color(mix(a >> 16, b >> 16, t), mix(a >> 8, b >> 8, t), mix(a, b, t));
    }

    private static int mix(int a, int b, double t) {
        return (int) Math.round((a & 0xFF) * (1 - t) + (b & 0xFF) * t);
    }
}
