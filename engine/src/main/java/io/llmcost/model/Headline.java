package io.llmcost.model;

import io.llmcost.io.InputException;

import java.math.BigDecimal;

/**
 * A publisher's headline parameter figure as printed ("109B", "32.8B", "1T", "8,030,261,248") and the interval it
 * stands for: half a unit of its last printed digit either side ("32.8B" is 32.75B to 32.85B; an integer is exact).
 */
public record Headline(String text, BigDecimal value, BigDecimal halfUnit) {

    public static Headline parse(String text) {
        String s = text.replace(",", "").trim();
        int scale = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
            case 'T' -> 12;
            case 'B' -> 9;
            case 'M' -> 6;
            default -> 0;
        };
        String digits = scale == 0 ? s : s.substring(0, s.length() - 1);
        BigDecimal printed;
        try {
            printed = new BigDecimal(digits);
        } catch (NumberFormatException e) {
            throw new InputException("headline figure " + text + ": expected a number with an optional T/B/M suffix");
        }
        BigDecimal unit = BigDecimal.ONE.movePointLeft(Math.max(printed.scale(), 0)).movePointRight(scale);
        BigDecimal half = scale == 0 && printed.scale() <= 0 ? BigDecimal.ZERO : unit.divide(BigDecimal.valueOf(2));
        return new Headline(text, printed.movePointRight(scale), half);
    }

    /** Whether {@code count} is what this figure prints when rounded to its last digit. */
    public boolean covers(long count) {
        return BigDecimal.valueOf(count).subtract(value).abs().compareTo(halfUnit) <= 0;
    }
}
