package io.llmcost.sweep;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's closed forms against ReferenceEvaluator, which builds a ModelSpec and uses ParameterCount,
 * ForwardFlops, TrainingMemory, KvCache and the law's own method: same validity, params exactly, every double to
 * 1e-12 relative (style.md section 4).
 */
class KernelMatchesReferenceTest {

    static final double RELATIVE = 1e-12;
    static final List<Grid> GRIDS = List.of(Fixtures.grid(Fixtures.DENSE), Fixtures.grid(Fixtures.MOE),
            Fixtures.grid(Fixtures.HOFFMANN), Fixtures.grid(Fixtures.DATA_CONSTRAINED));

    @Provide
    Arbitrary<Tuple.Tuple2<Integer, Long>> points() {
        return Arbitraries.integers().between(0, GRIDS.size() - 1).flatMap(g -> Combinators.combine(
                Arbitraries.just(g), Arbitraries.longs().between(0, GRIDS.get(g).size() - 1)).as(Tuple::of));
    }

    @Property(tries = 3000)
    void kernelEqualsReference(@ForAll("points") Tuple.Tuple2<Integer, Long> point) {
        assertSame(GRIDS.get(point.get1()), point.get2());
    }

    /** Every point of the MoE grid's first budget slice (all its validity rules meet there), exhaustively. */
    @Test
    void kernelEqualsReferenceOnEveryPointOfASlice() {
        Grid g = GRIDS.get(1);
        int dense = 0, moe = 0;
        for (long i = 0; i < g.size() / 2; i += 7) {
            Row r = assertSame(g, i);
            if (r != null) {
                dense += r.shape().isMoe() ? 0 : 1;
                moe += r.shape().isMoe() ? 1 : 0;
            }
        }
        assertTrue(dense > 20 && moe > 500, "too few valid points compared: " + dense + " dense, " + moe + " MoE");
    }

    /**
     * The incremental path, {@code Kernel.evaluate} (stages recomputed only when their inputs change, invalid runs
     * jumped, blocks and chords pruned), against the reference on every point of a range: the valid count equals
     * the reference's, the frontier equals the O(n^2) frontier of the reference's vectors, and each frontier point
     * carries the reference's vector. Each fixture runs with its own objectives and with two that prune by chords
     * and blocks ([params_total, flops_forward_per_token] has no memory objective).
     */
    @Test
    void incrementalEvaluateEqualsReferenceOnEveryPointOfARange() {
        List<String> specs = List.of(Fixtures.DENSE, Fixtures.MOE, Fixtures.HOFFMANN);
        for (String spec : specs) {
            for (String objectives : List.of("", "[params_total, flops_forward_per_token]", "[loss, flops_training]")) {
                Grid g = Fixtures.grid(objectives.isEmpty() ? spec
                        : spec.replaceAll("objectives: .*", "objectives: " + objectives));
                long from = g.size() <= 12_000 ? 0 : g.size() / 3, to = Math.min(g.size(), from + 12_000);
                List<Long> indices = new ArrayList<>();
                List<double[]> vectors = new ArrayList<>();
                Map<Long, double[]> byIndex = new HashMap<>();
                for (long i = from; i < to; i++) {
                    Row r = ReferenceEvaluator.evaluate(g, i);
                    if (r != null) {
                        double[] v = g.objectives().stream().mapToDouble(o -> o.of(r)).toArray();
                        indices.add(i);
                        vectors.add(v);
                        byIndex.put(i, v);
                    }
                }
                String what = g.name() + " " + g.objectives();
                assertTrue(indices.size() > 20, what + ": too few valid points in the range: " + indices.size());
                Partial p = Sweep.evaluateRange(g, from, to);
                assertEquals(indices.size(), p.pointsValid(), what + ": valid points");
                assertEquals(FrontierTest.bruteForce(indices, vectors), FrontierTest.indices(p.frontier()), what);
                for (int k = 0; k < p.frontier().size(); k++) {
                    double[] expected = byIndex.get(p.frontier().index(k));
                    for (int j = 0; j < expected.length; j++) {
                        assertTrue(Math.abs(expected[j] - p.frontier().objective(k, j))
                                <= RELATIVE * Math.abs(expected[j]), what + " at " + p.frontier().index(k));
                    }
                }
            }
        }
    }

