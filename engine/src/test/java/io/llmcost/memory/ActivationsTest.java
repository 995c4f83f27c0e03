package io.llmcost.memory;

import io.llmcost.model.Attention;
import io.llmcost.model.Ffn;
import io.llmcost.model.Layer;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.QkNorm;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Per-layer activation bytes against Korthikanti et al. 2022 (arXiv:2205.05198) Table 2, for a GPT-style layer
 * (MHA with a d_h = h, 4h GELU MLP, dropout, 16-bit): the per-tensor derivation must reduce to the paper's
 * closed forms. Shape: GPT-3 175B as in the paper's Table 3 (h = 12288, a = 96, s = 2048), b = 1, t = 8.
 */
class ActivationsTest {

    private static final long H = 12288;
    private static final int A = 96;
    private static final long S = 2048;
    private static final long B = 1;
    private static final int T = 8;
    private static final double SBH = (double) S * B * H;

    private static final Layer GPT_LAYER = new Layer(
            new Attention.Gqa(A, A, (int) (H / A), true, true, QkNorm.NONE, 0, false),
            new Ffn.Mlp(4 * H, false, true), 2);

    private static double layerBytes(int tp, boolean sp, Recompute recompute, boolean flash, boolean dropout,
                                     Layer layer, long h) {
        TrainSetup setup = new TrainSetup(S, B, Precision.BF16_MIXED, Optimizer.ADAMW, 2, 0, 1, tp, 1, sp, 1,
                recompute, flash, dropout);
        return TrainingMemory.layerActivationBytes(layer, h, setup);
    }

    private static double gpt(int tp, boolean sp, Recompute recompute) {
        return layerBytes(tp, sp, recompute, false, true, GPT_LAYER, H);
    }

    private static void assertRelative(double expected, double actual) {
        assertEquals(expected, actual, 1e-12 * expected);
    }

    @Test
    void noParallelismNoRecompute() {
        // s b h (34 + 5 a s / h)
        assertRelative(SBH * (34 + 5.0 * A * S / H), gpt(1, false, Recompute.none));
    }

    @Test
    void tensorParallel() {
        // s b h (10 + 24 / t + 5 a s / (h t))
        assertRelative(SBH * (10 + 24.0 / T + 5.0 * A * S / (H * T)), gpt(T, false, Recompute.none));
    }

    @Test
    void tensorAndSequenceParallel() {
        // s b h / t (34 + 5 a s / h)
        assertRelative(SBH / T * (34 + 5.0 * A * S / H), gpt(T, true, Recompute.none));
    }

    @Test
    void tensorParallelSelectiveRecompute() {
        // s b h (10 + 24 / t)
        assertRelative(SBH * (10 + 24.0 / T), gpt(T, false, Recompute.selective));
    }

    @Test
    void tensorAndSequenceParallelSelectiveRecompute() {
        // s b h 34 / t
        assertRelative(SBH * 34 / T, gpt(T, true, Recompute.selective));
    }

    @Test
    void fullRecomputeKeepsTheLayerInput() {
        // 2 s b h; with sequence parallelism the stored input is split over t
        assertRelative(2 * SBH, gpt(T, false, Recompute.full));
        assertRelative(2 * SBH / T, gpt(T, true, Recompute.full));
    }

    @Test
    void flashAttentionReplacesTheScoresByAnFp32Logsumexp() {
        // 34 s b h + 4 a s b (formulas.md 2.4)
        assertRelative(34 * SBH + 4.0 * A * S * B, layerBytes(1, false, Recompute.none, true, true, GPT_LAYER, H));
    }

    @Test
    void swigluGqaWithoutDropout() {
        // Llama-3-8B layer: h 4096, a 32, g 8, d_h 128, f 14336, no dropout, t = 1. Per tensor:
        //   boundary: two norm inputs 4 sbh + QKV input 2 sbh + MLP input 2 sbh            =  8 sbh
        //   attention: Q 2 s b (32*128) + K, V 2 s b (8*128) each + out-proj input 2 s b (32*128)
        //              = 2 s b (4096 + 1024 + 1024 + 4096) = 2 s b 10240                    =  5 sbh
        //   SwiGLU: gate, up and product, 3 x 2 s b 14336 = 86016 s b                       = 21 sbh
        //   scores: softmax output only, 2 a s^2 b
        long h = 4096;
        Layer llama = new Layer(new Attention.Gqa(32, 8, 128, false, false, QkNorm.NONE, 0, false),
                new Ffn.Mlp(14336, true, false), 2);
        double sbh = (double) S * B * h;
        assertRelative(sbh * (34 + 2.0 * 32 * S / h), layerBytes(1, false, Recompute.none, false, false, llama, h));
    }

    @Test
    void moeLayerStoresTopKCopiesOfEachToken() {
        // Mixtral-8x7B layer: h 4096, a 32, g 8, d_h 128, 8 experts of f_e 14336, top-2, no shared expert, no
        // dropout, t = 1. Per tensor:
        //   boundary: two norm inputs 4 sbh + QKV input 2 sbh + MoE input 2 sbh           =  8 sbh
        //             + fp32 router probabilities over 8 experts, 4 s b 8                   = 32 sb
        //   attention: as Llama-3-8B, 2 s b (4096 + 1024 + 1024 + 4096)                     =  5 sbh
        //   experts: each token goes to k = 2 experts, each keeping the permuted input 2 sbh and the SwiGLU's
        //            3 x 2 s b 14336 = 21 sbh: 2 x (2 + 21)                                  = 46 sbh
        //   scores: softmax output only, 2 a s^2 b
        long h = 4096;
        Layer mixtral = new Layer(new Attention.Gqa(32, 8, 128, false, false, QkNorm.NONE, 0, false),
                new Ffn.Moe(8, 2, 14336, false, false, false, 0, false), 2);
        double sbh = (double) S * B * h;
        assertRelative(sbh * (8 + 5 + 46) + 32.0 * S * B + 2.0 * 32 * S * S * B,
                layerBytes(1, false, Recompute.none, false, false, mixtral, h));
    }

    @Test
    void pipelineFirstStageHoldsPpMicroBatches() {
        // 4 GPT layers over pp = 2: stage 0 keeps 2 layers x 2 micro-batches in flight, stage 1 2 x 1 plus the
        // output layer; stage 0's activations are 4 layers' worth.
        ModelSpec gpt = new ModelSpec("gpt2", 50257, H, true, 0, io.llmcost.model.NormKind.LAYER_NORM,
                java.util.List.of(GPT_LAYER, GPT_LAYER, GPT_LAYER, GPT_LAYER), null);
        TrainSetup setup = new TrainSetup(S, B, Precision.BF16_MIXED, Optimizer.ADAMW, 2, 0, 1, 1, 2, false, 1,
                Recompute.none, false, true);
        TrainingMemory stage0 = TrainingMemory.ofStage(gpt, setup, 0);
        assertRelative(4 * SBH * (34 + 5.0 * A * S / H), stage0.activationBytes());
        TrainingMemory stage1 = TrainingMemory.ofStage(gpt, setup, 1);
        // 2 layers + final-norm and head inputs 4 sbh + fp32 logits 4 s b V
        assertRelative(2 * SBH * (34 + 5.0 * A * S / H) + 4 * SBH + 4.0 * S * B * 50257, stage1.activationBytes());
    }
}
