package io.llmcost.perf;

import io.llmcost.hardware.Gpu;
import io.llmcost.io.InputException;
import io.llmcost.memory.Configs;
import io.llmcost.memory.Quantization;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.Presets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceMemoryTest {
    private static final Cluster H100 = Cluster.of(Gpu.find("h100-sxm"), 8);
    private static final double GIB = 1L << 30;

    private static InferenceSetup setup(ModelSpec m, int tp, long batch, long prompt, long output) {
        return new InferenceSetup(m, H100, tp, 1, Quantization.BF16, Quantization.BF16, batch, prompt, output, true);
    }

    @Test
    void llama3_70bAtTp16KeepsOneKvHeadPerGpu() {
        // 80 layers, 8 KV heads of 128. Whole model bf16: 2 (K,V) * 8 * 128 * 80 * 2 B = 327,680 B per token.
        // TP 8: one KV head per GPU = 327,680 / 8 = 40,960 B. TP 16: still one KV head per GPU (two GPUs hold copies
        // of each), 40,960 B, not 327,680 / 16 = 20,480. TP 4: two heads, 81,920 B.
        ModelSpec m = Configs.build(Configs.LLAMA_3_70B);
        long batch = 3, context = 1000;
        for (int[] tpAndBytes : new int[][] {{4, 81_920}, {8, 40_960}, {16, 40_960}}) {
            InferenceMemory mem = InferenceMemory.of(setup(m, tpAndBytes[0], batch, 900, 100));
            assertEquals((double) tpAndBytes[1] * batch * context, mem.kvCacheBytes(), 1e-6, "tp " + tpAndBytes[0]);
        }
    }

    @Test
    void mlaLatentCacheIsReplicatedOnEveryGpu() {
        // DeepSeek-V3: 61 layers of 512 latent + 64 RoPE-key elements = 35,136 elements per token, at any tp.
        ModelSpec m = Presets.spec("deepseek-v3");
        InferenceSetup s = new InferenceSetup(m, Cluster.of(Gpu.find("h200"), 8), 8, 1, Quantization.FP8_WEIGHTS,
                Quantization.BF16, 2, 100, 28, true);
        assertEquals(61.0 * (512 + 64) * 2 * 2 * 128, InferenceMemory.of(s).kvCacheBytes(), 1e-6);
    }

    @Test
    void llama2_70bFp8WeightsPerGpuAtTp4ByHand() {
        // Per layer: q and o 2 * 8192^2 = 134,217,728; k and v 2 * 8192 * 1024 = 16,777,216; SwiGLU 3 * 8192 * 28672
        // = 704,643,072; all split 4 ways: 213,909,504 per GPU, x 80 layers, at fp8 = 8 + 32 / 16384 bits.
        // 16-bit: embedding and LM head 32000 * 8192 each, split 4 ways; 161 RMSNorms of 8192 replicated.
        ModelSpec m = Presets.spec("llama-2-70b");
        InferenceSetup s = new InferenceSetup(m, H100, 4, 1, Quantization.FP8_WEIGHTS, Quantization.FP8_KV, 1, 10, 10,
                true);
        double quantized = 80.0 * 213_909_504L * (8 + 32.0 / 16384) / 8;
        double sixteen = 2.0 * (2 * 32000L * 8192 / 4 + 161L * 8192);
        assertEquals(quantized + sixteen, InferenceMemory.of(s).weightsBytes(), 1e-3);
    }

    @Test
    void pipelineStagesHoldTheirLayersAndTheEndsTheirTables() {
        // Llama-2-7B pp 2: 16 layers each; the first stage adds the embedding, the last the head and final norm,
        // each 32000 * 4096 bf16. Layers: 202,383,360 params each (4 * 4096^2 + 3 * 4096 * 11008 + 2 norms).
        ModelSpec m = Presets.spec("llama-2-7b");
        InferenceSetup s = new InferenceSetup(m, H100, 1, 2, Quantization.BF16, Quantization.BF16, 1, 10, 10, true);
        double layer = 4.0 * 4096 * 4096 + 3.0 * 4096 * 11008 + 2 * 4096;
        assertEquals(2 * (16 * layer + 32000.0 * 4096 + 4096), InferenceMemory.of(s).weightsBytes(), 1e-3);
        assertEquals(1, InferenceMemory.of(s).stage());
    }

    @Test
    void maxBatchIsTheLastBatchThatFits() {
        InferenceSetup s = setup(Configs.build(Configs.LLAMA_3_70B), 4, 1, 2048, 512);
        long max = InferenceMemory.maxBatch(s);
        assertTrue(max > 1, "max batch " + max);
        assertTrue(InferenceMemory.fits(s, max, s.contextTokens()));
        assertFalse(InferenceMemory.fits(s, max + 1, s.contextTokens()));
        // One GPU cannot hold 70B bf16 weights (141 GB > 80 GB): nothing fits.
        assertEquals(0, InferenceMemory.maxBatch(setup(Configs.build(Configs.LLAMA_3_70B), 1, 1, 2048, 512)));
    }

    @Test
    void maxContextIsTheLastContextThatFits() {
        InferenceSetup s = setup(Presets.spec("llama-2-7b"), 1, 8, 1000, 100);
        long c = InferenceMemory.maxContext(s);
        assertTrue(InferenceMemory.fits(s, 8, c));
        assertFalse(InferenceMemory.fits(s, 8, c + 1));
        // The cache alone bounds it from above: bf16 KV of Llama-2-7B is 524,288 B per token, 8 sequences.
        assertTrue(c < 80 * GIB / (8 * 524_288.0), "context " + c);
    }

    @Test
    void tpMustSplitTheHeads() {
        ModelSpec m = Configs.build(Configs.LLAMA_3_70B);
        InputException e = assertThrows(InputException.class, () -> setup(m, 3, 1, 10, 10));
        assertTrue(e.getMessage().contains("--tp=3"), e.getMessage());
        // 64 query heads, 8 KV heads: tp 32 divides 64 and is a multiple of 8; tp 128 does not divide 64.
        setup(m, 32, 1, 10, 10);
        assertThrows(InputException.class, () -> setup(m, 128, 1, 10, 10));
    }
}
