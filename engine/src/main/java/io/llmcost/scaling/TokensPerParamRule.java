package io.llmcost.scaling;

import java.util.Locale;

/**
 * A fixed ratio D = r N spent as C = 6 N D, so N = sqrt(C / (6 r)). r = 20 is the Chinchilla rule of thumb
 * (70B params, 1.4T tokens; formulas.md 3.1: from Approaches 1/2, not from the Approach-3 fit). The rule predicts
 * no loss of its own; {@code lossLaw} gives it one.
 */
public record TokensPerParamRule(double tokensPerParam, ChinchillaLaw lossLaw) implements ComputeOptimalLaw {

    /** Hoffmann et al. 2022: Chinchilla, 70B parameters on 1.4T tokens. */
    public static final double CHINCHILLA_TOKENS_PER_PARAM = 20;

    @Override
    public String name() {
        return "tokens-per-param";
    }

    @Override
    public String paramsMeaning() {
        return "total parameters";
    }

    @Override
    public double optimalParams(double flops) {
        return Math.sqrt(flops / (6 * tokensPerParam));
    }

    @Override
    public double optimalTokens(double flops) {
        return tokensPerParam * optimalParams(flops);
    }

    @Override
    public double loss(double params, double tokens) {
        return lossLaw.loss(params, tokens);
    }

    @Override
    public String formula() {
        return String.format(Locale.ROOT, "D = %s N; loss from the %s law: %s", ChinchillaLaw.number(tokensPerParam),
                lossLaw.name(), lossLaw.formula());
    }

    /** The rule has no fit of its own: its loss, and so its range, are the loss law's. */
    @Override
    public FitRange fitRange() {
        return lossLaw.fitRange();
    }

    @Override
    public String source() {
        return "rule of thumb (Chinchilla 70B / 1.4T = 20 tokens/param, Hoffmann et al. 2022); loss: "
                + lossLaw.source();
    }
}
