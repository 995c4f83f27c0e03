package io.llmcost.scaling;

import java.util.Locale;

/**
 * Muennighoff et al. 2023, "Scaling Data-Constrained Language Models" (arXiv:2305.16264, NeurIPS 2023): the
 * Chinchilla form with effective data and effective parameters (§3.1; App. A, eq. "fin" and "optunud"),
 * <pre>
 *   L = E + A / N'^alpha + B / D'^beta
 *   D' = U_D + U_D R*_D (1 - exp(-R_D / R*_D)),  U_D = min(U, D),  R_D = D / U_D - 1 (repetitions: epochs - 1)
 *   N' = U_N + U_N R*_N (1 - exp(-R_N / R*_N)),  U_N = min((U_D G)^(beta/alpha) G, N),  R_N = N / U_N - 1
 *   G  = (alpha A / (beta B))^(1/(alpha+beta))
 * </pre>
 * U = unique tokens, N = total parameters, D = training tokens. Repeated tokens and parameters beyond the
 * compute-optimal count for U lose value exponentially; the law reduces to the C4 Chinchilla fit below when
 * nothing is repeated and N stays below U_N. Constants as published: App. A fits R*_N = 5.309743 and R*_D =
 * 15.387756 with a, b, e, alpha, beta fixed to the C4 fit (App. A writes the result as 521 / N'^0.35 + 1488 /
 * D'^0.35 + 1.87 with U_N = 0.051 U_D); the unrounded values are those of the authors' repository
 * (huggingface/datablations README, "Parametric Fit": a, b, e, alpha, beta = 6.255414, 7.3049974, 0.6254804,
 * 0.3526596, 0.3526596 with A = exp(a), B = exp(b), E = exp(e)).
 *
 * @param uniqueTokens U, the unique tokens available
 */
public record DataConstrainedLaw(double uniqueTokens) implements ComputeOptimalLaw {

    /** log A, log B, log E of the C4 fit (datablations README; App. A rounds A = 521, B = 1488, E = 1.87). */
    public static final double LOG_A = 6.255414, LOG_B = 7.3049974, LOG_E = 0.6254804;
    /** alpha = beta = 0.3526596 (datablations README; App. A rounds both to 0.35). */
    public static final double ALPHA = 0.3526596, BETA = 0.3526596;
    public static final double A = Math.exp(LOG_A), B = Math.exp(LOG_B), E = Math.exp(LOG_E);
    /** Decay constants of excess parameters and of repeated data (App. A: R*_N = 5.309743, R*_D = 15.387756). */
    public static final double R_STAR_N = 5.309743, R_STAR_D = 15.387756;
    /** G = (alpha A / (beta B))^(1/(alpha+beta)) (App. A, eq. "optunud"); U_N = U_D G^2 = 0.051 U_D here. */
    public static final double G = Math.pow(ALPHA * A / (BETA * B), 1 / (ALPHA + BETA));

    /** Golden-section steps of {@link #optimalParams}: the bracket shrinks by 0.618^200, far below one ulp. */
    static final int SEARCH_STEPS = 200;
    /** {@link #optimalParams} searches N within this factor either side of the Chinchilla-form optimum. */
    static final double SEARCH_FACTOR = 1e4;

    /** D' = U + U R*_D (1 - exp(-R_D / R*_D)): tokens of fresh data worth as much as R_D repeats of U (§3.1). */
    public static double effectiveTokens(double unique, double repetitions) {
        return unique + unique * R_STAR_D * (1 - Math.exp(-repetitions / R_STAR_D));
    }

    /** N' = U_N + U_N R*_N (1 - exp(-R_N / R*_N)), the same decay for parameters beyond U_N (App. A). */
    public static double effectiveParams(double uniqueParams, double repetitions) {
        return uniqueParams + uniqueParams * R_STAR_N * (1 - Math.exp(-repetitions / R_STAR_N));
    }

