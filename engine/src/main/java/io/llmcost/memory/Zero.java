package io.llmcost.memory;

/**
 * ZeRO data-parallel sharding of the training state over N_d ranks (Rajbhandari et al. 2020, arXiv:1910.02054
 * section 5, Figure 1; formulas.md 2.2): stage 1 shards the optimizer state, stage 2 also the gradients, stage 3 also
 * the weights. Megatron's distributed optimizer is stage 1.
 */
public final class Zero {
    private Zero() {}

    public static final int MAX_STAGE = 3;

    /** Bytes per GPU of {@code params} parameters at {@code bytesPerParam}, sharded over {@code dp} ranks. */
    public static StateBytes perGpuBytes(double params, BytesPerParam bytesPerParam, int stage, double dp) {
        if (stage < 0 || stage > MAX_STAGE) {
            throw new IllegalArgumentException("ZeRO stage " + stage + ": expected 0..3");
        }
        double weights = params * bytesPerParam.weights() / (stage >= 3 ? dp : 1);
        double gradients = params * bytesPerParam.gradients() / (stage >= 2 ? dp : 1);
        double optimizer = params * bytesPerParam.optimizer() / (stage >= 1 ? dp : 1);
        return new StateBytes(weights, gradients, optimizer);
    }
}
