package io.llmcost.cli;

import picocli.CommandLine.ITypeConverter;

import java.math.BigDecimal;
import java.util.Locale;

/** A token count such as {@code 15.6T}, {@code 1.4e12}, {@code 2B} or {@code 500M}: a positive whole number. */
final class TokenCount implements ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
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
        try {
            BigDecimal value = new BigDecimal(s).multiply(BigDecimal.valueOf(scale));
            if (value.signum() <= 0) {
                throw new IllegalArgumentException("'" + text + "': expected a positive number of tokens");
            }
            return value.setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "': expected a whole number of tokens such as 15.6T, "
                    + "1.4e12 or 2B");
        }
    }
}
