package io.llmcost.memory;

import io.llmcost.hardware.Gpu;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.Presets;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fit advice: the cheapest change first, no degenerate pipelines, and a GPU count when nothing fits. */
class FitAdvisorTest {

    private static final ModelSpec LLAMA_2_7B = Presets.spec("llama-2-7b");
    private static final double A100_40GB = Gpu.find("a100-40gb").memoryBytes();
    /** train's default when no global batch is given. */
    private static final FitAdvisor.StepBatch EIGHT = FitAdvisor.StepBatch.ofMicroBatches(8);

    private static TrainSetup setup(long seqLen, long dp, int tp, int pp, int zero, Recompute recompute,
                                    boolean flash) {
        return new TrainSetup(seqLen, 1, Precision.BF16_MIXED, Optimizer.ADAMW, 2, zero, dp, tp, pp, tp > 1, 1,
                recompute, flash, false);
    }

    @Test
    void aStepHasTheMicroBatchesTrainCounts() {
        // 96 sequences over dp 8 x micro-batch 4 = 32 per micro-batch: 3 micro-batches. Over dp 16 x 4 = 64 they do
        // not split (train rejects that global batch), so such a setup is never advised. With no global batch,
        // train's default count holds whatever the setup.
        TrainSetup s = setup(4096, 8, 1, 1, 0, Recompute.none, false).withMicroBatch(4);
        TrainSetup wider = s.withGpus(16, 1, 1, false);
        assertEquals(16, wider.dp());
        assertEquals(3, FitAdvisor.StepBatch.ofSequences(96).microBatches(s));
        assertEquals(0, FitAdvisor.StepBatch.ofSequences(96).microBatches(wider));
        assertEquals(8, EIGHT.microBatches(wider));
    }

    @Test
    void flashAttentionFirstWhereItHelps() {
        // Llama-2-7B (a = 32) at s = 65536 over tp 8: the softmax output alone is 2 a s^2 b / t
        // = 2 x 32 x 65536^2 / 8 B = 32 GiB per layer, 32 layers, on a 40 GB GPU; FlashAttention keeps
        // 4 a s b / t = 1 MiB per layer instead, and it is the cheapest change (no extra FLOPs).
        TrainSetup s = setup(65536, 8, 8, 1, 3, Recompute.none, false);
        assertTrue(TrainingMemory.of(LLAMA_2_7B, s).activationBytes() > 32 * 32 * Math.pow(2, 30));
        Optional<FitAdvisor.Change> fix = FitAdvisor.smallestFittingChange(LLAMA_2_7B, s, A100_40GB, EIGHT);
        assertEquals("--flash-attention", fix.orElseThrow().description());
        assertTrue(fix.get().memory().totalBytes() <= A100_40GB);
    }

    @Test
    void noFlashAttentionWhereItDoesNotHelp() {
        // Under full recompute no score tensor is stored, so FlashAttention saves nothing and is not advised.
        TrainSetup s = setup(1 << 20, 8, 8, 1, 3, Recompute.full, false);
        assertEquals(TrainingMemory.of(LLAMA_2_7B, s).totalBytes(),
                TrainingMemory.of(LLAMA_2_7B, s.withFlash(true)).totalBytes());
        String advice = FitAdvisor.smallestFittingChange(LLAMA_2_7B, s, A100_40GB, EIGHT).orElseThrow().description();
        assertFalse(advice.contains("--flash-attention"), advice);
    }

    @Test
    void pipelineStagesKeepAtLeastFourLayers() {
        // Llama-2-7B has 32 layers; on 32 GPUs (dp 32) the pipeline candidates are pp 2, 4 and 8 (stages of 16, 8
        // and 4 layers), never pp 16 or 32 (2 or 1 layers per stage, dp 2 or 1).
        TrainSetup s = setup(4096, 32, 1, 1, 0, Recompute.none, false);
        List<Integer> pipelines = FitAdvisor.candidates(LLAMA_2_7B, s, EIGHT).stream().map(c -> c.setup().pp())
                .filter(pp -> pp > 1).toList();
        assertEquals(List.of(2, 4, 8), pipelines);
    }

