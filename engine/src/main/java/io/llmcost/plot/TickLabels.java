package io.llmcost.plot;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;

/** Axis and legend numbers: short, and the same in every unit (no B/M suffix that could read as bytes). */
final class TickLabels {
    private TickLabels() {}

    private static final double PLAIN_BELOW = 1e4; // 9999 is still read at a glance; 12000 becomes 1.2e4
    private static final int SIGNIFICANT_DIGITS = 3;

    /** Three significant digits: 0.5 -> "0.5", 9990 -> "9990", 9999 -> "1e4", 2.5e11 -> "2.5e11", 1.234e-5 -> "1.23e-5". */
    static String compact(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        BigDecimal d = new BigDecimal(v).round(new MathContext(SIGNIFICANT_DIGITS)).stripTrailingZeros();
        double a = Math.abs(d.doubleValue());
        if (a >= PLAIN_BELOW || a < 1e-3) {
            int exponent = d.precision() - d.scale() - 1;
            BigDecimal mantissa = d.movePointLeft(exponent).stripTrailingZeros();
            return mantissa.toPlainString() + "e" + exponent;
        }
        return d.toPlainString();
    }
}
