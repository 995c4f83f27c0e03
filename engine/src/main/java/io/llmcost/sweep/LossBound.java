package io.llmcost.sweep;

import io.llmcost.scaling.ChinchillaLaw;
import io.llmcost.scaling.DataConstrainedLaw;

import java.io.Serializable;
import java.util.function.DoubleUnaryOperator;

/**
 * A lower bound of the loss without {@code Math.pow}, for rejecting a point before its loss is computed.
 *
 * <p>Every law here is {@code L(N, D) = e + f(N) + g(D)} with f and g positive and decreasing. The tables hold
 * {@code L(e, inf)} and {@code L(inf, e)} at the upper edge e of each bucket of a log2 scale with
 * 2^{@value #BUCKET_BITS} buckets per octave; the bucket of x is read from its exponent and top mantissa bits, so
 * x < e and f(e) <= f(x). Then {@code L(e_N, inf) + L(inf, e_D) - L(inf, inf) <= L(N, D)} up to rounding, which
 * {@link #SAFETY} covers. The bound is within about 0.2% of each term ({@code 2^(alpha/128)}). For the
 * data-constrained law the parameter term also falls as the unique tokens seen grow, so its table holds the term at
 * all U unique tokens seen, below its value at any D.
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
        this(law.loss(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY),
                n -> law.loss(n, Double.POSITIVE_INFINITY), d -> law.loss(Double.POSITIVE_INFINITY, d));
    }

    /** The data-constrained law (Muennighoff et al. 2023) with {@code uniqueTokens} unique tokens. */
    static LossBound dataConstrained(double uniqueTokens) {
        double e = DataConstrainedLaw.E;
        return new LossBound(e, n -> e + DataConstrainedLaw.paramsTerm(n, uniqueTokens),
                d -> e + DataConstrainedLaw.tokensTerm(d, uniqueTokens));
    }

    /**
     * @param paramsLoss the irreducible loss plus a lower bound of the parameter term at N, decreasing in N
     * @param tokensLoss the irreducible loss plus a lower bound of the token term at D, decreasing in D
     */
    private LossBound(double irreducible, DoubleUnaryOperator paramsLoss, DoubleUnaryOperator tokensLoss) {
        paramsTable = new double[LAST + 1];
        tokensTable = new double[LAST + 1];
        this.irreducible = irreducible;
        for (int j = 0; j < LAST; j++) {
            double edge = Double.longBitsToDouble((ONE_BUCKET + j + 1) << SHIFT);
            paramsTable[j] = paramsLoss.applyAsDouble(edge);
            tokensTable[j] = tokensLoss.applyAsDouble(edge);
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
