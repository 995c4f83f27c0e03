package io.llmcost.cli;

import io.llmcost.io.NumberText;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;

/**
 * The converter of every real-valued option ({@link NumberText}: the same suffixes as --tokens, no NaN or
 * infinities), registered for all subcommands by {@link #register}.
 */
final class Numbers {
    private Numbers() {}

    /** The exact value of {@code text}, or a conversion error that quotes it. */
    static BigDecimal parse(String text) {
        try {
            return NumberText.parse(text);
        } catch (NumberFormatException e) {
            throw new TypeConversionException("'" + text + "': expected a number such as " + NumberText.EXAMPLES);
        }
    }

    /** A finite double (the range checks of each option follow in its command). */
    static final class Real implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double v = parse(text).doubleValue();
            if (Double.isInfinite(v)) {
                throw new TypeConversionException("'" + text + "': expected a finite number such as "
                        + NumberText.EXAMPLES);
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
