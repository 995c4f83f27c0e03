package io.llmcost.scaling;

/**
 * Sardana, Portes, Doubov, Frankle 2024, "Beyond Chinchilla-Optimal: Accounting for Inference in Language Model
 * Scaling Laws" (arXiv:2401.00448, ICML 2024), §2: the model that reaches a loss for the fewest lifetime FLOPs,
 * <pre>
 *   minimise 6 N D + 2 N T   subject to   E + A/N^alpha + B/D^beta = loss          (§2 eq. 2-3)
 * </pre>
 * with T the inference tokens over the model's life (prompt and generated), 6N FLOPs per training token and 2N per
 * inference token. The paper shows the optimum is unique but has no closed form and finds it with Newton's method
 * (App. A); here the same stationarity condition is solved by bisection on log N, which cannot diverge.
 */
public final class InferenceAware {
    private InferenceAware() {}

    /** Bisection steps: each halves the bracket in log N, 200 are far more than double precision needs. */
    static final int STEPS = 200;
    /** FLOPs per inference token per parameter: one forward pass, 2 per multiply-add (§2, after Kaplan et al.). */
    public static final double INFERENCE_FLOPS_PER_PARAM = 2;

    /** N parameters trained on D tokens and served for T tokens, with its FLOPs. */
    public record Allocation(double params, double tokens, double inferenceTokens) {
        public double flopsTraining() {
            return ComputeOptimalLaw.trainingFlops(params, tokens);
        }

        public double flopsInference() {
            return INFERENCE_FLOPS_PER_PARAM * params * inferenceTokens;
        }

        public double flopsTotal() {
            return flopsTraining() + flopsInference();
        }
    }

    /** The tokens N parameters need to reach {@code loss}: D = (B / (loss - E - A/N^alpha))^(1/beta) (eq. 1). */
    public static double tokensForLoss(ChinchillaLaw law, double params, double loss) {
        return Math.pow(law.b() / (loss - law.e() - law.a() / Math.pow(params, law.alpha())), 1 / law.beta());
    }

    /**
     * The allocation reaching {@code loss} that minimises 6ND + 2NT. With D(N) on the iso-loss curve,
     * dD/dN = -D alpha A N^-alpha / (beta N r), r = loss - E - A/N^alpha, so the total's derivative in N is
     * {@code 6 D (1 - alpha A N^-alpha / (beta r)) + 2 T}: negative as N falls to where r = 0 (D without bound),
     * positive for large N; its root is the optimum. T = 0 gives the Chinchilla compute-optimal model of that loss.
     *
     * @throws IllegalArgumentException when the loss is not above the law's irreducible E
     */
    public static Allocation optimum(ChinchillaLaw law, double loss, double inferenceTokens) {
        if (!(loss > law.e())) {
            throw new IllegalArgumentException("loss " + loss + " is not above the law's irreducible loss " + law.e());
        }
        double smallest = Math.pow(law.a() / (loss - law.e()), 1 / law.alpha()); // r = 0: D would be infinite
        double lo = Math.log(smallest), hi = lo + 1;
        for (int i = 0; i < STEPS && slope(law, Math.exp(hi), loss, inferenceTokens) < 0; i++) {
            lo = hi;
            hi += 1;
        }
        for (int i = 0; i < STEPS; i++) {
            double mid = (lo + hi) / 2;
            if (slope(law, Math.exp(mid), loss, inferenceTokens) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double params = Math.exp((lo + hi) / 2);
        return new Allocation(params, tokensForLoss(law, params, loss), inferenceTokens);
    }

    /** d(6ND + 2NT)/dN on the iso-loss curve (see {@link #optimum}); NaN-free for N above the smallest. */
    private static double slope(ChinchillaLaw law, double params, double loss, double inferenceTokens) {
        double paramsTerm = law.a() / Math.pow(params, law.alpha());
        double r = loss - law.e() - paramsTerm;
        if (!(r > 0)) {
            return Double.NEGATIVE_INFINITY;
        }
        double tokens = Math.pow(law.b() / r, 1 / law.beta());
        return 6 * tokens * (1 - law.alpha() * paramsTerm / (law.beta() * r))
                + INFERENCE_FLOPS_PER_PARAM * inferenceTokens;
    }
}
