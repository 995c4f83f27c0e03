package io.llmcost.sweep;

import java.io.Serializable;

/**
 * The frontier of some index ranges of a grid with their counts: what {@link Sweep#evaluateRange} returns and
 * {@link Sweep#merge} combines.
 *
 * @param pointsValid     points in the ranges that pass every validity constraint
 * @param pointsEvaluated valid points whose loss was computed and offered to the frontier (the rest were rejected
 *                        by the frontier on a lower bound)
 * @param pointsOutsideLawRange points that pass every other rule but lie outside the law's fitted range, dropped
 *                        by {@code within_law_range} (0 without that constraint)
 */
public record Partial(Frontier frontier, long pointsValid, long pointsEvaluated, long pointsOutsideLawRange)
        implements Serializable {}
