package io.llmcost.memory;

/**
 * How a model is trained: batch shape, precision, optimizer, sharding and activation policy.
 *
 * @param gradientBytes bytes per gradient element as accumulated (--grad-accum-dtype)
 * @param dp            data-parallel ranks; ZeRO shards over them (expert weights over dp / ep)
 * @param ep            expert-parallel ranks, carved out of the data-parallel group as in Megatron-Core
 * @param dropout       whether attention and residual dropout masks are stored (GPT-style; modern LLMs use none)
 */
public record TrainSetup(long seqLen, long microBatch, Precision precision, Optimizer optimizer, double gradientBytes,
                         int zero, long dp, int tp, int pp, boolean sp, int ep, Recompute recompute, boolean flash,
                         boolean dropout) {

    /** One GPU, bf16-mixed AdamW, micro-batch 1, no recompute: train's defaults, for analyze's memory panel. */
    public static TrainSetup singleGpu(long seqLen) {
        return new TrainSetup(seqLen, 1, Precision.BF16_MIXED, Optimizer.ADAMW, Precision.BF16_MIXED.weightBytes, 0,
                1, 1, 1, false, 1, Recompute.none, false, false);
    }

    public long gpus() {
        return Math.multiplyExact(Math.multiplyExact(dp, tp), pp);
    }

    public BytesPerParam bytesPerParam() {
        return BytesPerParam.of(precision, optimizer, gradientBytes);
    }

    public TrainSetup withZero(int z) {
        return new TrainSetup(seqLen, microBatch, precision, optimizer, gradientBytes, z, dp, tp, pp, sp, ep,
                recompute, flash, dropout);
    }

    public TrainSetup withRecompute(Recompute r) {
        return new TrainSetup(seqLen, microBatch, precision, optimizer, gradientBytes, zero, dp, tp, pp, sp, ep, r,
                flash, dropout);
    }

    public TrainSetup withFlash(boolean f) {
        return new TrainSetup(seqLen, microBatch, precision, optimizer, gradientBytes, zero, dp, tp, pp, sp, ep,
                recompute, f, dropout);
    }

    public TrainSetup withMicroBatch(long b) {
        return new TrainSetup(seqLen, b, precision, optimizer, gradientBytes, zero, dp, tp, pp, sp, ep, recompute,
                flash, dropout);
    }

    /** Same GPU count, a different model-parallel split: dp = dp * tp * pp / (newTp * newPp). */
    public TrainSetup withModelParallel(int newTp, int newPp, boolean newSp) {
        long newDp = gpus() / ((long) newTp * newPp);
        return new TrainSetup(seqLen, microBatch, precision, optimizer, gradientBytes, zero, newDp, newTp, newPp, newSp,
                ep, recompute, flash, dropout);
    }
}
