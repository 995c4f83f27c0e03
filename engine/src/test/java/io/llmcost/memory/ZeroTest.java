package io.llmcost.memory;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Rajbhandari et al. 2020 (arXiv:1910.02054) Figure 1: Psi = 7.5B, N_d = 64, K = 12. */
class ZeroTest {

    private static final double PSI = 7.5e9;
    private static final BytesPerParam MIXED_ADAM = BytesPerParam.of(Precision.BF16_MIXED, Optimizer.ADAMW, 2);

    private static double gb(int stage) {
        return Zero.perGpuBytes(PSI, MIXED_ADAM, stage, 64).total() / 1e9;
    }

    @Test
    void reproducesThePapersFigureOne() {
        // Stage 0: (2 + 2 + 12) * 7.5 = 120 GB.
        assertEquals(120.0, gb(0), 1e-9);
        // Stage 1: 2 * 7.5 + 2 * 7.5 + 12 * 7.5 / 64 = 30 + 1.40625 = 31.40625, printed 31.4 GB.
        assertEquals(31.40625, gb(1), 1e-9);
        assertEquals(31.4, Math.round(gb(1) * 10) / 10.0);
        // Stage 2: 2 * 7.5 + 14 * 7.5 / 64 = 15 + 1.640625 = 16.640625, printed 16.6 GB.
        assertEquals(16.640625, gb(2), 1e-9);
        assertEquals(16.6, Math.round(gb(2) * 10) / 10.0);
        // Stage 3: 16 * 7.5 / 64 = 1.875, printed 1.9 GB.
        assertEquals(1.875, gb(3), 1e-9);
        assertEquals(1.9, Math.round(gb(3) * 10) / 10.0);
    }

    @Test
    void megatronDistributedOptimizerIsStageOneWithFp32Gradients() {
        // theoretical_memory_usage.py: 6 + 12 / dp bytes per parameter.
        BytesPerParam fp32Grads = BytesPerParam.of(Precision.BF16_MIXED, Optimizer.ADAMW, 4);
        assertEquals(6 + 12.0 / 8, Zero.perGpuBytes(1, fp32Grads, 1, 8).total(), 1e-12);
    }
}
