package io.llmcost.memory;

import io.llmcost.model.ModelSpec;
import io.llmcost.model.Presets;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Context parallelism, interleaving and FP8 in the memory model. */
class TrainingMemoryLayoutTest {
    private static final ModelSpec LLAMA = Presets.spec("llama-3-8b");

    private static TrainSetup setup(Precision p, int pp, int cp, int vp) {
        return new TrainSetup(8192, 1, p, Optimizer.ADAMW, 2, 1, 2, 1, pp, false, 1, Recompute.selective, true,
                false, cp, vp);
    }

    @Test
    void contextParallelismDividesEveryActivation() {
        // each CP rank holds s / cp tokens: with FlashAttention every stored tensor is linear in s, so cp = 2
        // halves the activations exactly (layers and the output layer)
        TrainingMemory one = TrainingMemory.ofStage(LLAMA, setup(Precision.BF16_MIXED, 1, 1, 1), 0);
        TrainingMemory two = TrainingMemory.ofStage(LLAMA, setup(Precision.BF16_MIXED, 1, 2, 1), 0);
        assertEquals(one.activationBytes() / 2, two.activationBytes(), 1e-6 * one.activationBytes());
    }

    @Test
    void zeroShardsOverDataAndContextRanks() {
        // ZeRO-1 over dp x cp = 2 x 2: the 12 B/param optimizer state is split 4 ways, not 2
        TrainingMemory cp1 = TrainingMemory.ofStage(LLAMA, setup(Precision.BF16_MIXED, 1, 1, 1), 0);
        TrainingMemory cp2 = TrainingMemory.ofStage(LLAMA, setup(Precision.BF16_MIXED, 1, 2, 1), 0);
        assertEquals(cp1.state().optimizer() / 2, cp2.state().optimizer(), 1e-6 * cp1.state().optimizer());
    }

    @Test
    void interleavingKeepsMoreMicroBatchesOnTheFirstStage() {
        // Megatron-LM theoretical_memory_usage.py: the first stage of 1F1B keeps pp micro-batches of its layers,
        // times 1 + (pp - 1) / (pp vp) with vp virtual stages: 4 x (1 + 3/8) = 5.5 at pp 4, vp 2
        TrainingMemory plain = TrainingMemory.ofStage(LLAMA, setup(Precision.BF16_MIXED, 4, 1, 1), 0);
        TrainingMemory interleaved = TrainingMemory.ofStage(LLAMA, setup(Precision.BF16_MIXED, 4, 1, 2), 0);
        assertEquals(plain.activationBytes() * 5.5 / 4, interleaved.activationBytes(),
                1e-9 * plain.activationBytes());
    }

    @Test
    void noMoreMicroBatchesInFlightThanTheStepHas() {
        // pp 4 with 2 micro-batches per step: the first stage keeps 2 (not 4) micro-batches of activations
        TrainSetup s = setup(Precision.BF16_MIXED, 4, 1, 1);
        TrainingMemory four = TrainingMemory.of(LLAMA, s);
        TrainingMemory two = TrainingMemory.of(LLAMA, s, 2);
        assertEquals(0, four.stage());
        assertEquals(0, two.stage());
        assertEquals(four.activationBytes() / 2, two.activationBytes(), 1e-9 * four.activationBytes());
    }

    @Test
    void fp8StoresWhatBf16MixedStores() {
        // FP8 GEMMs with bf16 weights, fp32 master and moments: 2 + 2 + 12 B/param, bf16 activations
        assertEquals(16, setup(Precision.FP8, 1, 1, 1).bytesPerParam().total(), 0);
        assertEquals(TrainingMemory.of(LLAMA, setup(Precision.BF16_MIXED, 2, 2, 1)).totalBytes(),
                TrainingMemory.of(LLAMA, setup(Precision.FP8, 2, 2, 1)).totalBytes());
    }

    @Test
    void stagesOfAnotherSetupAreRefused() {
        // stages are shared over ZeRO stages only: another micro-batch, or another model, must not reuse them
        TrainSetup s = setup(Precision.BF16_MIXED, 2, 1, 1);
        TrainingMemory.Stages stages = TrainingMemory.stages(LLAMA, s);
        assertEquals(TrainingMemory.of(LLAMA, s.withZero(3), 8).totalBytes(),
                TrainingMemory.of(LLAMA, s.withZero(3), 8, stages).totalBytes(), 0);
        assertThrows(IllegalArgumentException.class,
                () -> TrainingMemory.of(LLAMA, s.withMicroBatch(2), 8, stages));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingMemory.of(Presets.spec("llama-3.1-8b"), s, 8, stages));
    }

    @Test
    void firstStageAboveTheLimitDecidesTheFitAlone() {
        // pp 4, 1F1B: stage 0 keeps 4 micro-batches in flight, so it is the worst; a limit below it stops there
        TrainSetup s = setup(Precision.BF16_MIXED, 4, 1, 1);
        TrainingMemory.Stages stages = TrainingMemory.stages(LLAMA, s);
        TrainingMemory worst = TrainingMemory.of(LLAMA, s, 8);
        assertEquals(worst.totalBytes(), TrainingMemory.ofOrFirstAbove(LLAMA, s, 8, stages, worst.totalBytes())
                .totalBytes(), 0);
        double limit = TrainingMemory.ofStage(LLAMA, s, 3).totalBytes();
        TrainingMemory above = TrainingMemory.ofOrFirstAbove(LLAMA, s, 8, stages, limit);
        assertEquals(0, above.stage());
        assertTrue(above.totalBytes() > limit);
    }
}
