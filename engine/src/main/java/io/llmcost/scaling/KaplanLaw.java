package io.llmcost.scaling;

import java.util.Locale;

/**
 * Kaplan et al. 2020, "Scaling Laws for Neural Language Models", arXiv:2001.08361, eq. (1.5) with the Table 2 fit
 * (§4.2): {@code L(N, D) = [(N_c/N)^(α_N/α_D) + D_c/D]^α_D}, N = non-embedding parameters, D = tokens, L in nats
 * on WebText2. Coefficients and Table 6 read in a verbatim text transcription of the arXiv PDF (not the PDF itself).
 *
 * <p>The planner minimises eq. (1.5) under C = 6ND. That is not the paper's own compute-efficient frontier
 * (Table 6, {@link #paperFrontierParams}), which comes from the learning-curve law L(N, S) at the critical batch size
 * with training stopped ~10% above convergence (App. B); both are reported.
 */
public record KaplanLaw(double alphaN, double alphaD, double nC, double dC) implements ComputeOptimalLaw {

    /** Table 2: α_N = 0.076, α_D = 0.103, N_c = 6.4e13, D_c = 1.8e13. */
    public static final KaplanLaw TABLE_2 = new KaplanLaw(0.076, 0.103, 6.4e13, 1.8e13);

    /** Table 6: N_opt = N_e C_min^p_N with N_e = 1.3e9 params, p_N = 0.73; C_min in PF-days. */
    public static final double FRONTIER_PARAMS_SCALE = 1.3e9, FRONTIER_PARAMS_EXPONENT = 0.73;
    /** Table 6: D_opt = D_e C_min^p_D (1 epoch) with D_e = 2e10 tokens, p_D = 0.27. */
    public static final double FRONTIER_TOKENS_SCALE = 2e10, FRONTIER_TOKENS_EXPONENT = 0.27;
    /** §1.3: 1 PF-day = 10^15 FLOP/s x 86400 s = 8.64e19 FLOPs. */
    public static final double FLOPS_PER_PF_DAY = 8.64e19;

    @Override
    public String name() {
        return "kaplan";
    }

    @Override
    public String paramsMeaning() {
        return "non-embedding parameters";
    }

    @Override
    public double loss(double params, double tokens) {
        return Math.pow(Math.pow(nC / params, alphaN / alphaD) + dC / tokens, alphaD);
    }

    /**
     * With p = α_N/α_D and D = C/(6N), L is increasing in f(N) = (N_c/N)^p + 6 D_c N / C; f'(N) = 0 gives
     * N^(p+1) = p N_c^p C / (6 D_c) (derived here; the paper does not print this optimum).
     */
    @Override
    public double optimalParams(double flops) {
        double p = alphaN / alphaD;
        return Math.pow(p * Math.pow(nC, p) * flops / (6 * dC), 1 / (p + 1));
    }

    @Override
    public double optimalTokens(double flops) {
        return flops / (6 * optimalParams(flops));
    }

    /** The paper's compute-efficient model size (Table 6), C read as C_min. */
    public static double paperFrontierParams(double flops) {
        return FRONTIER_PARAMS_SCALE * Math.pow(flops / FLOPS_PER_PF_DAY, FRONTIER_PARAMS_EXPONENT);
    }

    /** The paper's compute-efficient data (Table 6); 6 N D of the frontier is about 1.8 C_min (critical batch). */
    public static double paperFrontierTokens(double flops) {
        return FRONTIER_TOKENS_SCALE * Math.pow(flops / FLOPS_PER_PF_DAY, FRONTIER_TOKENS_EXPONENT);
    }

    @Override
    public String formula() {
        return String.format(Locale.ROOT, "L = [(%.2g/N)^(%s/%s) + %.2g/D]^%s", nC, alphaN, alphaD, dC, alphaD);
    }

    @Override
    public FitRange fitRange() {
        return FitRange.KAPLAN;
    }

    @Override
    public String source() {
        return "Kaplan et al. 2020, arXiv:2001.08361, eq. 1.5, Table 2; checked against a verbatim text "
                + "transcription of the paper, not the PDF. Optimum under C = 6ND derived here";
    }
}
