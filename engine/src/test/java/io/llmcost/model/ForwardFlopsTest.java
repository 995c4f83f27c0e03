package io.llmcost.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Forward FLOPs per token checked against second formulations written out here: Megatron-LM's
 * {@code num_floating_point_operations} (formulas.md 1.4; its training figure / 3 for the forward pass), nanoGPT's
 * full-attention term (formulas.md 1.3), and "2 FLOPs per weight" on the exact parameter count.
 */
class ForwardFlopsTest {

    private static final double REL = 1e-12;

    private static void assertClose(double expected, double actual) {
        assertEquals(expected, actual, REL * Math.abs(expected));
    }

    /** Megatron's GQA/SwiGLU formula per token divided by 3 (fwd+bwd): causal core attention at s/2. */
    @Test
    void llama3MatchesMegatronFormula() {
        double h = 4096, layers = 32, f = 14336, v = 128256, s = 4096;
        double q = 128 * 32, k = 128 * 8, val = 128 * 8;
        double attnPerLayer = 2 * (h * (q + k + val) + q * s / 2 * 2 + q * h);
        double mlpPerLayer = 2 * h * f * 3;
        double megatronForward = layers * (attnPerLayer + mlpPerLayer) + 2 * h * v;
        ForwardFlops flops = ForwardFlops.of(Presets.spec("llama-3-8b"), 4096, true);
        assertClose(megatronForward, flops.total());
        assertClose(2 * h * v, flops.lmHead());
        assertClose(layers * 2 * q * s, flops.attention()); // Kaplan's 2 L n_ctx d_attn
    }

    /** Without biases, linear FLOPs are 2 per weight of every non-embedding, non-norm parameter. */
    @Test
    void linearIsTwicePerWeightForBiasFreeDenseModel() {
        ParameterCount c = ParameterCount.of(Presets.spec("llama-2-13b"));
        long weights = c.breakdown().get(ParameterCount.ATTENTION) + c.breakdown().get(ParameterCount.MLP);
        assertClose(2.0 * weights, ForwardFlops.of(Presets.spec("llama-2-13b"), 2048, true).linear());
    }

    /**
     * DeepSeek-V3 against Megatron's MLA + MoE formula (forward = training / 3), leaving out what the two count
     * differently: Megatron adds the q/kv norm multiplies ("+1" terms) and ignores routers; we count routers
     * (2 h E per MoE layer) and no norms. MTP is not part of the main model here.
     */
    @Test
    void deepseekV3MatchesMegatronMlaFormula() {
        double h = 7168, a = 128, qLora = 1536, kvLora = 512, nope = 128, rope = 64, vDim = 128, s = 4096;
        double qTerm = qLora * (h + a * (nope + rope));
        double mla = 2 * (qTerm + kvLora * (h + a * (nope + vDim)) + h * rope + a * vDim * h
                + s * a * (nope + rope) / 2 + s * a * vDim / 2);
        double ffn = 2 * h * (18432 * 3 * 3 + 2048 * 8 * 3 * 58 + 2048 * 3 * 58);
        double logits = 2 * h * 129280;
        double routers = 58 * 2 * h * 256;
        ForwardFlops flops = ForwardFlops.of(Presets.spec("deepseek-v3"), 4096, true);
        assertClose(61 * mla + ffn + logits + routers, flops.total());
    }

    /** nanoGPT's 12 L H Q T training attention term is 4 L d_attn T forward under full attention. */
    @Test
    void fullAttentionMatchesNanoGptTerm() {
        double layers = 12, dAttn = 768, t = 1024;
        assertClose(12 * layers * 12 * 64 * t / 3, ForwardFlops.of(Presets.spec("gpt2"), 1024, false).attention());
        assertClose(4 * layers * dAttn * t, ForwardFlops.of(Presets.spec("gpt2"), 1024, false).attention());
    }

    /**
     * Mistral's 4096-token window at S = 8192: positions min(x, W) averaged over [0, S] =
     * (W^2/2 + (S - W) W) / S = (8,388,608 + 16,777,216) / 8192 = 3072.
     */
    @Test
    void slidingWindowCapsCausalPositions() {
        double perLayer = 2 * 3072 * 32 * (128 + 128);
        assertClose(32 * perLayer, ForwardFlops.of(Presets.spec("mistral-7b-v0.1"), 8192, true).attention());
        // Under the full convention windows are ignored: all 8192 positions.
        assertClose(32 * 2 * 8192.0 * 32 * 256, ForwardFlops.of(Presets.spec("mistral-7b-v0.1"), 8192, false)
                .attention());
    }

    /** Gemma-2 alternates: 21 even layers slide over 4096, 21 odd layers see all; at S = 8192 that is 3072 vs 4096. */
    @Test
    void gemma2InterleavesLocalAndGlobalLayers() {
        double perPosition = 2 * 16 * (256 + 256);
        double expected = 21 * 3072 * perPosition + 21 * 4096 * perPosition;
        assertClose(expected, ForwardFlops.of(Presets.spec("gemma-2-9b"), 8192, true).attention());
    }

    /** MoE linear FLOPs use the top-k experts: Mixtral routes 2 of 8, plus the router (2 h E). */
    @Test
    void mixtralCountsTopTwoExpertsAndRouter() {
        double h = 4096, f = 14336;
        double perLayer = 2 * (2 * h * h + 2 * h * 1024) + 2 * (2 * 3 * h * f) + 2 * h * 8;
        assertClose(32 * perLayer, ForwardFlops.of(Presets.spec("mixtral-8x7b-v0.1"), 4096, true).linear());
    }
}
