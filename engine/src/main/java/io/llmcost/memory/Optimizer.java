package io.llmcost.memory;

/**
 * Optimizer state per parameter, beside the fp32 master copy that {@link Precision} adds (formulas.md 2.1).
 * AdamW keeps m and v; 8-bit Adam keeps them in 1 byte each (Dettmers et al. 2021, arXiv:2110.02861; the per-block
 * statistics, under 1%, are not counted); SGD with momentum keeps one buffer; plain SGD none.
 */
public enum Optimizer {
    ADAMW("adamw", 2, 0),
    ADAMW_8BIT("adamw-8bit", 2, 1),
    SGD_MOMENTUM("sgd-momentum", 1, 0),
    SGD("sgd", 0, 0);

    public final String label;
    public final int moments;
    /** Bytes per moment element when fixed by the optimizer itself, 0 to follow {@link Precision#momentBytes}. */
    private final double fixedMomentBytes;

    Optimizer(String label, int moments, double fixedMomentBytes) {
        this.label = label;
        this.moments = moments;
        this.fixedMomentBytes = fixedMomentBytes;
    }

    public double momentBytes(Precision precision) {
        return fixedMomentBytes > 0 ? fixedMomentBytes : precision.momentBytes;
    }

    public static Optimizer fromLabel(String s) {
        return Labels.parse(Optimizer.class, s, o -> o.label);
    }

    @Override
    public String toString() {
        return label;
    }
}
