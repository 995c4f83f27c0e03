package io.llmcost.cli;

/** How attention-score FLOPs are counted; see {@link io.llmcost.formula.Flops#attendedPositions}. */
public enum AttentionConvention {
    /** S/2 positions per token on average, sliding windows respected (Megatron/Kaplan). */
    causal,
    /** All S positions in every layer, windows ignored (PaLM/nanoGPT MFU). */
    full;

    public boolean isCausal() {
        return this == causal;
    }
}
