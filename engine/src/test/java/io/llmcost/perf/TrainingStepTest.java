package io.llmcost.perf;

import io.llmcost.hardware.Gpu;
import io.llmcost.io.ConfigJson;
import io.llmcost.memory.Optimizer;
import io.llmcost.memory.Precision;
import io.llmcost.memory.Recompute;
import io.llmcost.memory.TrainSetup;
import io.llmcost.model.Families;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.Presets;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each term of the step against a hand derivation. The model: a GPT-2-style stack of L = 4 layers, h = 1024, 16
 * heads, V = 32000; sequences of s = 2048; H100 SXM nodes of 8 (NVLink 450 GB/s and InfiniBand 50 GB/s per GPU and
 * direction, 1 us and 5 us per ring step). Constants chosen for the test: links at half their bandwidth, a quarter of
 * the TP traffic overlapped.
 */
class TrainingStepTest {
    private static final StepEfficiency K = new StepEfficiency(0.7, 200, 0.5, 0.4, 0.5, 0.25);
    private static final Cluster H100 = Cluster.of(Gpu.find("h100-sxm"), 8);
    private static final double NVLINK = 450e9 * 0.5, IB = 50e9 * 0.5;
    private static final ModelSpec GPT = gpt(4, 1024, 16, 32000, 2048);
    private static final long L = 4, H = 1024, S = 2048;

