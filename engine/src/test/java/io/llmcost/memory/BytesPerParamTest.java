package io.llmcost.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The rows of formulas.md 2.1, each written out as weights + gradients + optimizer state. */
class BytesPerParamTest {

    private static double total(Precision p, Optimizer o, double gradBytes) {
        return BytesPerParam.of(p, o, gradBytes).total();
    }

    @Test
    void mixedPrecisionAdamIsSixteenNotTwelve() {
        BytesPerParam b = BytesPerParam.of(Precision.BF16_MIXED, Optimizer.ADAMW, 2);
        assertEquals(2, b.weights());
        assertEquals(2, b.gradients());
        assertEquals(4 + 4 + 4, b.optimizer()); // fp32 master, m, v: the ZeRO paper's K = 12
        assertEquals(16, b.total());
    }

    @Test
    void fp32GradientAccumulationIsEighteen() {
        assertEquals(2 + 4 + 12, total(Precision.BF16_MIXED, Optimizer.ADAMW, 4)); // Megatron without dist. optimizer
    }

    @Test
    void otherRegimes() {
        assertEquals(2 + 2 + 12, total(Precision.FP16_MIXED, Optimizer.ADAMW, 2));
        assertEquals(4 + 4 + 8, total(Precision.FP32, Optimizer.ADAMW, 4));        // no master copy, fp32 m and v
        assertEquals(2 + 2 + 4, total(Precision.BF16, Optimizer.ADAMW, 2));        // bf16 m and v
        assertEquals(2 + 2 + 4 + 2, total(Precision.BF16_MIXED, Optimizer.ADAMW_8BIT, 2)); // 1-byte m and v
        assertEquals(2 + 2 + 2, total(Precision.BF16, Optimizer.ADAMW_8BIT, 2));
        assertEquals(2 + 2 + 4 + 4, total(Precision.BF16_MIXED, Optimizer.SGD_MOMENTUM, 2));
        assertEquals(2 + 2 + 4, total(Precision.BF16_MIXED, Optimizer.SGD, 2));
    }
}
