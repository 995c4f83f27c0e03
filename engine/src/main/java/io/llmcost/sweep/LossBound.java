package io.llmcost.sweep;

import io.llmcost.scaling.ChinchillaLaw;

import java.io.Serializable;

/**
 * A lower bound of the loss without {@code Math.pow}, for rejecting a point before its loss is computed.
 *
 * <p>Every law here is {@code L(N, D) = e + f(N) + g(D)} with f and g positive and decreasing. The tables hold
 * {@code L(e, inf)} and {@code L(inf, e)} at the upper edge e of each bucket of a log2 scale with
 * 2^{@value #BUCKET_BITS} buckets per octave; the bucket of x is read from its exponent and top mantissa bits, so
 * x < e and f(e) <= f(x). Then {@code L(e_N, inf) + L(inf, e_D) - L(inf, inf) <= L(N, D)} up to rounding, which
 * {@link #SAFETY} covers. The bound is within about 0.2% of each term ({@code 2^(alpha/128)}).
 */
final class LossBound implements Serializable {
    private static final long serialVersionUID = 1L;

    /** 128 buckets per octave: term error below 0.3% for exponents up to 0.37, tables of 128 KiB. */
    static final int BUCKET_BITS = 7;
    /** Octaves covered above 1; beyond 2^128 the term is bounded by 0. */
    static final int OCTAVES = 128;
    private static final int LAST = OCTAVES << BUCKET_BITS;
    private static final long ONE_BUCKET = 1023L << BUCKET_BITS;
    private static final int SHIFT = 52 - BUCKET_BITS;
    /** Covers the few ulps by which three rounded loss evaluations can differ from the exact sum. */
    static final double SAFETY = 1 - 1e-12;

    private final double[] paramsTable;
    private final double[] tokensTable;
    private final double irreducible;

    LossBound(ChinchillaLaw law) {
        paramsTable = new double[LAST + 1];
        tokensTable = new double[LAST + 1];
        double inf = Double.POSITIVE_INFINITY;
        irreducible = law.loss(inf, inf);
        for (int j = 0; j < LAST; j++) {
            double edge = Double.longBitsToDouble((ONE_BUCKET + j + 1) << SHIFT);
            paramsTable[j] = law.loss(edge, inf);
            tokensTable[j] = law.loss(inf, edge);
        }
        paramsTable[LAST] = irreducible;
        tokensTable[LAST] = irreducible;
    }

    /** The bucket whose upper edge is above x: x < 1 falls in bucket 0, x >= 2^128 in the last (term 0). */
    static int bucket(double x) {
        long j = (Double.doubleToRawLongBits(x) >> SHIFT) - ONE_BUCKET;
        return (int) Math.max(0, Math.min(j, LAST));
    }

    double lowerBound(double params, double tokens) {
        return (paramsTable[bucket(params)] + tokensTable[bucket(tokens)] - irreducible) * SAFETY;
    }
}
