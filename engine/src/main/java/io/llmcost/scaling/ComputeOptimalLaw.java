package io.llmcost.scaling;

/**
 * A rule that splits a training budget of C FLOPs into a model size N and a token count D, with the loss it
 * predicts there. Every law here spends the budget as C = 6 N D (formulas.md 1.1), so N D = C/6 up to the
 * rounding of a published fit.
 */
public sealed interface ComputeOptimalLaw
        permits ChinchillaLaw, KaplanLaw, TokensPerParamRule, DeepSeekLaw, DataConstrainedLaw {

    /** The {@code --law} names, default first. */
    java.util.List<String> NAMES = java.util.List.of("epoch", "hoffmann", "sardana", "tokens-per-param", "kaplan",
            "deepseek", "joint-moe", "data-constrained");

    /**
     * The law called {@code name}; {@code tokensPerParam} is used by tokens-per-param, {@code experts} by joint-moe
     * and {@code uniqueTokens} by data-constrained. Throws IllegalArgumentException for a name not in {@link #NAMES}.
     */
    static ComputeOptimalLaw of(String name, double tokensPerParam, double experts, double uniqueTokens) {
        return switch (name) {
            case "epoch" -> ChinchillaLaw.EPOCH;
            case "hoffmann" -> ChinchillaLaw.HOFFMANN;
            case "sardana" -> ChinchillaLaw.SARDANA;
            case "tokens-per-param" -> new TokensPerParamRule(tokensPerParam, ChinchillaLaw.EPOCH);
            case "kaplan" -> KaplanLaw.TABLE_2;
            case "deepseek" -> DeepSeekLaw.EQ_4;
            case "joint-moe" -> JointMoeLaw.atExperts(experts);
            case "data-constrained" -> new DataConstrainedLaw(uniqueTokens);
            default -> throw new IllegalArgumentException(name);
        };
    }

    /** The {@code --law} name. */
    String name();

    /** What N counts for this law (total, non-embedding, active ...). */
    String paramsMeaning();

    double optimalParams(double flops);

    double optimalTokens(double flops);

    /** Predicted loss at (N, D); NaN when the law has no published loss form. */
    double loss(double params, double tokens);

    /** Coefficients and form, one line, for the assumptions the planner prints. */
    String formula();

    /** Source and how it was checked, one line. */
    String source();

    /** The runs the law was fitted on. */
    FitRange fitRange();

    /**
     * Why N parameters on D tokens (C training FLOPs) lies outside the law's fit, one line with its source, or null
     * when it lies inside.
     */
    default String extrapolation(double params, double tokens, double flops) {
        return fitRange().reason(params, tokens, flops, 1, 1);
    }

    /** Training FLOPs of N parameters on D tokens: 6 N D (3 passes x 2 FLOPs per multiply-add, formulas.md 1.1). */
    static double trainingFlops(double params, double tokens) {
        return 6 * params * tokens;
    }
}
