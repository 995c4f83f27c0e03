package io.llmcost.plot;

import java.util.Arrays;

/**
 * A fourth objective shown as marker size: the points split into {@link #COUNT} classes of about equal count by rank
 * (quartiles), the smallest marker for the lowest values. Ranks rather than equal ranges, so that a skewed column
 * still uses every size.
 *
 * @param bounds the least value of each class, ascending, then the greatest value overall
 */
record SizeClasses(String column, double[] bounds) {

    static final int COUNT = 4;
    private static final double SMALLEST_PX = 6;
    private static final double STEP_PX = 4;

    static SizeClasses of(String column, double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double[] bounds = new double[COUNT + 1];
        for (int c = 0; c < COUNT; c++) {
            bounds[c] = sorted[c * sorted.length / COUNT];
        }
        bounds[COUNT] = sorted[sorted.length - 1];
        return new SizeClasses(column, bounds);
    }

    int count() {
        return COUNT;
    }

    /** The class of a value: the last class whose least value is <= it. */
    int of(double v) {
        int c = 0;
        while (c + 1 < COUNT && v >= bounds[c + 1]) {
            c++;
        }
        return c;
    }

    double diameterPx(int c) {
        return SMALLEST_PX + STEP_PX * c;
    }

    String label(int c) {
        double hi = c + 1 < COUNT ? bounds[c + 1] : bounds[COUNT];
        return TickLabels.compact(bounds[c]) + (c + 1 < COUNT ? " to <" : " to ") + TickLabels.compact(hi);
    }
}
