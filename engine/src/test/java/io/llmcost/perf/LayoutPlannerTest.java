package io.llmcost.perf;

import io.llmcost.hardware.Gpu;
import io.llmcost.memory.Optimizer;
import io.llmcost.memory.Precision;
import io.llmcost.memory.Recompute;
import io.llmcost.memory.TrainSetup;
import io.llmcost.memory.TrainingMemory;
import io.llmcost.model.ModelSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The planner against brute force on a small space (its own step and memory models). */
class LayoutPlannerTest {
    private static final ModelSpec GPT = TrainingStepTest.gpt(4, 1024, 16, 32000, 2048);
    private static final Gpu H100 = Gpu.find("h100-sxm");
    /** An H100 with 1.6 GiB, so that memory removes some layouts: the frontier has a real trade-off. */
    private static final Gpu SMALL = new Gpu("small", 1.6 * (1L << 30), H100.memoryBytesPerSecond(),
            H100.denseFlopsPerSecond(), H100.intraNodeBytesPerSecond(), H100.interNodeBytesPerSecond(), true);
    private static final Cluster CLUSTER = Cluster.of(SMALL, 8);

    @Test
    void bestIsNeverSlowerThanAnyFittingLayoutFoundByBruteForce() {
        LayoutPlanner.Problem p = new LayoutPlanner.Problem(GPT, 8, 2048, 16, Precision.BF16_MIXED, true, CLUSTER);
        List<LayoutPlanner.Candidate> planned = LayoutPlanner.fitting(p, new LayoutPlanner.Bounds(4, 4, 2, 1, 2, 2));
        List<LayoutPlanner.Candidate> frontier = LayoutPlanner.frontier(planned);

        // brute force: every combination written out, validity from the rules stated in Layout's comment
        List<double[]> all = new ArrayList<>();   // {step seconds, memory bytes}
        int notFitting = 0;
        for (int tp : new int[]{1, 2, 4}) {
            for (int pp = 1; pp <= 4; pp++) {
                for (int cp : new int[]{1, 2}) {
                    for (int vp : new int[]{1, 2}) {
                        for (long mb : new long[]{1, 2}) {
                            if (8 % (tp * pp * cp) != 0 || (vp > 1 && (pp == 1 || pp * vp > 4))) {
                                continue;
                            }
                            long dp = 8 / (tp * pp * cp);
                            if (16 % (dp * mb) != 0) {
                                continue;
                            }
                            for (Recompute r : Recompute.values()) {
                                for (int zero = 0; zero <= 3; zero++) {
                                    for (boolean sp : tp > 1 ? new boolean[]{false, true} : new boolean[]{false}) {
                                        TrainSetup s = new TrainSetup(2048, mb, Precision.BF16_MIXED,
                                                Optimizer.ADAMW, 2, zero, dp, tp, pp, sp, 1, r, true, false, cp, vp);
                                        double memory = TrainingMemory.of(GPT, s, 16 / (dp * mb)).totalBytes();
                                        if (memory > SMALL.memoryBytes()) {
                                            notFitting++;
                                            continue;
                                        }
                                        all.add(new double[]{TrainingStep.of(GPT, s, 16, CLUSTER).stepSeconds(),
                                                memory});
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(notFitting > 0, "the memory limit removes some layouts");
        assertEquals(all.size(), planned.size());
        // the planner shares per-stage sums over ZeRO stages: each layout's figures are the direct evaluation's
        for (LayoutPlanner.Candidate c : planned) {
            TrainSetup s = c.setup();
            assertEquals(TrainingMemory.of(GPT, s, 16 / (s.dp() * s.microBatch())).totalBytes(), c.memoryBytes(), 0);
            assertEquals(TrainingStep.of(GPT, s, 16, CLUSTER), c.step());
        }
        double best = frontier.get(0).step().stepSeconds();
        for (double[] c : all) {
            assertTrue(best <= c[0], "a brute-force layout is faster: " + c[0] + " < " + best);
        }
        // no frontier layout is dominated by any layout, and every layout is matched or dominated by the frontier
        for (LayoutPlanner.Candidate f : frontier) {
            for (double[] c : all) {
                boolean dominates = c[0] <= f.step().stepSeconds() && c[1] <= f.memoryBytes()
                        && (c[0] < f.step().stepSeconds() || c[1] < f.memoryBytes());
                assertFalse(dominates, "frontier layout " + f.setup() + " is dominated");
            }
        }
        for (double[] c : all) {
            assertTrue(frontier.stream().anyMatch(f -> f.step().stepSeconds() <= c[0] && f.memoryBytes() <= c[1]));
        }
        assertTrue(frontier.size() > 1, "a trade-off between time and memory");

        // the frontier sorts only the candidates that can be kept: the same list as sorting them all and keeping
        // each one smaller than every faster one
        List<LayoutPlanner.Candidate> everything = new ArrayList<>(planned);
        everything.sort(LayoutPlanner.BEST_FIRST);
        List<LayoutPlanner.Candidate> kept = new ArrayList<>();
        for (LayoutPlanner.Candidate c : everything) {
            if (kept.isEmpty() || c.memoryBytes() < kept.get(kept.size() - 1).memoryBytes()) {
                kept.add(c);
            }
        }
        assertEquals(kept, frontier);
    }

    @Test
    void powersOfTwoStopAtTheBoundWithoutOverflow() {
        assertArrayEquals(new long[] {1, 2, 4, 8}, LayoutPlanner.powersOfTwo(12));
        assertArrayEquals(new long[] {1}, LayoutPlanner.powersOfTwo(1));
        long[] all = LayoutPlanner.powersOfTwo(Long.MAX_VALUE); // 2^0 .. 2^62: 63 values, the last below the bound
        assertEquals(63, all.length);
        assertEquals(1L << 62, all[62]);
    }
}
