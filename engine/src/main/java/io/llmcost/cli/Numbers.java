package io.llmcost.cli;

import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The one parser of numbers on the command line, so that every option takes the same forms: a decimal or
 * scientific number with an optional suffix K = 1e3, M = 1e6, B or G = 1e9, T = 1e12 ({@code 15.6T},
 * {@code --gpu-hours 2.6M}, {@code --usd 5M}, {@code 1e24}). NaN and infinities are not numbers here.
 */
final class Numbers {
    private Numbers() {}

    static final String EXAMPLES = "0.4, 1e24, 2.6M or 15.6T";

    /** The exact value of {@code text}, or a conversion error that quotes it. */
    static BigDecimal parse(String text) {
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
            return new BigDecimal(s).multiply(BigDecimal.valueOf(scale)); // NaN and Infinity do not parse
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "': expected a number such as " + EXAMPLES);
        }
    }

    /** A finite double (the range checks of each option follow in its command). */
    static final class Real implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double v = parse(text).doubleValue();
            if (Double.isInfinite(v)) {
                throw new TypeConversionException("'" + text + "': expected a finite number such as " + EXAMPLES);
            }
            return v;
        }
    }

    /** Registers {@link Real} for every {@code double} option of {@code cl} and its subcommands. */
    static void register(CommandLine cl) {
        cl.registerConverter(Double.class, new Real());
        cl.registerConverter(Double.TYPE, new Real());
    }
}
