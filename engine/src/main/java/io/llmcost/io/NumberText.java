package io.llmcost.io;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The one reading of a number typed by a user, on the command line or in a sweep file: a decimal or scientific
 * number with an optional suffix K = 1e3, M = 1e6, B or G = 1e9, T = 1e12 ({@code 15.6T}, {@code 2.6M},
 * {@code 1e24}). NaN and infinities are not numbers here.
 */
public final class NumberText {
    private NumberText() {}

    /** Forms to quote in an error message. */
    public static final String EXAMPLES = "0.4, 1e24, 2.6M or 15.6T";

    /** The exact value of {@code text}. */
    public static BigDecimal parse(String text) throws NumberFormatException {
        String s = text.trim().toUpperCase(Locale.ROOT);
        long scale = 1;
        char last = s.isEmpty() ? ' ' : s.charAt(s.length() - 1);
        switch (last) {
            case 'K' -> scale = 1_000L;
            case 'M' -> scale = 1_000_000L;
            case 'B', 'G' -> scale = 1_000_000_000L;
            case 'T' -> scale = 1_000_000_000_000L;
            default -> { }
        }
        if (scale > 1) {
            s = s.substring(0, s.length() - 1);
        }
        return new BigDecimal(s).multiply(BigDecimal.valueOf(scale)); // NaN and Infinity do not parse
    }
}
