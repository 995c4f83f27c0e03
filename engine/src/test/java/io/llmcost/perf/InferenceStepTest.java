package io.llmcost.perf;

import io.llmcost.hardware.Gpu;
import io.llmcost.hardware.Roofline;
import io.llmcost.memory.KvCache;
import io.llmcost.memory.QuantFormat;
import io.llmcost.memory.Quantization;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.Presets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceStepTest {
    private static final ServingCalibration C = ServingCalibration.FITTED;

    private static InferenceSetup setup(String model, String gpu, int tp, QuantFormat w, long batch, long prompt,
                                        long output) {
        return new InferenceSetup(Presets.spec(model), Cluster.of(Gpu.find(gpu), 8), tp, 1, w, Quantization.FP8_KV,
                batch, prompt, output, true);
    }

    @Test
    void tpCommunicationIsTwoRingAllReducesOfTheActivationsPerLayer() {
        // Llama-2-70B, tp 4 on H100 SXM, one decode step of batch 32: per layer 2 all-reduces of 32 x 8192 x 2 B
        // = 524,288 B; a ring sends 2 * 3/4 of it per GPU at 450 GB/s (900 GB/s NVLink, one direction) in 6 steps
        // of 1 us. 80 layers.
        InferenceSetup s = setup("llama-2-70b", "h100-sxm", 4, Quantization.FP8_WEIGHTS, 32, 100, 2);
        double perAllReduce = 2 * 0.75 * 524_288 / 450e9 + 6 * 1e-6;
        assertEquals(80 * 2 * perAllReduce, InferenceStep.timeline(s, C).decode().communicationSeconds(), 1e-15);
        // Prefill of 32 x 100 tokens: 100 times the bytes, same steps.
        double prefill = 2 * 0.75 * 100 * 524_288 / 450e9 + 6 * 1e-6;
        assertEquals(80 * 2 * prefill, InferenceStep.timeline(s, C).prefill().communicationSeconds(), 1e-12);
        // L40S has no NVLink: PCIe Gen4 at 32 GB/s one direction, 5 us per step.
        InferenceSetup pcie = setup("llama-2-70b", "l40s", 4, Quantization.FP8_WEIGHTS, 32, 100, 2);
        assertEquals(80 * 2 * (2 * 0.75 * 524_288 / 32e9 + 6 * 5e-6),
                InferenceStep.timeline(pcie, C).decode().communicationSeconds(), 1e-15);
    }

    @Test
    void pipelineStagesSendTheActivationsOnceAcrossEachBoundary() {
        // Llama-2-7B, pp 4 x tp 1 on H100 SXM, decode batch 8: 3 boundaries, each one send of 8 x 4096 x 2 B over
        // NVLink (450 GB/s, 1 us); no TP all-reduce. The stages run one after another: the layers' time is unchanged.
        InferenceSetup pp = new InferenceSetup(Presets.spec("llama-2-7b"), Cluster.of(Gpu.find("h100-sxm"), 8), 1, 4,
                Quantization.BF16, Quantization.FP8_KV, 8, 100, 2, true);
        InferenceStep.Terms step = InferenceStep.timeline(pp, C).decode();
        assertEquals(3 * (8 * 4096 * 2 / 450e9 + 1e-6), step.communicationSeconds(), 1e-15);
        InferenceStep.Terms one = InferenceStep.timeline(setup("llama-2-7b", "h100-sxm", 1, Quantization.BF16, 8, 100,
                2), C).decode();
        assertEquals(one.gemmSeconds(), step.gemmSeconds(), 1e-15);
        assertEquals(0, one.communicationSeconds());
    }

    @Test
    void decodeGemmsTurnComputeBoundAtTheRooflineBatch() {
        // A GEMM of B rows over W weights: FLOP time 2 B W / (peak e B / (B + M_half)) = 2 W (B + M_half) / (peak e);
        // byte time W b / (bw f). They meet at B* = peak e b / (2 bw f) - M_half. H100 SXM: fp8 GEMMs have
        // b = 1 + 32 / (8 x 16384) bytes per weight at the FP8 peak; the bf16 LM head has b = 2 at half the peak
        // (989.45 of 1978.9 TFLOP/s), which puts its B* a hair lower.
        double fp8Crossing = 1978.9e12 * C.gemmEfficiency() * Quantization.FP8_WEIGHTS.bytesPerElement()
                / (2 * 3350e9 * C.bandwidthFraction()) - C.gemmHalfTokens();
        double headCrossing = 989.45e12 * C.gemmEfficiency() * 2 / (2 * 3350e9 * C.bandwidthFraction())
                - C.gemmHalfTokens();
        long below = (long) Math.floor(Math.min(fp8Crossing, headCrossing));
        long above = (long) Math.floor(Math.max(fp8Crossing, headCrossing)) + 1;
        assertTrue(below > 150 && above < 250, below + " " + above);
        InferenceStep.Terms atBelow = InferenceStep.timeline(
                setup("llama-2-7b", "h100-sxm", 1, Quantization.FP8_WEIGHTS, below, 16, 2), C).decode();
        InferenceStep.Terms atAbove = InferenceStep.timeline(
                setup("llama-2-7b", "h100-sxm", 1, Quantization.FP8_WEIGHTS, above, 16, 2), C).decode();
        InferenceStep.Terms atOne = InferenceStep.timeline(
                setup("llama-2-7b", "h100-sxm", 1, Quantization.FP8_WEIGHTS, 1, 16, 2), C).decode();
        assertEquals(Roofline.Bound.memory, atBelow.gemmBound());
        assertEquals(Roofline.Bound.compute, atAbove.gemmBound());
        // Below the crossing the GEMM time is the weight stream, the same as at batch 1; above it grows.
        assertEquals(atOne.gemmSeconds(), atBelow.gemmSeconds(), 1e-12 * atOne.gemmSeconds());
        assertTrue(atAbove.gemmSeconds() > atOne.gemmSeconds());
    }

    @Test
    void moreBatchNeverLowersThroughputPerGpuUntilMemoryRunsOut() {
        for (String model : new String[] {"llama-2-7b", "mixtral-8x7b-v0.1", "mistral-7b-v0.1", "llama-2-70b"}) {
            InferenceSetup s = setup(model, "h200", 4, Quantization.FP8_WEIGHTS, 1, 1024, 256);
            long max = InferenceMemory.maxBatch(s);
            assertTrue(max > 16, model + " max batch " + max);
            double last = 0;
            for (long b = 1; b <= max; b = b < 64 ? b + 1 : b + 37) {
                InferenceStep.Timeline t = InferenceStep.timeline(s.withBatch(b), C);
                double perGpu = (double) b * s.outputTokens() / t.e2eSeconds() / s.gpus();
                assertTrue(perGpu >= last * (1 - 1e-12), model + " batch " + b + ": " + perGpu + " < " + last);
                last = perGpu;
            }
        }
    }

    @Test
    void decodeStepsSumTheCacheOverEveryContext() {
        // Second formulation: the cached tokens summed step by step, with and without a window.
        for (long window : new long[] {0, 50, 120, 500}) {
            double bySteps = 0;
            for (long c = 101; c <= 300; c++) {
                bySteps += KvCache.cachedTokens(c, window);
            }
            assertEquals(bySteps, InferenceStep.cachedTokensSummed(101, 300, window), 0, "window " + window);
        }
        // and the decode's KV term is that sum times bytes per token at the achieved bandwidth: Llama-2-7B fp8 KV,
        // 32 layers x 2 x 4096 elements of 1 byte, batch 3, prompt 100, 201 output tokens (contexts 101..300).
        InferenceSetup s = setup("llama-2-7b", "h100-sxm", 1, Quantization.BF16, 3, 100, 201);
        double sum = (101.0 + 300) * 200 / 2;
        assertEquals(3 * 32 * 2 * 4096 * sum / (3350e9 * C.bandwidthFraction()),
                InferenceStep.timeline(s, C).decode().attentionSeconds(), 1e-12);
    }

    @Test
    void timelineCountsThePrefillAsTheFirstToken() {
        InferenceSetup s = setup("llama-2-7b", "h100-sxm", 1, Quantization.BF16, 4, 100, 11);
        InferenceStep.Timeline t = InferenceStep.timeline(s, C);
        assertEquals(10, t.decodeSteps());
        assertEquals(t.ttftSeconds() + 10 * t.tpotSeconds(), t.e2eSeconds(), 1e-12);
        ModelSpec m = s.model();
        assertEquals(32 * C.layerOverheadSeconds(), t.prefill().overheadSeconds(), 1e-15);
        assertEquals(10 * m.numLayers() * C.layerOverheadSeconds(), t.decode().overheadSeconds(), 1e-15);
    }
}
