package io.llmcost.memory;

import io.llmcost.hardware.Dtype;

/**
 * Training precision: the dtype of the working weights, whether an fp32 master copy is kept, and the dtype of the
 * optimizer's moment tensors (formulas.md 2.1; Rajbhandari et al. 2020, arXiv:1910.02054 section 3.1; Micikevicius
 * et al. 2018, arXiv:1710.03740 for the fp32 master copy of mixed precision).
 */
public enum Precision {
    BF16_MIXED("bf16-mixed", 2, 4, 4, Dtype.BF16),
    FP16_MIXED("fp16-mixed", 2, 4, 4, Dtype.FP16),
    /** Plain fp32 training; its matmuls are counted at the TF32 tensor-core peak. */
    FP32("fp32", 4, 0, 4, Dtype.TF32),
    /** Pure bf16: no master copy, bf16 moments (numerically risky, formulas.md 2.1). */
    BF16("bf16", 2, 0, 2, Dtype.BF16),
    /**
     * FP8 training as Transformer Engine runs it (Micikevicius et al. 2022, arXiv:2209.05433): the GEMMs take FP8
     * inputs cast on the fly; the model keeps bf16 weights, an fp32 master copy and fp32 moments (the 16 bytes per
     * parameter of bf16-mixed) and bf16 activations; attention, norms and element-wise work stay in bf16.
     */
    FP8("fp8", 2, 4, 4, Dtype.FP8);

    public final String label;
    public final double weightBytes;
    public final double masterWeightBytes;
    /** Bytes per element of a full-precision optimizer moment (m, v, momentum). */
    public final double momentBytes;
    /** The tensor-core dtype the matmuls run in, for the peak FLOP/s. */
    public final Dtype computeDtype;

    Precision(String label, double weightBytes, double masterWeightBytes, double momentBytes, Dtype computeDtype) {
        this.label = label;
        this.weightBytes = weightBytes;
        this.masterWeightBytes = masterWeightBytes;
        this.momentBytes = momentBytes;
        this.computeDtype = computeDtype;
    }

    /** The peak MFU is quoted against: the dense BF16 peak for FP8 (its GEMMs alone run at the FP8 peak). */
    public Dtype mfuDtype() {
        return this == FP8 ? Dtype.BF16 : computeDtype;
    }

    public static Precision fromLabel(String s) {
        return Labels.parse(Precision.class, s, p -> p.label);
    }

    @Override
    public String toString() {
        return label;
    }
}