    /** U_N = (U_D G)^(beta/alpha) G: the compute-optimal parameters for U_D tokens (App. A, eq. "optunud"). */
    public static double uniqueParams(double uniqueTokensSeen) {
        return Math.pow(uniqueTokensSeen * G, BETA / ALPHA) * G;
    }

    /** The loss of N parameters trained on D tokens drawn from U unique ones. */
    public static double loss(double params, double tokens, double unique) {
        double uD = Math.min(unique, tokens);
        return E + paramsTerm(params, uD) + tokensTerm(tokens, unique);
    }

    /**
     * A / N'^alpha with U_N from U_D tokens seen once. It falls as U_D grows, so at U_D = U it bounds the term
     * from below for every D (what the sweep's loss bound needs).
     */
    public static double paramsTerm(double params, double uniqueTokensSeen) {
        double uN = Math.min(params, uniqueParams(uniqueTokensSeen));
        double rN = Math.max(params / uN - 1, 0);
        return A / Math.pow(effectiveParams(uN, rN), ALPHA);
    }

    /** B / D'^beta with U_D = min(U, D) and R_D = D / U_D - 1. */
    public static double tokensTerm(double tokens, double unique) {
        double uD = Math.min(unique, tokens);
        double rD = Math.max(tokens / uD - 1, 0);
        return B / Math.pow(effectiveTokens(uD, rD), BETA);
    }

    @Override
    public String name() {
        return "data-constrained";
    }

    @Override
    public String paramsMeaning() {
        return "total parameters";
    }

    @Override
    public double loss(double params, double tokens) {
        return loss(params, tokens, uniqueTokens);
    }

    /**
     * The N that minimises L(N, C/(6N)), found numerically as the authors do (their README searches a grid around
     * the Chinchilla optimum): golden-section search on log N, where the loss has one minimum.
     */
    @Override
    public double optimalParams(double flops) {
        double chinchilla = G * Math.pow(flops / 6, BETA / (ALPHA + BETA));
        double lo = Math.log(chinchilla / SEARCH_FACTOR), hi = Math.log(chinchilla * SEARCH_FACTOR);
        double ratio = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - ratio * (hi - lo), x2 = lo + ratio * (hi - lo);
        double f1 = lossAtBudget(x1, flops), f2 = lossAtBudget(x2, flops);
        for (int i = 0; i < SEARCH_STEPS; i++) {
            if (f1 <= f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - ratio * (hi - lo);
                f1 = lossAtBudget(x1, flops);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + ratio * (hi - lo);
                f2 = lossAtBudget(x2, flops);
            }
        }
        return Math.exp((lo + hi) / 2);
    }

    private double lossAtBudget(double logParams, double flops) {
        double n = Math.exp(logParams);
        return loss(n, flops / (6 * n));
    }

    @Override
    public double optimalTokens(double flops) {
        return flops / (6 * optimalParams(flops));
    }

    /** Epochs D / U enter the range check (the decay constants were fitted on 1 to 500 epochs). */
    @Override
    public String extrapolation(double params, double tokens, double flops) {
        return fitRange().reason(params, tokens, flops, 1, tokens / uniqueTokens);
    }

    @Override
    public FitRange fitRange() {
        return FitRange.DATA_CONSTRAINED;
    }

    @Override
    public String formula() {
        return String.format(Locale.ROOT, "L = %.4g + %.4g/N'^%s + %.4g/D'^%s; D' = U + U %s (1 - exp(-R_D/%s)), "
                        + "N' likewise with R*_N = %s beyond U_N = %.4f U; U = %.4g unique tokens", E, A, ALPHA, B,
                BETA, R_STAR_D, R_STAR_D, R_STAR_N, G * G, uniqueTokens);
    }

    @Override
    public String source() {
        return "Muennighoff et al. 2023, arXiv:2305.16264, section 3.1 and App. A; unrounded constants from the "
                + "authors' huggingface/datablations README (Parametric Fit)";
    }
}