    @Test
    void settingsBeforeLayoutChanges() {
        // Llama-2-70B on 16 H100s, S = 4096, micro-batch 1: no single change fits, ZeRO-3 with full recompute does,
        // so the advice keeps dp 16 rather than --tp 8 --pp 2 (dp 1). By hand:
        //   state: 68,976,648,192 x 16 B / 16                                   = 68,976,648,192 B
        //   activations: full recompute keeps 2 s b h per layer, 80 x 2 x 4096 x 8192 = 5,368,709,120 B
        //                output layer 4 s b h + 4 s b V = 4 x 4096 x (8192 + 32000)   =   658,505,728 B
        //   overhead: 1 GiB + 5% of the above
        ModelSpec m = Presets.spec("llama-2-70b");
        FitAdvisor.Change fix = FitAdvisor.smallestFittingChange(m, setup(4096, 16, 1, 1, 0, Recompute.none, false),
                Gpu.find("h100-sxm").memoryBytes(), EIGHT).orElseThrow();
        assertEquals("--zero 3 --recompute full", fix.description());
        assertEquals(16, fix.setup().dp());
        double bytes = 68_976_648_192.0 + 5_368_709_120.0 + 658_505_728.0;
        assertEquals(bytes + (1L << 30) + 0.05 * bytes, fix.memory().totalBytes(), 1e-9 * bytes);
    }

    @Test
    void saysHowManyMoreGpusWhenNothingFits() {
        // Llama-2-70B, 68,976,648,192 params x 16 bytes (bf16-mixed AdamW) = 1.10e12 B of training state: over
        // 8 GPUs even fully sharded (ZeRO-3) that is 137.95e9 B per GPU, above an H100's 80 GB, so no change on
        // 8 GPUs fits; over 16 it is 68.98e9 B = 64.2 GiB, which leaves room for the activations.
        ModelSpec m = Presets.spec("llama-2-70b");
        double h100 = Gpu.find("h100-sxm").memoryBytes();
        assertTrue(68_976_648_192.0 * 16 / 8 > h100 && 68_976_648_192.0 * 16 / 16 < h100);
        FitAdvisor.Change fix = FitAdvisor.smallestFittingChange(m, setup(4096, 8, 1, 1, 0, Recompute.none, false),
                h100, EIGHT).orElseThrow();
        assertTrue(fix.description().startsWith("--gpus 16 (8 more)"), fix.description());
        assertEquals(16, fix.setup().gpus());
        assertTrue(fix.memory().totalBytes() <= h100);
    }

    /** Llama-2-7B at s = 8192 with context parallelism 2 and no data parallelism: dp 1, cp 2 on 2 GPUs. */
    private static TrainSetup contextParallel(int vp, int pp) {
        return new TrainSetup(8192, 1, Precision.BF16_MIXED, Optimizer.ADAMW, 2, 0, 1, 1, pp, false, 1,
                Recompute.none, false, false, 2, vp);
    }

    @Test
    void zeroIsOfferedWhenContextParallelismAloneReplicatesTheWeights() {
        // ZeRO shards over dp x cp = 2 replicas (TrainSetup.replicas), so with dp 1 it still halves the sharded
        // state; the advice used to offer it only when dp > 1.
        TrainSetup s = contextParallel(1, 1);
        List<TrainSetup> zero = FitAdvisor.candidates(LLAMA_2_7B, s, EIGHT).stream().map(FitAdvisor.Change::setup)
                .filter(t -> t.zero() > 0).toList();
        assertEquals(List.of(1, 2, 3), zero.stream().map(TrainSetup::zero).toList());
        assertTrue(TrainingMemory.of(LLAMA_2_7B, zero.get(2)).totalBytes()
                < TrainingMemory.of(LLAMA_2_7B, s).totalBytes());
    }

    @Test
    void adviceKeepsContextParallelismAndTheVirtualPipeline() {
        TrainSetup s = contextParallel(2, 2);
        TrainSetup flash = s.withFlash(true);
        assertEquals(List.of(2, 2), List.of(flash.cp(), flash.vp()));
        // 4 GB per GPU: the 7B model needs many more GPUs; every layout proposed keeps cp 2 and counts it in dp.
        FitAdvisor.Change more = FitAdvisor.moreGpus(LLAMA_2_7B, s, 4e9, EIGHT).orElseThrow();
        assertEquals(2, more.setup().cp());
        long gpus = Long.parseLong(more.description().replaceAll("^--gpus (\\d+) .*$", "$1"));
        assertEquals(gpus, more.setup().dp() * more.setup().tp() * more.setup().pp() * 2);
    }
}