    static ModelSpec gpt(long layers, long h, long heads, long vocab, long seq) {
        String json = "{\"model_type\": \"gpt2\", \"n_layer\": " + layers + ", \"n_embd\": " + h + ", \"n_head\": "
                + heads + ", \"vocab_size\": " + vocab + ", \"n_positions\": " + seq + "}";
        try {
            return Families.build(ConfigJson.read("test", new ByteArrayInputStream(json.getBytes(
                    StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static TrainSetup setup(Precision p, int zero, long dp, int tp, int pp, boolean sp, int ep, Recompute r,
                            boolean flash, int cp, int vp) {
        return new TrainSetup(S, 1, p, Optimizer.ADAMW, p.weightBytes, zero, dp, tp, pp, sp, ep, r, flash, false, cp,
                vp);
    }

    @Test
    void tensorParallelAllReducesFourPerLayerPerMicroBatch() {
        // tp 4, dp 2, 16 sequences of 1 -> m = 8 micro-batches. Per layer and micro-batch 4 ring all-reduces of
        // the s x h bf16 activation M = 2048 * 1024 * 2 B, each moving 2 (4-1)/4 M over NVLink in 6 steps.
        TrainSetup s = setup(Precision.BF16_MIXED, 1, 2, 4, 1, true, 1, Recompute.none, true, 1, 1);
        TrainingStep step = TrainingStep.of(GPT, s, 16, H100, K);
        double m = 2048.0 * 1024 * 2;
        double allReduce = 2 * 3.0 / 4 * m / NVLINK + 6 * 1e-6;
        assertEquals(8 * L * 4 * allReduce * (1 - 0.25), step.breakdown().tpComm(), 1e-12);
        // full recompute replays the two forward all-reduces
        TrainingStep full = TrainingStep.of(GPT, s.withRecompute(Recompute.full), 16, H100, K);
        assertEquals(8 * L * 6 * allReduce * (1 - 0.25), full.breakdown().tpComm(), 1e-12);
    }

    @Test
    void contextParallelRingIsExposedOnlyBeyondTheAttention() {
        // With a slow link the ring dominates: K and V of s/cp tokens, 2 * 1024 wide (MHA), bf16, cp - 1 = 1 hop
        // forward and 2 backward per layer; minus the attention time of the layer it overlaps.
        Cluster slow = new Cluster(H100.gpu(), 1, new Link(1e9, 0), new Link(1e9, 0));
        TrainSetup s = setup(Precision.BF16_MIXED, 1, 1, 1, 1, false, 1, Recompute.none, true, 2, 1);
        TrainingStep step = TrainingStep.of(GPT, s, 1, slow, K);
        double kvBytes = 1024.0 * 2 * 1024 * 2;
        double ring = 3 * kvBytes / (1e9 * 0.5);
        // FlashAttention of one layer on s/cp = 1024 queries over s/2 = 1024 causal positions on average:
        // 2 * 1024 * 16 heads * (64 + 64) forward FLOPs per query; forward + backward + QK^T recompute = 3.5x.
        double forward = 2.0 * 1024 * 16 * (64 + 64) * 1024;
        double attention = 3.5 * forward / (989.4e12 * 0.4);
        assertEquals(L * (ring - attention), step.breakdown().cpComm(), 1e-9);
    }

    @Test
    void bubbleIsPMinusOneOverMvOfTheIdealTime() {
        // Narayanan et al. 2021 eq. (1) and section 2.2.2: bubble fraction (p - 1) / (m v).
        TrainSetup s = setup(Precision.BF16_MIXED, 1, 1, 1, 4, false, 1, Recompute.none, true, 1, 1);
        TrainingStep step = TrainingStep.of(GPT, s, 8, H100, K);
        assertEquals(3.0 / 8, step.bubbleFraction(), 1e-15);
        TrainSetup interleaved = setup(Precision.BF16_MIXED, 1, 1, 1, 2, false, 1, Recompute.none, true, 1, 2);
        assertEquals(1.0 / (8 * 2), TrainingStep.of(GPT, interleaved, 8, H100, K).bubbleFraction(), 1e-15);
        // pp 4 on one node: the bubble term is (p - 1)/(m) of the m micro-batches' stage work, plus 2 (p v - 1)
        // NVLink hops of the s x h activation.
        TrainingStep.Breakdown b = step.breakdown();
        double work = b.compute() + b.recompute() + b.tpComm() + b.cpComm() + b.epComm()
                - optimizer(s);
        double hop = 2048.0 * 1024 * 2 / NVLINK + 1e-6;
        assertEquals(3.0 / 8 * work + 2 * (4 - 1) * hop, b.ppBubble(), 1e-12);
    }

    /** Adam over the local shard: 30 B per parameter at 80% of 3.35 TB/s. */
    private static double optimizer(TrainSetup s) {
        double params = io.llmcost.model.ParameterCount.of(GPT).total() / ((double) s.tp() * s.pp())
                / (s.zero() >= 1 ? s.replicas() : 1);
        return params * 30 / (3.35e12 * 0.8);
    }

    @Test
    void zeroThreeGathersTwiceAndReduceScattersEveryMicroBatch() {
        // dp 16 on two nodes (InfiniBand), tp 1: per micro-batch 2 all-gathers of the bf16 weights and one
        // reduce-scatter of the bf16 gradients, each (16 - 1)/16 of P x 2 B in 15 steps per layer; exposed beyond the
        // micro-batch's own work. A slow network makes the communication dominate.
        Cluster slow = new Cluster(H100.gpu(), 8, new Link(450e9, 1e-6), new Link(1e9, 5e-6));
        TrainSetup s = setup(Precision.BF16_MIXED, 3, 16, 1, 1, false, 1, Recompute.none, true, 1, 1);
        TrainingStep step = TrainingStep.of(GPT, s, 32, slow, K);
        double p = io.llmcost.model.ParameterCount.of(GPT).total();
        // layer by layer: 4 layers, each collective on a quarter of the parameters with its own 15 latency steps
        double collective = 15.0 / 16 * p * 2 / (1e9 * 0.5) + 4 * 15 * 5e-6;
        TrainingStep.Breakdown b = step.breakdown();
        double microBatchWork = (b.compute() - optimizer(s) + b.recompute() + b.tpComm()) / 2; // m = 2
        assertEquals(2 * (3 * collective - microBatchWork), b.dpComm(), 1e-9);
    }

    @Test
    void expertAllToAllFourPerMoeLayer() {
        // Qwen3-30B-A3B (48 MoE layers, h 2048, top-8), ep 8 on one node, tp 1: per layer and micro-batch
        // dispatch and combine forward and backward, each sending 7/8 of s x 8 copies x h x 2 B over NVLink.
        ModelSpec qwen = Presets.spec("qwen3-30b-a3b");
        TrainSetup s = new TrainSetup(4096, 1, Precision.BF16_MIXED, Optimizer.ADAMW, 2, 1, 8, 1, 1, false, 8,
                Recompute.none, true, false, 1, 1);
        TrainingStep step = TrainingStep.of(qwen, s, 16, H100, K);
        double a2a = 7.0 / 8 * 4096 * 8 * 2048 * 2 / NVLINK + 7 * 1e-6;
        assertEquals(2 * 48 * 4 * a2a, step.breakdown().epComm(), 1e-9);
    }

    @Test
    void fp8OnlyScalesGemmTime() {
        // The H100's FP8 peak is twice its BF16 peak (1978.9 and 989.4 TFLOP/s, to the datasheet's rounding): at an
        // FP8 GEMM efficiency ratio of 0.5 an FP8 GEMM takes as long as a BF16 one, so if anything but the GEMMs
        // depended on the precision the steps would differ.
        TrainSetup bf16 = setup(Precision.BF16_MIXED, 1, 2, 2, 2, true, 1, Recompute.selective, false, 1, 1);
        TrainSetup fp8 = setup(Precision.FP8, 1, 2, 2, 2, true, 1, Recompute.selective, false, 1, 1);
        StepEfficiency half = new StepEfficiency(0.7, 200, 0.5, 0.4, 0.5, 0.25);
        var same = TrainingStep.of(GPT, bf16, 16, H100, half).breakdown().seconds();
        TrainingStep.of(GPT, fp8, 16, H100, half).breakdown().seconds().forEach((term, seconds) ->
                assertEquals(same.get(term), seconds, 1e-4 * same.get(term), term));
        // at ratio 1 the FP8 step is faster; the TP collectives (not overlapped with anything precision-dependent)
        // are unchanged
        StepEfficiency full = new StepEfficiency(0.7, 200, 1, 0.4, 0.5, 0.25);
        TrainingStep.Breakdown b = TrainingStep.of(GPT, bf16, 16, H100, full).breakdown();
        TrainingStep.Breakdown f = TrainingStep.of(GPT, fp8, 16, H100, full).breakdown();
        assertTrue(f.compute() < b.compute());
        assertEquals(b.tpComm(), f.tpComm());
    }

    @Test
    void moreTensorParallelismNeverRaisesGemmEfficiency() {
        // per-GPU GEMM shapes shrink with tp: the efficiency at h / tp never increases, and the GPU-seconds of
        // compute (compute x tp) never decrease
        double previousEfficiency = 1, previousGpuSeconds = 0;
        for (int tp = 1; tp <= 16; tp *= 2) {
            double e = StepEfficiency.FITTED.gemm(1024.0 / tp, false);
            assertTrue(e <= previousEfficiency);
            previousEfficiency = e;
            TrainSetup s = setup(Precision.BF16_MIXED, 1, 1, tp, 1, true, 1, Recompute.none, true, 1, 1);
            double gpuSeconds = TrainingStep.of(GPT, s, 8, H100).breakdown().compute() * tp;
            assertTrue(gpuSeconds >= previousGpuSeconds * (1 - 1e-12), "tp " + tp);
            previousGpuSeconds = gpuSeconds;
        }
    }

    @Test
    void doublingTheGlobalBatchNeverRaisesTheBubbleShare() {
        for (int pp : new int[]{2, 4}) {
            for (int vp : new int[]{1, 2}) {
                TrainSetup s = setup(Precision.BF16_MIXED, 1, 2, 1, pp, false, 1, Recompute.none, true, 1, vp);
                double previous = 1;
                for (long batch = 2; batch <= 1024; batch *= 2) {
                    TrainingStep step = TrainingStep.of(GPT, s, batch, H100);
                    double share = step.breakdown().ppBubble() / step.stepSeconds();
                    assertTrue(share <= previous, "pp " + pp + " vp " + vp + " batch " + batch);
                    previous = share;
                }
            }
        }
    }
}
