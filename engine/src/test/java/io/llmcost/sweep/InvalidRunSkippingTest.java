package io.llmcost.sweep;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel jumps over runs of invalid points instead of visiting them. The expectations come from the per-index
 * path ({@link Sweep#forEachValidRow}, which decodes and checks every index on its own): the same valid count, the
 * O(n^2) brute-force frontier and the same lowest-loss points, on grids whose invalidating axes sit outermost,
 * innermost and in between, with unsorted axis values, for every validity rule.
 */
class InvalidRunSkippingTest {

    static final String[] SPECS = {
        // head_dim and kv_ratio (attention divisibility) outermost, the aspect ratio on layers innermost: runs of
        // 40 layers fail together, and the layers outside [hidden/128, hidden/32] are a range at each end.
        """
        axes:
          budget_flops: 1e20
          head_dim: [48, 64, 128]
          kv_ratio: [1, 3, 4]
          hidden: {from: 256, to: 1536, step: 64}
          layers: {from: 1, to: 40, step: 1}
        constraints:
          aspect_ratio: {min: 32, max: 128}
        objectives: [loss, flops_forward_per_token]
        """,
        // The same rules innermost, unsorted: layers outermost (unsorted), then hidden (so the aspect ratio
        // skips along hidden), head_dim last (unsorted), so single points and short runs fail.
        """
        axes:
          layers: [12, 2, 6, 24, 3]
          hidden: {from: 256, to: 2048, step: 128}
          tokens: [1e9, 1e10]
          kv_ratio: [1, 2, 3]
          head_dim: [128, 48, 64, 96]
        constraints:
          aspect_ratio: {min: 32, max: 256}
        objectives: [loss, params_total, kv_cache_bytes_per_token]
        """,
        // MoE rules (top_k <= experts, first_dense_layers < layers, a dense point's MoE fields at their first
        // value) on the fastest axes, unsorted.
        """
        axes:
          budget_flops: [1e19, 1e20]
          experts: [1, 8, 4]
          hidden: [256, 512, 1024, 768]
          heads: [4, 8, 16]
          layers: [4, 1, 2, 8]
          first_dense_layers: [0, 4, 2]
          expert_ffn: [256, 128]
          top_k: [16, 1, 2]
        objectives: [loss, params_active]
        """,
        // The memory limit, which depends on seq_len (descending here) but not on the budget axis after it.
        """
        axes:
          hidden: {from: 256, to: 1024, step: 64}
          layers: [8, 1, 2, 4, 6, 3]
          heads: [4, 8, 16]
          seq_len: [16384, 8192, 1024]
          budget_flops: [1e19, 1e20]
        training: {micro_batch: 4}
        constraints:
          max_memory_per_gpu: 4GiB
        objectives: [loss, memory_training_bytes]
        """,
    };

    @Test
    void skippingKeepsTheValidCountTheFrontierAndTheLowestLosses() {
        for (String spec : SPECS) {
            Grid g = Fixtures.grid(spec);
            List<Row> all = new ArrayList<>();
            Sweep.forEachValidRow(g, all::add);
            assertTrue(all.size() > 100 && all.size() < g.size() / 2, "valid " + all.size() + " of " + g.size());
            Set<Long> expected = FrontierTest.bruteForce(g);

            for (Partial p : List.of(Sweep.run(g, 1, done -> {}), Sweep.run(g, 2, done -> {}),
                    FrontierTest.inRandomRanges(g, new Random(spec.hashCode())))) {
                assertEquals(all.size(), p.pointsValid(), spec);
                assertEquals(expected, FrontierTest.indices(p.frontier()), spec);
            }

            Kernel k = new Kernel(g);
            k.evaluate(0, g.size(), new Frontier(g.objectives().size()));
            assertTrue(k.pointsJumped > (g.size() - all.size()) / 4, "jumped only " + k.pointsJumped + ": " + spec);

            all.sort(Comparator.comparingDouble(Row::loss).thenComparingLong(Row::index));
            List<Long> lowest = all.subList(0, 20).stream().map(Row::index).toList();
            assertEquals(lowest, Sweep.lowestLoss(g, 20).stream().map(Row::index).toList(), spec);
        }
    }

    /** The last two grids are not vacuous: some points fail only first_dense_layers, some only the memory limit. */
    @Test
    void theMoeAndMemoryGridsFailTheirRules() {
        Grid moe = Fixtures.grid(SPECS[2]);
        int denseLayers = 0;
        for (long i = 0; i < moe.size(); i++) {
            int[] d = moe.digits(i);
            denseLayers += moe.value(AxisName.EXPERTS, d) > 1
                    && moe.value(AxisName.FIRST_DENSE_LAYERS, d) >= moe.value(AxisName.LAYERS, d) ? 1 : 0;
        }
        Grid memory = Fixtures.grid(SPECS[3]);
        int overMemory = 0;
        for (long i = 0; i < memory.size(); i++) {
            Shape s = ReferenceEvaluator.resolve(memory, memory.digits(i));
            overMemory += s != null && ReferenceEvaluator.evaluate(memory, i) == null ? 1 : 0;
        }
        assertTrue(denseLayers > 0 && overMemory > 0, denseLayers + " with first_dense_layers >= layers, "
                + overMemory + " over memory");
    }
}
