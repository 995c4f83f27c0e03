package io.llmcost.io;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds a catalog entry by a name a user typed: case-insensitive, through aliases, and with a "did you mean" for a
 * near miss. One place for every catalog (GPUs, models), so they all forgive and suggest the same way.
 */
public final class NameLookup {
    private NameLookup() {
    }

    /** Lower case, and '_' read as '-': {@code H100_SXM} is {@code h100-sxm}. */
    public static String normalise(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The entry whose name or alias equals {@code typed} after {@link #normalise}, or an {@link InputException}
     * {@code "<what> <typed>: unknown <kind>; did you mean X? expected one of ..."}.
     *
     * @param aliases normalised alias -> canonical name
     */
    public static <T> T find(String what, String kind, String typed, Collection<T> entries,
                             Function<T, String> name, Map<String, String> aliases) {
        String key = normalise(typed);
        String canonical = aliases.getOrDefault(key, key);
        for (T e : entries) {
            if (normalise(name.apply(e)).equals(canonical)) {
                return e;
            }
        }
        String hint = suggest(key, entries.stream().map(name).toList())
                .map(s -> " did you mean " + s + "?").orElse("");
        throw new InputException(what + " " + typed + ": unknown " + kind + ";" + hint + " expected one of "
                + String.join(", ", entries.stream().map(name).toList()));
    }

    /** The candidate closest to {@code typed} in edit distance, when it is within a third of the longer name. */
    public static Optional<String> suggest(String typed, Collection<String> candidates) {
        String key = normalise(typed);
        LevenshteinDistance distance = LevenshteinDistance.getDefaultInstance();
        return candidates.stream()
                .min(Comparator.comparingInt((String c) -> distance.apply(key, normalise(c))).thenComparing(c -> c))
                .filter(c -> distance.apply(key, normalise(c)) <= Math.max(2, Math.max(key.length(), c.length()) / 3));
    }
}
