package io.llmcost.memory;

import io.llmcost.model.Layer;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.Presets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class KvCacheTest {

    private static double bytesPerToken(ModelSpec m, QuantFormat kv) {
        double total = 0;
        for (Layer layer : m.layers()) {
            total += layer.attention().kvCacheElementsPerToken() * kv.bytesPerElement();
        }
        return total;
    }

    @Test
    void llama3_70bGqa() {
        // 2 (K and V) * L 80 * g 8 * d_h 128 * 2 bytes = 327,680 bytes per token (formulas.md 2.5)
        assertEquals(2 * 80 * 8 * 128 * 2, 327_680);
        assertEquals(327_680, bytesPerToken(Configs.build(Configs.LLAMA_3_70B), Quantization.BF16));
        // fp8 halves it; int4 with an fp16 scale and fp16 zero point per 128: 4.25 bits
        assertEquals(163_840, bytesPerToken(Configs.build(Configs.LLAMA_3_70B), Quantization.FP8_KV));
        assertEquals(2 * 80 * 8 * 128 * 4.25 / 8, bytesPerToken(Configs.build(Configs.LLAMA_3_70B),
                Quantization.INT4_KV), 1e-9);
    }

    @Test
    void deepseekV3MlaCachesLatentAndRopeKey() {
        // L 61 * (kv_lora_rank 512 + qk_rope_head_dim 64) * 2 bytes = 70,272
        assertEquals(61 * (512 + 64) * 2, 70_272);
        assertEquals(70_272, bytesPerToken(Presets.spec("deepseek-v3"), Quantization.BF16));
    }

    @Test
    void slidingWindowLayersCapAtTheWindow() {
        assertEquals(4096, KvCache.cachedTokens(8192, 4096));
        assertEquals(1000, KvCache.cachedTokens(1000, 4096));
        assertEquals(8192, KvCache.cachedTokens(8192, 0));
        // One Mistral-7B layer (g 8, d_h 128, W 4096) at 32K context: 2 * 8 * 128 * 4096 * 2 bytes.
        assertEquals(2.0 * 8 * 128 * 4096 * 2, KvCache.layerBytes(2 * 8 * 128, 32768, 4096, 2));
    }
}
