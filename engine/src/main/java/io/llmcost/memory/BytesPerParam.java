package io.llmcost.memory;

/**
 * Training-state bytes per parameter, activations excluded (formulas.md 2.1).
 *
 * @param weights   working weights
 * @param gradients gradients as accumulated (16-bit, or fp32 with fp32 gradient accumulation)
 * @param optimizer fp32 master copy plus optimizer moments: the ZeRO paper's K
 */
public record BytesPerParam(double weights, double gradients, double optimizer) {

    public double total() {
        return weights + gradients + optimizer;
    }

    /**
     * Mixed-precision AdamW: 2 + 2 + (4 master + 4 m + 4 v) = 16 (ZeRO, arXiv:1910.02054 section 3.1); with fp32
     * gradient accumulation 2 + 4 + 12 = 18 (Megatron-LM theoretical_memory_usage.py); pure fp32 4 + 4 + 8 = 16;
     * pure bf16 2 + 2 + 4 = 8; 8-bit Adam 2 + 2 + 4 + 2 = 10; SGD with momentum 2 + 2 + 4 + 4 = 12; SGD 8.
     *
     * @param gradientBytes bytes per gradient element (the --grad-accum-dtype)
     */
    public static BytesPerParam of(Precision precision, Optimizer optimizer, double gradientBytes) {
        double state = precision.masterWeightBytes + optimizer.moments * optimizer.momentBytes(precision);
        return new BytesPerParam(precision.weightBytes, gradientBytes, state);
    }
}
