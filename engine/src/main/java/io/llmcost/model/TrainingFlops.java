package io.llmcost.model;

import io.llmcost.formula.Flops;
import io.llmcost.memory.Recompute;

/**
 * Training FLOPs per token. Model FLOPs = 3 x forward (forward, data gradient, weight gradient; Megatron-LM,
 * formulas.md 1.1); MFU uses them. Hardware FLOPs add what recomputation executes again (formulas.md 1.1, 1.6):
 * full recompute one more forward; selective recompute the attention scores (QK^T and scores x V) once more;
 * FlashAttention recomputes QK^T in its backward pass whatever the recompute mode (Dao et al. 2022, backward =
 * 2.5x forward attention).
 *
 * @param forward the forward pass per token, from {@link ForwardFlops}
 * @param qkScoresForward of the forward attention FLOPs, the QK^T part (FlashAttention's backward recompute)
 */
public record TrainingFlops(ForwardFlops forward, double qkScoresForward, Recompute recompute, boolean flash) {

    public double modelPerToken() {
        return Flops.TRAINING_PASSES * forward.total();
    }

    public double hardwarePerToken() {
        return hardwarePerToken(forward.total(), forward.attention(), qkScoresForward, recompute, flash);
    }

    /** Hardware FLOPs per token: 3F + F (full) + attention (selective, no flash) + QK^T (flash). */
    public static double hardwarePerToken(double forward, double attentionForward, double qkScoresForward,
                                          Recompute recompute, boolean flash) {
        double recomputed = recompute == Recompute.full ? forward : 0;
        if (flash) {
            recomputed += qkScoresForward;
        } else if (recompute == Recompute.selective) {
            recomputed += attentionForward;
        }
        return Flops.TRAINING_PASSES * forward + recomputed;
    }

    public static TrainingFlops of(ModelSpec m, long seqLen, boolean causal, Recompute recompute, boolean flash) {
        double qk = 0;
        for (Layer layer : m.layers()) {
            qk += layer.attention().qkScoreFlops(seqLen, causal);
        }
        return new TrainingFlops(ForwardFlops.of(m, seqLen, causal), qk, recompute, flash);
    }
}