    /** The fixtures are not vacuous: each has valid and invalid points, the memory limit rejects some. */
    @Test
    void fixturesHaveValidAndInvalidPoints() {
        for (Grid g : GRIDS) {
            long valid = 0, n = Math.min(g.size(), 20_000);
            for (long i = 0; i < n; i++) {
                valid += assertSame(g, i) != null ? 1 : 0;
            }
            assertTrue(valid > 0 && valid < n, g.name() + ": " + valid + " of " + n + " valid");
        }
        assertTrue(resolvedButRejected(GRIDS.get(2)) > 0, "the 3GiB limit rejects nothing");
        assertTrue(resolvedButRejected(GRIDS.get(3)) > 0, "within_law_range drops nothing");
    }

    /** Points whose shape resolves but that a constraint then rejects (memory limit, law range). */
    private static long resolvedButRejected(Grid g) {
        long n = 0;
        for (long i = 0; i < g.size(); i++) {
            Shape s = ReferenceEvaluator.resolve(g, g.digits(i));
            n += s != null && ReferenceEvaluator.evaluate(g, i) == null ? 1 : 0;
        }
        return n;
    }

    /**
     * Without within_law_range both evaluators mark the same points extrapolated, and some are (the DENSE grid
     * reaches 1e11 tokens on 2-layer models of 256 hidden: far below the 70M parameters the epoch law was fitted on).
     */
    @Test
    void extrapolatedFlagsAgree() {
        Grid g = GRIDS.get(0);
        long flagged = 0;
        for (long i = 0; i < g.size(); i += 13) {
            Row r = assertSame(g, i);
            flagged += r != null && r.extrapolated() ? 1 : 0;
        }
        assertTrue(flagged > 0, "no extrapolated point compared");
    }

    /** Llama-2-7B (h 4096, 32 layers, 32 heads, ffn 11008, V 32000, untied): 6,738,415,616 params (HF model card). */
    @Test
    void llama2_7bShapeHasItsPublishedParameterCount() {
        Grid g = Fixtures.grid("""
                axes: {hidden: 4096, layers: 32, heads: 32, ffn: 11008, vocab: 32000, tokens: 2e12}
                objectives: [loss, params_total]
                """);
        Row r = Sweep.row(g, 0);
        assertEquals(6_738_415_616L, r.paramsTotal());
        // KV cache, formulas.md 2.5: 2 * 32 layers * 32 kv heads * 128 * 2 bytes = 524,288 B per token.
        assertEquals(524_288, r.kvCacheBytesPerToken());
    }

    static Row assertSame(Grid g, long index) {
        Row kernel = Sweep.row(g, index);
        Row reference = ReferenceEvaluator.evaluate(g, index);
        if (reference == null) {
            assertNull(kernel, "kernel accepts a point the reference rejects: " + index);
            return null;
        }
        assertNotNull(kernel, "kernel rejects a valid point: " + reference);
        assertEquals(reference.shape(), kernel.shape());
        assertEquals(reference.paramsTotal(), kernel.paramsTotal(), "params_total " + reference.shape());
        assertEquals(reference.paramsActive(), kernel.paramsActive(), "params_active " + reference.shape());
        close(reference.flopsForwardPerToken(), kernel.flopsForwardPerToken(), "flops_forward_per_token", reference);
        close(reference.flopsTraining(), kernel.flopsTraining(), "flops_training", reference);
        close(reference.tokens(), kernel.tokens(), "tokens", reference);
        close(reference.loss(), kernel.loss(), "loss", reference);
        close(reference.memoryTrainingBytes(), kernel.memoryTrainingBytes(), "memory_training_bytes", reference);
        close(reference.kvCacheBytesPerToken(), kernel.kvCacheBytesPerToken(), "kv_cache_bytes_per_token", reference);
        close(reference.flopsLifetime(), kernel.flopsLifetime(), "flops_lifetime", reference);
        assertEquals(reference.extrapolated(), kernel.extrapolated(), "extrapolated " + reference.shape());
        return kernel;
    }

    static void close(double expected, double actual, String column, Row r) {
        assertTrue(Math.abs(expected - actual) <= RELATIVE * Math.abs(expected),
                column + ": reference " + expected + ", kernel " + actual + " at " + r.shape());
    }
}
