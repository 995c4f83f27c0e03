package io.llmcost.model;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.llmcost.model.ParameterCount.ATTENTION;
import static io.llmcost.model.ParameterCount.EMBEDDING;
import static io.llmcost.model.ParameterCount.EXPERTS;
import static io.llmcost.model.ParameterCount.LM_HEAD;
import static io.llmcost.model.ParameterCount.MLP;
import static io.llmcost.model.ParameterCount.NORMS;
import static io.llmcost.model.ParameterCount.POSITION_EMBEDDING;
import static io.llmcost.model.ParameterCount.ROUTER;
import static io.llmcost.model.ParameterCount.SHARED_EXPERTS;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Per-component counts of one model of each family, written out by hand from the tensor shapes of the family's
 * transformers modeling class (docs/reference-counts/hf-tensors.md). Each expectation is arithmetic on config values.
 */
class FamilyBreakdownTest {

    private static Map<String, Long> breakdown(String preset) {
        return ParameterCount.of(Presets.spec(preset)).breakdown();
    }

    @Test
    void llama2PlainMhaWithSwiGlu() {
        long h = 4096, f = 11008, v = 32000, layers = 32;
        Map<String, Long> b = breakdown("llama-2-7b");
        assertEquals(v * h, b.get(EMBEDDING));
        assertEquals(v * h, b.get(LM_HEAD));
        assertEquals(layers * 4 * h * h, b.get(ATTENTION));
        assertEquals(layers * 3 * h * f, b.get(MLP)); // 3 matrices, not "2hf"
        assertEquals(layers * 2 * h + h, b.get(NORMS));
    }

    @Test
    void llama32TiedEmbeddingCountsOnce() {
        // Llama-3.2-1B: h 2048, 16 layers, 32 heads / 8 kv heads of 64, f 8192, V 128256, tie_word_embeddings true.
        long h = 2048, v = 128256, layers = 16;
        Map<String, Long> b = breakdown("llama-3.2-1b");
        assertEquals(v * h, b.get(EMBEDDING));
        assertEquals(0, b.get(LM_HEAD));
        assertEquals(layers * (h * 2048 + 2 * h * 512 + 2048 * h), b.get(ATTENTION));
    }

    @Test
    void mistralGqa() {
        long h = 4096, kv = 8 * 128;
        assertEquals(32 * (2 * h * h + 2 * h * kv), breakdown("mistral-7b-v0.1").get(ATTENTION));
    }

    @Test
    void mixtralRoutesTwoOfEightExperts() {
        long h = 4096, f = 14336, layers = 32;
        ParameterCount c = ParameterCount.of(Presets.spec("mixtral-8x7b-v0.1"));
        assertEquals(layers * 8 * 3 * h * f, c.breakdown().get(EXPERTS));
        assertEquals(layers * 8 * h, c.breakdown().get(ROUTER));
        assertEquals(c.total() - layers * 6 * 3 * h * f, c.active()); // 6 of 8 experts idle per token
    }

    @Test
    void qwen2BiasesOnQkvOnly() {
        // Qwen2-0.5B: h 896, 14 heads of 64, 2 kv heads; q/k/v carry biases, o_proj none.
        long h = 896, q = 14 * 64, kv = 2 * 64;
        long perLayer = (h * q + q) + 2 * (h * kv + kv) + q * h;
        assertEquals(24 * perLayer, breakdown("qwen2-0.5b").get(ATTENTION));
    }

    @Test
    void qwen15MoeSharedExpertWithGate() {
        // Qwen1.5-MoE-A2.7B: h 2048, 24 layers all sparse, 60 experts of 1408, top-4,
        // shared expert 5632 with a Linear(h, 1) gate.
        long h = 2048, layers = 24;
        ParameterCount c = ParameterCount.of(Presets.spec("qwen1.5-moe-a2.7b"));
        assertEquals(layers * 60 * 3 * h * 1408, c.breakdown().get(EXPERTS));
        assertEquals(layers * (3 * h * 5632 + h), c.breakdown().get(SHARED_EXPERTS));
        assertEquals(layers * 60 * h, c.breakdown().get(ROUTER));
        assertEquals(c.total() - layers * 56 * 3 * h * 1408, c.active());
    }

    @Test
    void qwen3PerHeadQkNorm() {
        long h = 4096, layers = 36, headDim = 128;
        assertEquals(layers * (2 * h + 2 * headDim) + h, breakdown("qwen3-8b").get(NORMS));
    }

    @Test
    void qwen3MoeEveryLayerSparse() {
        // Qwen3-30B-A3B: 48 layers, 128 experts of 768, top-8, no shared expert.
        long h = 2048, layers = 48;
        ParameterCount c = ParameterCount.of(Presets.spec("qwen3-30b-a3b"));
        assertEquals(layers * 128 * 3 * h * 768, c.breakdown().get(EXPERTS));
        assertEquals(0, c.breakdown().get(SHARED_EXPERTS));
        assertEquals(0, c.breakdown().get(MLP));
        assertEquals(c.total() - layers * 120 * 3 * h * 768, c.active());
    }

