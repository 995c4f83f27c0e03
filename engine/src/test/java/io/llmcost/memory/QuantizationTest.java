package io.llmcost.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QuantizationTest {

    @Test
    void bitsPerParamFollowsTheGroupFormula() {
        // formulas.md 2.6: int4 with an fp16 scale per 128 adds 0.125 bit; with a 16-bit zero point 0.25.
        assertEquals(4.125, Quantization.bitsPerElement(4, 16, 0, 128));
        assertEquals(4.25, Quantization.bitsPerElement(4, 16, 16, 128));
        // Default int4: fp16 scale + packed 4-bit zero point per 128 = 4 + 20/128.
        assertEquals(4.15625, Quantization.INT4_WEIGHTS.bitsPerElement());
        // DeepSeek-V3 fp8: one fp32 scale per 128 x 128 block, +0.0244% (formulas.md: "about +0.02%").
        assertEquals(8 + 32.0 / 16384, Quantization.FP8_WEIGHTS.bitsPerElement());
        assertEquals(16, Quantization.BF16.bitsPerElement());
        // OCP MX v1.0 MXFP4: an 8-bit E8M0 scale per 32 FP4 values; NVFP4: an 8-bit E4M3 scale per 16.
        assertEquals(4 + 8.0 / 32, Quantization.MXFP4_WEIGHTS.bitsPerElement());
        assertEquals(4 + 8.0 / 16, Quantization.NVFP4_WEIGHTS.bitsPerElement());
    }

    @Test
    void unknownFormatNamesTheAcceptedOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Quantization.kv("fp4"));
        assertEquals("'fp4': expected one of bf16, fp16, fp8, int8, int4", e.getMessage());
    }
}
