package io.llmcost.scaling;

/**
 * A rule that splits a training budget of C FLOPs into a model size N and a token count D, with the loss it
 * predicts there. Every law here spends the budget as C = 6 N D (formulas.md 1.1), so N D = C/6 up to the
 * rounding of a published fit.
 */
public sealed interface ComputeOptimalLaw permits ChinchillaLaw, KaplanLaw, TokensPerParamRule, DeepSeekLaw {

    /** The {@code --law} names, default first. */
    java.util.List<String> NAMES = java.util.List.of("epoch", "hoffmann", "tokens-per-param", "kaplan", "deepseek",
            "joint-moe");

    /**
     * The law called {@code name}; {@code tokensPerParam} is used by tokens-per-param and {@code experts} by
     * joint-moe. Throws IllegalArgumentException for a name not in {@link #NAMES}.
     */
    static ComputeOptimalLaw of(String name, double tokensPerParam, double experts) {
        return switch (name) {
            case "epoch" -> ChinchillaLaw.EPOCH;
            case "hoffmann" -> ChinchillaLaw.HOFFMANN;
            case "tokens-per-param" -> new TokensPerParamRule(tokensPerParam, ChinchillaLaw.EPOCH);
            case "kaplan" -> KaplanLaw.TABLE_2;
            case "deepseek" -> DeepSeekLaw.EQ_4;
            case "joint-moe" -> JointMoeLaw.atExperts(experts);
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

    /** Training FLOPs of N parameters on D tokens: 6 N D (3 passes x 2 FLOPs per multiply-add, formulas.md 1.1). */
    static double trainingFlops(double params, double tokens) {
        return 6 * params * tokens;
    }
}
