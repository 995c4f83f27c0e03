package io.llmcost.scaling;

/**
 * The parametric loss {@code L(N, D) = E + A/N^alpha + B/D^beta} of Hoffmann et al. 2022 (arXiv:2203.15556, eq. 2,
 * Approach 3), N = total parameters, D = training tokens, with its compute-optimal allocation under C = 6ND.
 */
public record ChinchillaLaw(String name, String paramsMeaning, String source, double e, double a, double b,
                            double alpha, double beta, FitRange fitRange, double experts) implements ComputeOptimalLaw {

    /**
     * Besiroglu, Erdil, Barnett, You 2024 (Epoch AI), "Chinchilla Scaling: A Replication Attempt", arXiv:2404.10102,
     * refit printed in epoch-research/analyzing-chinchilla data_analysis.ipynb (formulas.md 3.2). Default proxy.
     */
    public static final ChinchillaLaw EPOCH = new ChinchillaLaw("epoch", "total parameters",
            "Besiroglu et al. 2024 (Epoch AI), arXiv:2404.10102, refit of Hoffmann et al. 2022 Approach 3; "
                    + "checked against epoch-research/analyzing-chinchilla data_analysis.ipynb",
            1.8172, 482.01, 2085.43, 0.3478, 0.3658, FitRange.CHINCHILLA, 1);

    /** Hoffmann et al. 2022 Approach 3, the published rounded coefficients (formulas.md 3.1). */
    public static final ChinchillaLaw HOFFMANN = new ChinchillaLaw("hoffmann", "total parameters",
            "Hoffmann et al. 2022, arXiv:2203.15556, Approach 3, published rounded values; checked against the "
                    + "Epoch notebook's true_params_rounded. Gives 35-140 tokens/param, not 20 (formulas.md 3.1)",
            1.69, 406.4, 410.7, 0.34, 0.28, FitRange.CHINCHILLA, 1);

    /**
     * Hoffmann et al. 2022 Approach 3 with the exponents Sardana et al. 2024 (arXiv:2401.00448, §2 eq. 1, App. A
     * footnote 2) use in place of the rounded 0.34 and 0.28, following De Vries: the law behind their
     * inference-aware examples ({@link InferenceAware}).
     */
    public static final ChinchillaLaw SARDANA = new ChinchillaLaw("sardana", "total parameters",
            "Hoffmann et al. 2022 Approach 3 with alpha = 0.336, beta = 0.283 as in Sardana et al. 2024, "
                    + "arXiv:2401.00448, section 2 and App. A footnote 2",
            1.69, 406.4, 410.7, 0.336, 0.283, FitRange.CHINCHILLA, 1);

    @Override
    public double loss(double params, double tokens) {
        return loss(e, a, b, alpha, beta, params, tokens);
    }

    /** The expert count enters the range check: the dense fits hold for E = 1 only, joint-moe up to 32. */
    @Override
    public String extrapolation(double params, double tokens, double flops) {
        return fitRange.reason(params, tokens, flops, experts, 1);
    }

    @Override
    public String formula() {
        return "L = " + number(e) + " + " + number(a) + "/N^" + number(alpha) + " + " + number(b) + "/D^"
                + number(beta);
    }

    /** A coefficient as printed: 6 significant digits, trailing zeros dropped (20.0 -> "20"). */
    public static String number(double v) {
        return String.format(java.util.Locale.ROOT, "%.6g", v).replaceAll("\\.?0+$", "");
    }

    /** The law as a static formula on primitives, for the sweep kernel. */
    public static double loss(double e, double a, double b, double alpha, double beta, double params, double tokens) {
        return e + a / Math.pow(params, alpha) + b / Math.pow(tokens, beta);
    }

    /**
     * G = (alpha A / (beta B))^(1/(alpha+beta)); N_opt = G (C/6)^(beta/(alpha+beta)) and
     * D_opt = G^-1 (C/6)^(alpha/(alpha+beta)) (Hoffmann et al. appendix D.2; epoch-research notebook
     * {@code compute_optimal_allocation}, formulas.md 3.1).
     */
    @Override
    public double optimalParams(double flops) {
        return allocationConstant() * Math.pow(flops / 6, beta / (alpha + beta));
    }

    @Override
    public double optimalTokens(double flops) {
        return Math.pow(flops / 6, alpha / (alpha + beta)) / allocationConstant();
    }

    private double allocationConstant() {
        return Math.pow(alpha * a / (beta * b), 1 / (alpha + beta));
    }
}