    @Test
    void deepseekV2LiteFullRankQueryMla() {
        // q_lora_rank null: q_proj h x a(d_nope + d_rope); kv_a h x (512 + 64) + norm 512; kv_b 512 x a(128 + 128).
        long h = 2048, a = 16;
        long perLayer = h * a * 192 + h * 576 + 512 + 512 * a * 256 + a * 128 * h;
        Map<String, Long> b = breakdown("deepseek-v2-lite");
        assertEquals(27 * perLayer, b.get(ATTENTION));
        assertEquals(3 * h * 10944, b.get(MLP)); // first_k_dense_replace = 1
        assertEquals(26 * 64 * 3 * h * 1408, b.get(EXPERTS));
        assertEquals(26 * 3 * h * (2 * 1408), b.get(SHARED_EXPERTS)); // 2 shared experts as one MLP
        assertEquals(26 * 64 * h, b.get(ROUTER)); // greedy top-k: no score-correction buffer
    }

    @Test
    void deepseekV3MlaRouterBufferAndMtp() {
        long h = 7168, a = 128;
        long mla = h * 1536 + 1536 + 1536 * a * 192 + h * 576 + 512 + 512 * a * 256 + a * 128 * h;
        assertEquals(187_107_328L, mla); // formulas.md 4.2: 187.1M per layer
        ParameterCount c = ParameterCount.of(Presets.spec("deepseek-v3"));
        assertEquals(61 * mla, c.breakdown().get(ATTENTION));
        assertEquals(58 * (256 * h + 256), c.breakdown().get(ROUTER)); // weight + e_score_correction_bias
        long moeLayer = mla + 256 * h + 256 + 256 * 3 * h * 2048 + 3 * h * 2048 + 2 * h;
        long mtp = h + h + 2 * h * h + h + moeLayer; // enorm, hnorm, eh_proj, shared_head.norm, one MoE layer
        assertEquals(mtp, c.mtp());
        assertEquals(11_610_068_224L, c.mtp()); // the contract
    }

    @Test
    void gemmaHeadDimIndependentOfHidden() {
        // Gemma-7B: 16 heads of 256 = 4096 != h = 3072.
        long h = 3072, qo = 16 * 256;
        assertEquals(28 * 4 * h * qo, breakdown("gemma-7b").get(ATTENTION));
        assertEquals(0, breakdown("gemma-7b").get(LM_HEAD)); // tied by default
    }

    @Test
    void gemma2FourNormsPerLayer() {
        long h = 3584;
        assertEquals(42 * 4 * h + h, breakdown("gemma-2-9b").get(NORMS));
    }

    @Test
    void gemma3QkNormAndFourNorms() {
        // gemma-3-1b: h 1152, 26 layers, head_dim 256.
        long h = 1152;
        assertEquals(26 * (4 * h + 2 * 256) + h, breakdown("gemma-3-1b-pt").get(NORMS));
    }

    @Test
    void gpt2LayerNormBiasesAndLearnedPositions() {
        long h = 768, layers = 12;
        Map<String, Long> b = breakdown("gpt2");
        assertEquals(1024 * h, b.get(POSITION_EMBEDDING));
        assertEquals(layers * ((h * 3 * h + 3 * h) + (h * h + h)), b.get(ATTENTION));
        assertEquals(layers * ((h * 4 * h + 4 * h) + (4 * h * h + h)), b.get(MLP));
        assertEquals(layers * 2 * 2 * h + 2 * h, b.get(NORMS));
        assertEquals(0, b.get(LM_HEAD));
    }

    @Test
    void pythiaNonEmbeddingMatchesPaper() {
        // Pythia paper Table 1: 1,208,602,624 non-embedding parameters for Pythia-1.4B.
        ParameterCount c = ParameterCount.of(Presets.spec("pythia-1.4b"));
        assertEquals(1_208_602_624L, c.total() - c.breakdown().get(EMBEDDING) - c.breakdown().get(LM_HEAD));
    }

    @Test
    void olmo1NormsHaveNoParameters() {
        assertEquals(0, breakdown("olmo-1b-hf").get(NORMS));
    }

    @Test
    void olmo2FullWidthQkNorm() {
        long h = 4096;
        assertEquals(32 * (2 * h + h + h) + h, breakdown("olmo-2-1124-7b").get(NORMS));
    }

    @Test
    void phi3FusedProjectionsCountLikeSeparateOnes() {
        long h = 3072;
        Map<String, Long> b = breakdown("phi-3-mini-4k-instruct");
        assertEquals(32 * 4 * h * h, b.get(ATTENTION));
        assertEquals(32 * 3 * h * 8192, b.get(MLP));
    }

    @Test
    void gptOssBiasesSinksAndFusedExperts() {
        // gpt-oss-20b: h 2880, 24 layers, 64 heads / 8 kv of 64, 32 experts of 2880 with biases, top-4.
        long h = 2880, q = 64 * 64, kv = 8 * 64, f = 2880;
        Map<String, Long> b = breakdown("gpt-oss-20b");
        assertEquals(24 * ((h * q + q) + 2 * (h * kv + kv) + (q * h + h) + 64), b.get(ATTENTION));
        assertEquals(24 * 32 * (h * 2 * f + 2 * f + f * h + h), b.get(EXPERTS));
        assertEquals(24 * (32 * h + 32), b.get(ROUTER));
        // Model card: 3.61B active without the input embedding.
        assertEquals(3.61e9, ParameterCount.of(Presets.spec("gpt-oss-20b")).activeExcludingInputEmbedding(), 0.005e9);
    }
}
