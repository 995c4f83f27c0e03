package io.llmcost.memory;

import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Parses an enum from its command-line label ("bf16-mixed"); the error lists the accepted labels. */
public final class Labels {
    private Labels() {}

    public static <E extends Enum<E>> E parse(Class<E> type, String s, Function<E, String> label) {
        for (E e : type.getEnumConstants()) {
            if (label.apply(e).equalsIgnoreCase(s)) {
                return e;
            }
        }
        throw new IllegalArgumentException("'" + s + "': expected one of " + Arrays.stream(type.getEnumConstants())
                .map(label).collect(Collectors.joining(", ")));
    }
}
