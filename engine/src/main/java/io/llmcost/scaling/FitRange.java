package io.llmcost.scaling;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a law was fitted, as its paper states it: the parameters (counted as the law counts them), training tokens,
 * training FLOPs, experts and epochs of the runs behind the fit. A bound the paper does not state is 0 or
 * +Infinity. A point outside any bound is an extrapolation of the law.
 *
 * @param source where the bounds are stated (paper and section), for the reason printed with an extrapolation
 */
public record FitRange(String source, double paramsMin, double paramsMax, double tokensMin, double tokensMax,
                       double flopsMin, double flopsMax, double expertsMax, double epochsMax)
        implements Serializable { // a sweep Grid holds one, and Grids are shipped to cluster workers

    private static final double NONE = Double.POSITIVE_INFINITY;

    /**
     * Hoffmann et al. 2022 (arXiv:2203.15556), abstract: "over 400 language models ranging from 70 million to over
     * 16 billion parameters on 5 to 500 billion tokens", dense. Besiroglu et al. 2024 refit the same runs (their
     * data is read off Hoffmann's Figure 4), so the range holds for the epoch, hoffmann and sardana fits alike.
     */
    public static final FitRange CHINCHILLA = new FitRange(
            "Hoffmann et al. 2022, abstract: dense models of 70M to 16B parameters on 5B to 500B tokens",
            70e6, 16e9, 5e9, 500e9, 0, NONE, 1, 1);

    /**
     * Kaplan et al. 2020 (arXiv:2001.08361), §1 and Figure 1: 768 to 1.5B non-embedding parameters, 22M to 23B
     * tokens (read in independent summaries of the paper; the primary text was not opened, formulas.md 3.3).
     */
    public static final FitRange KAPLAN = new FitRange(
            "Kaplan et al. 2020, section 1: 768 to 1.5B non-embedding parameters, 22M to 23B tokens",
            768, 1.5e9, 22e6, 23e9, 0, NONE, 1, 1);

    /** DeepSeek-AI 2024 (arXiv:2401.02954), §3: the allocation fits span 1e17 to 3e20 FLOPs (formulas.md 3.4). */
    public static final FitRange DEEPSEEK = new FitRange(
            "DeepSeek-AI 2024, section 3: budgets of 1e17 to 3e20 FLOPs", 0, NONE, 0, NONE, 1e17, 3e20, 1, 1);

    /**
     * Ludziejewski et al. 2025 (arXiv:2502.05172), §5 and App. B: at least 280 runs of up to 2.7B active parameters,
     * top-1 MoE with up to 32 experts (formulas.md 3.5); no lower bounds are stated.
     */
    public static final FitRange JOINT_MOE = new FitRange(
            "Ludziejewski et al. 2025, App. B: up to 2.7B active parameters, 1 to 32 experts",
            0, 2.7e9, 0, NONE, 0, NONE, 32, 1);

    /**
     * Muennighoff et al. 2023 (arXiv:2305.16264): R*_N and R*_D are fitted on "182 samples with parameters varying
     * from 7 million up to 9 billion and epochs ranging from 1 to 500" (App. A); runs reach 900B training tokens
     * (abstract).
     */
    public static final FitRange DATA_CONSTRAINED = new FitRange(
            "Muennighoff et al. 2023, App. A and abstract: 7M to 9B parameters, 1 to 500 epochs, up to 900B tokens",
            7e6, 9e9, 0, 900e9, 0, NONE, 1, 500);

    /** Whether every quantity lies within the bounds (allocation-free, for the sweep kernel). */
    public boolean contains(double params, double tokens, double flops, double experts, double epochs) {
        return params >= paramsMin && params <= paramsMax && tokens >= tokensMin && tokens <= tokensMax
                && flops >= flopsMin && flops <= flopsMax && experts <= expertsMax && epochs <= epochsMax;
    }

    /**
     * Why the point is an extrapolation, one clause per quantity outside its bound, e.g. "params 6.38e+03 below
     * the fitted 7.00e+07"; empty when {@link #contains} holds.
     */
    public List<String> outside(double params, double tokens, double flops, double experts, double epochs) {
        List<String> reasons = new ArrayList<>();
        check(reasons, "params", params, paramsMin, paramsMax);
        check(reasons, "tokens", tokens, tokensMin, tokensMax);
        check(reasons, "training FLOPs", flops, flopsMin, flopsMax);
        check(reasons, "experts", experts, 0, expertsMax);
        check(reasons, "epochs", epochs, 0, epochsMax);
        return reasons;
    }

    /** The reasons as one line with the source, or null inside the range. */
    public String reason(double params, double tokens, double flops, double experts, double epochs) {
        List<String> reasons = outside(params, tokens, flops, experts, epochs);
        return reasons.isEmpty() ? null : String.join("; ", reasons) + " (fitted range: " + source + ")";
    }

    private static void check(List<String> reasons, String what, double value, double min, double max) {
        if (value < min) {
            reasons.add(String.format(Locale.ROOT, "%s %.3g below the fitted %.3g", what, value, min));
        } else if (value > max) {
            reasons.add(String.format(Locale.ROOT, "%s %.3g above the fitted %.3g", what, value, max));
        }
    }
}
