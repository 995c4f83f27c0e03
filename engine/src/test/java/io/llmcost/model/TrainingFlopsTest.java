package io.llmcost.model;

import io.llmcost.hardware.Dtype;
import io.llmcost.hardware.Gpu;
import io.llmcost.hardware.Roofline;
import io.llmcost.memory.Configs;
import io.llmcost.memory.Recompute;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training FLOPs against published runs and a hand count. */
class TrainingFlopsTest {

    @Test
    void llama31_405bSixNDReproducesMetaAndExactIsAFewPercentHigher() {
        ModelSpec m = Configs.build(Configs.LLAMA_31_405B);
        // Parameters by hand: per layer q, o 16384^2 each, k, v 16384 * 1024 each, SwiGLU 3 * 16384 * 53248,
        // two RMSNorms 2 * 16384; embedding and untied head 128256 * 16384 each; final norm 16384.
        long attn = 2L * 16384 * 16384 + 2L * 16384 * 1024;
        long mlp = 3L * 16384 * 53248;
        long perLayer = attn + mlp + 2 * 16384;
        long n = 126 * perLayer + 2L * 128256 * 16384 + 16384;
        assertEquals(405_853_388_800L, n);
        assertEquals(n, ParameterCount.of(m).total());

        double d = 15.6e12;
        double sixND = 6.0 * n * d;
        assertEquals(3.8e25, sixND, 0.01 * 3.8e25); // Llama 3 paper section 3.3: 3.8e25 FLOPs

        // Exact model FLOPs at 8K, causal: 3 x (2 x matmul weights + 2 h V + attention), attention per layer
        // 2 * (S/2) * a * (d_qk + d_v) = 2 * 4096 * 128 * 256.
        double forward = 2.0 * 126 * (attn + mlp) + 2.0 * 16384 * 128256 + 126 * 2.0 * 4096 * 128 * 256;
        TrainingFlops f = TrainingFlops.of(m, 8192, true, Recompute.none, false);
        assertEquals(forward, f.forward().total(), 1e-12 * forward);
        double exact = f.modelPerToken() * d;
        assertEquals(3 * forward * d, exact, 1e-12 * exact);
        double excess = exact / sixND - 1;
        assertTrue(excess > 0.02 && excess < 0.06, "exact exceeds 6ND by " + excess); // hand: +3.65%
    }

    @Test
    void hardwareFlopsAddTheRecomputedPasses() {
        ModelSpec m = Configs.build(Configs.LLAMA_3_70B);
        TrainingFlops none = TrainingFlops.of(m, 4096, true, Recompute.none, false);
        double fwd = none.forward().total();
        double attention = none.forward().attention();
        assertEquals(3 * fwd, none.hardwarePerToken());
        assertEquals(4 * fwd, TrainingFlops.of(m, 4096, true, Recompute.full, false).hardwarePerToken(), 1e-3);
        assertEquals(3 * fwd + attention,
                TrainingFlops.of(m, 4096, true, Recompute.selective, false).hardwarePerToken(), 1e-3);
        // FlashAttention recomputes QK^T only: half the score FLOPs when d_qk = d_v.
        assertEquals(3 * fwd + attention / 2,
                TrainingFlops.of(m, 4096, true, Recompute.selective, true).hardwarePerToken(), 1e-3);
        assertEquals(none.modelPerToken(),
                TrainingFlops.of(m, 4096, true, Recompute.full, true).modelPerToken()); // MFU ignores recompute
    }

    @Test
    void deepseekV3ImpliedMfuIsPlausible() {
        // DeepSeek-V3 report (arXiv:2412.19437) Table 1: 14.8T tokens, 2.664M H800 GPU-hours of pre-training at
        // S = 4096. Hand estimate: forward ~ 2 * 36.6B active matmul weights + 10.2B attention (61 layers *
        // 2 * 2048 * 128 * (192 + 128)) ~ 83B, training ~ 250 GFLOPs/token, 3.7e24 in total; over
        // 2.664e6 h * 3600 s * 989.4 TFLOP/s (BF16 dense) that is MFU ~ 0.39. formulas.md 1.5 gets 0.41 with
        // the MTP module, which this count leaves out. DeepSeek trained mostly in FP8, so against the FP8 peak
        // it is half that.
        ModelSpec m = Presets.spec("deepseek-v3");
        double flops = TrainingFlops.of(m, 4096, true, Recompute.none, false).modelPerToken() * 14.8e12;
        double mfu = Roofline.impliedMfu(flops, 2.664e6, Gpu.find("h800").peakFlopsPerSecond(Dtype.BF16));
        assertTrue(mfu > 0.35 && mfu < 0.45, "implied BF16 MFU " + mfu);
        double mfuFp8 = Roofline.impliedMfu(flops, 2.664e6, Gpu.find("h800").peakFlopsPerSecond(Dtype.FP8));
        assertEquals(mfu / 2, mfuFp8, 1e-3);
    }

    @Test
    void gpuHoursInvertMfu() {
        // 1e24 FLOPs at 40% of 1e15 FLOP/s: 1e24 / 4e14 = 2.5e9 GPU-seconds = 694,444.4 GPU-hours.
        assertEquals(2.5e9 / 3600, Roofline.gpuHours(1e24, 1e15, 0.4), 1e-6);
        assertEquals(0.4, Roofline.impliedMfu(1e24, 2.5e9 / 3600, 1e15), 1e-12);
    }
}
