package io.llmcost.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.math.BigDecimal;

/** A token count such as {@code 15.6T}, {@code 1.4e12}, {@code 2B} or {@code 500M}: a positive whole number. */
final class TokenCount implements ITypeConverter<Long> {

    @Override
    public Long convert(String text) {
        BigDecimal value = Numbers.parse(text);
        if (value.signum() <= 0) {
            throw new TypeConversionException("'" + text + "': expected a positive number of tokens");
        }
        BigDecimal whole = value.stripTrailingZeros(); // cheap even for 1e-999999999, unlike setScale(0)
        if (whole.scale() > 0 || whole.precision() - whole.scale() > 19) {
            throw new TypeConversionException("'" + text + "': expected a whole number of tokens below 2^63, such as "
                    + "15.6T, 1.4e12 or 2B");
        }
        try {
            return whole.longValueExact();
        } catch (ArithmeticException e) {
            throw new TypeConversionException("'" + text + "': expected a whole number of tokens below 2^63");
        }
    }
}
