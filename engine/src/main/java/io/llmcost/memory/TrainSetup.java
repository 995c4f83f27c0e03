package io.llmcost.memory;

/**
 * How a model is trained: batch shape, precision, optimizer, sharding and activation policy.
 *
 * @param gradientBytes bytes per gradient element as accumulated (--grad-accum-dtype)
 * @param dp            data-parallel ranks; ZeRO shards over them (expert weights over dp / ep)
 * @param ep            expert-parallel ranks, carved out of the data-parallel group as in Megatron-Core
 * @param dropout       whether attention and residual dropout masks are stored (GPT-style; modern LLMs use none)
 * @param cp            context-parallel ranks: each holds s / cp tokens of every sequence (Megatron-Core CP)
 * @param vp            virtual pipeline stages per rank (interleaved 1F1B; Narayanan et al. 2021 section 2.2.2)
 */
public record TrainSetup(long seqLen, long microBatch, Precision precision, Optimizer optimizer, double gradientBytes,
                         int zero, long dp, int tp, int pp, boolean sp, int ep, Recompute recompute, boolean flash,
                         boolean dropout, int cp, int vp) {

    /** Without context parallelism or interleaving (cp = vp = 1). */
    public TrainSetup(long seqLen, long microBatch, Precision precision, Optimizer optimizer, double gradientBytes,
                      int zero, long dp, int tp, int pp, boolean sp, int ep, Recompute recompute, boolean flash,
                      boolean dropout) {
        this(seqLen, microBatch, precision, optimizer, gradientBytes, zero, dp, tp, pp, sp, ep, recompute, flash,
                dropout, 1, 1);
    }

    /** One GPU, bf16-mixed AdamW, micro-batch 1, no recompute: train's defaults, for analyze's memory panel. */
    public static TrainSetup singleGpu(long seqLen) {
        return new TrainSetup(seqLen, 1, Precision.BF16_MIXED, Optimizer.ADAMW, Precision.BF16_MIXED.weightBytes, 0,
                1, 1, 1, false, 1, Recompute.none, false, false);
    }

    public long gpus() {
        return Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(dp, tp), pp), cp);
    }

    /** Ranks holding the same dense weights: gradients are reduced and ZeRO shards over dp x cp (Megatron-Core). */
    public long replicas() {
        return Math.multiplyExact(dp, cp);
    }

    /**
     * Expert tensor parallelism: experts split over tp like a dense MLP when ep divides dp x cp (Megatron's classic
     * rule, the EP group inside the data-parallel ranks); otherwise the EP group folds over the TP ranks too and each
     * expert stays whole (Megatron-Core MoE parallel folding with expert-tensor-parallel-size 1, Liu et al. 2025
     * arXiv:2504.14960, as the Megatron-Bridge Qwen3-235B recipe runs ep 32 on tp 2 x dp 16).
     */
    public int expertTp() {
        return replicas() % ep == 0 ? tp : 1;
    }

    public BytesPerParam bytesPerParam() {
        return BytesPerParam.of(precision, optimizer, gradientBytes);
    }

    public TrainSetup withZero(int z) {
        return new TrainSetup(seqLen, microBatch, precision, optimizer, gradientBytes, z, dp, tp, pp, sp, ep,
                recompute, flash, dropout, cp, vp);
    }

    public TrainSetup withRecompute(Recompute r) {
        return new TrainSetup(seqLen, microBatch, precision, optimizer, gradientBytes, zero, dp, tp, pp, sp, ep, r,
                flash, dropout, cp, vp);
    }

    public TrainSetup withFlash(boolean f) {
        return new TrainSetup(seqLen, microBatch, precision, optimizer, gradientBytes, zero, dp, tp, pp, sp, ep,
                recompute, f, dropout, cp, vp);
    }

    public TrainSetup withMicroBatch(long b) {
        return new TrainSetup(seqLen, b, precision, optimizer, gradientBytes, zero, dp, tp, pp, sp, ep, recompute,
                flash, dropout, cp, vp);
    }

    /** Same GPU count, a different model-parallel split: dp = dp * tp * pp * cp / (newTp * newPp * cp). */
    public TrainSetup withModelParallel(int newTp, int newPp, boolean newSp) {
        return withGpus(gpus(), newTp, newPp, newSp);
    }

    /** This setup on {@code gpus} GPUs split newTp x newPp x cp: dp = gpus / (newTp * newPp * cp), vp only with pp. */
    public TrainSetup withGpus(long gpus, int newTp, int newPp, boolean newSp) {
        long newDp = gpus / ((long) newTp * newPp * cp);
        return new TrainSetup(seqLen, microBatch, precision, optimizer, gradientBytes, zero, newDp, newTp, newPp, newSp,
                ep, recompute, flash, dropout, cp, newPp > 1 ? vp : 1);
    }
}
