package io.llmcost.scaling;

/**
 * Ludziejewski et al. 2025, "Joint MoE Scaling Laws: Mixture of Experts Can Be Memory Efficient"
 * (arXiv:2502.05172, ICML 2025), eq. 6 with the fitted coefficients of appendix B, Table 3 (formulas.md 3.5):
 * <pre>L(N_act, D, Ê) = a Ê^δ N_act^(α + γ ln Ê) + b Ê^ω D^(β + ζ ln Ê) + c</pre>
 * N_act = active parameters including embedding and unembedding, D = tokens, Ê the saturating expert-count
 * transform of Clark et al. 2022 (eq. 4). Fitted on Switch-style top-1 MoE with expert size = dense FFN size,
 * E <= 32, <= 2.7B active parameters: beyond that it is an extrapolation.
 */
public final class JointMoeLaw {
    private JointMoeLaw() {}

    public static final double A = 35.91, ALPHA = -0.1889, DELTA = -0.2285, GAMMA = 0.0098;
    public static final double B = 35.98, BETA = -0.1775, OMEGA = 0.5529, ZETA = -0.0259;
    public static final double E_START = 2.0732, E_MAX = 290.4521, C = 1.3637;

    /** 1/Ê = 1/(E − 1 + (1/E_start − 1/E_max)^−1) + 1/E_max (eq. 4); Ê(1) = E_start. */
    public static double effectiveExperts(double experts) {
        return 1 / (1 / (experts - 1 + 1 / (1 / E_START - 1 / E_MAX)) + 1 / E_MAX);
    }

    /**
     * The law at a fixed expert count, reduced to the Chinchilla form {@code L = c + m N^mu + n D^nu}
     * (App. B, Table 4) with m = a Ê^δ, mu = α + γ ln Ê, n = b Ê^ω, nu = β + ζ ln Ê; mu, nu < 0, so A = m,
     * alpha = −mu, B = n, beta = −nu. Its compute optimum under F = 6 N_act D is then the Chinchilla closed form,
     * which reproduces the paper's Table 1 (F = 1e20, E = 1: N 1.7B, D 9.7B; F = 1e22, E = 8: 14.4B, 115.8B).
     * (formulas.md 3.5 writes eq. 7 as G = (μm/(νn))^(1/(μ+ν)); with μ, ν < 0 that exponent has the wrong sign
     * and does not reproduce Table 1, while this reduction does.)
     */
    public static ChinchillaLaw atExperts(double experts) {
        double eHat = effectiveExperts(experts);
        double lnE = Math.log(eHat);
        return new ChinchillaLaw("joint-moe",
                "active parameters incl. embedding and unembedding, E=" + ChinchillaLaw.number(experts),
                "Ludziejewski et al. 2025, arXiv:2502.05172, eq. 6, App. B Table 3; checked against a text copy "
                        + "of the paper (formulas.md 3.5). Fit: top-1 MoE, E <= 32, <= 2.7B active params",
                C, A * Math.pow(eHat, DELTA), B * Math.pow(eHat, OMEGA),
                -(ALPHA + GAMMA * lnE), -(BETA + ZETA * lnE), FitRange.JOINT_MOE, experts);
    }

    public static double loss(double activeParams, double tokens, double experts) {
        double eHat = effectiveExperts(experts);
        double lnE = Math.log(eHat);
        return A * Math.pow(eHat, DELTA) * Math.pow(activeParams, ALPHA + GAMMA * lnE)
                + B * Math.pow(eHat, OMEGA) * Math.pow(tokens, BETA + ZETA * lnE)
                + C;
    }
}
