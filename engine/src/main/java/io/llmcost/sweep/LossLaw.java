package io.llmcost.sweep;

import io.llmcost.scaling.ChinchillaLaw;
import io.llmcost.scaling.FitRange;
import io.llmcost.scaling.JointMoeLaw;

/**
 * The quality proxy of a sweep: a scaling law from {@code io.llmcost.scaling}, evaluated on the parameter count it
 * was fitted on. {@code auto} in a spec picks {@link #EPOCH} when every point is dense and {@link #JOINT_MOE} when
 * the experts axis has a value above 1, so that dense and MoE points of one sweep are ranked by one law.
 */
public enum LossLaw {
    /** Besiroglu et al. 2024 refit of Chinchilla on total parameters (formulas.md 3.2). */
    EPOCH("epoch"),
    /** Hoffmann et al. 2022 Approach 3, rounded coefficients, total parameters (formulas.md 3.1). */
    HOFFMANN("hoffmann"),
    /** Ludziejewski et al. 2025 on active parameters incl. embeddings and the expert count (formulas.md 3.5). */
    JOINT_MOE("joint-moe"),
    /** Muennighoff et al. 2023 on total parameters, with the spec's unique_tokens repeated over epochs. */
    DATA_CONSTRAINED("data-constrained");

    public static final String AUTO = "auto";

    public final String key;

    LossLaw(String key) {
        this.key = key;
    }

    /** The law with this key, or null. */
    public static LossLaw ofKey(String key) {
        for (LossLaw l : values()) {
            if (l.key.equals(key)) {
                return l;
            }
        }
        return null;
    }

    /** Whether the law reads active (rather than total) parameters. */
    public boolean usesActiveParams() {
        return this == JOINT_MOE;
    }

    /**
     * The law at a fixed expert count in the form {@code L = e + A/N^alpha + B/D^beta}: the Chinchilla-form laws
     * as they are, the joint MoE law reduced at E (Ludziejewski et al. 2025, App. B Table 4; {@link
     * JointMoeLaw#atExperts}). The kernel evaluates it with {@link ChinchillaLaw#loss(double, double, double, double,
     * double, double, double)}, so the expert transform is paid once per experts value, not per point. The
     * data-constrained law has no such form (its terms depend on unique_tokens): IllegalStateException.
     */
    public ChinchillaLaw atExperts(double experts) {
        return switch (this) {
            case EPOCH -> ChinchillaLaw.EPOCH;
            case HOFFMANN -> ChinchillaLaw.HOFFMANN;
            case JOINT_MOE -> JointMoeLaw.atExperts(experts);
            case DATA_CONSTRAINED -> throw new IllegalStateException("the data-constrained law has no Chinchilla form");
        };
    }

    /** The runs the law was fitted on: what {@code extrapolated} and {@code within_law_range} test. */
    public FitRange fitRange() {
        return switch (this) {
            case EPOCH, HOFFMANN -> FitRange.CHINCHILLA;
            case JOINT_MOE -> FitRange.JOINT_MOE;
            case DATA_CONSTRAINED -> FitRange.DATA_CONSTRAINED;
        };
    }
}
