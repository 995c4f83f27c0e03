package io.llmcost.scaling;

import java.util.Locale;

/**
 * DeepSeek LLM 2024 (arXiv:2401.02954, §3.2, eq. 4): M_opt = 0.1715 C^0.5243, D_opt = 5.8316 C^0.4757, M = non-embedding
 * FLOPs per token (72 n_layer d_model^2 + 12 n_layer d_model l_seq, attention included), C = M D. Fitted on
 * 1e17..3e20 FLOPs of DeepSeek's own data; the exponent moves with data quality (Table 4).
 *
 * <p>NOT checked against the paper: only secondary notes were read (formulas.md 3.4 and several independent paper
 * summaries agree on these numbers). The paper's loss fit (bits per byte) is not used, so {@link #loss} is NaN.
 * N is reported as M/6: the parameters of a model whose 6N matches M, attention FLOPs counted as parameters.
 */
public record DeepSeekLaw(double flopsPerTokenScale, double flopsPerTokenExponent, double tokensScale,
                          double tokensExponent) implements ComputeOptimalLaw {

    public static final DeepSeekLaw EQ_4 = new DeepSeekLaw(0.1715, 0.5243, 5.8316, 0.4757);

    @Override
    public String name() {
        return "deepseek";
    }

    @Override
    public String paramsMeaning() {
        return "M/6, M = non-embedding training FLOPs per token incl. attention";
    }

    public double optimalFlopsPerToken(double flops) {
        return flopsPerTokenScale * Math.pow(flops, flopsPerTokenExponent);
    }

    @Override
    public double optimalParams(double flops) {
        return optimalFlopsPerToken(flops) / 6;
    }

    @Override
    public double optimalTokens(double flops) {
        return tokensScale * Math.pow(flops, tokensExponent);
    }

    @Override
    public double loss(double params, double tokens) {
        return Double.NaN;
    }

    @Override
    public String formula() {
        return String.format(Locale.ROOT, "M = %s C^%s, D = %s C^%s (M D = %.4f C)", flopsPerTokenScale,
                flopsPerTokenExponent, tokensScale, tokensExponent, flopsPerTokenScale * tokensScale);
    }

    @Override
    public FitRange fitRange() {
        return FitRange.DEEPSEEK;
    }

    @Override
    public String source() {
        return "DeepSeek-AI 2024, arXiv:2401.02954, eq. 4; UNVERIFIED against the paper (secondary sources only)";
    }
}
