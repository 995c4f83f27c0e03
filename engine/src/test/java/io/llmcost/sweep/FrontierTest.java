package io.llmcost.sweep;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine's frontier against the O(n^2) definition, on whole small grids and on random vectors with ties. */
class FrontierTest {

    /** Indices on the exact Pareto frontier by definition: no other point <= everywhere and < once; ties to the lowest index. */
    static Set<Long> bruteForce(List<Long> indices, List<double[]> vectors) {
        Set<Long> frontier = new TreeSet<>();
        for (int p = 0; p < vectors.size(); p++) {
            boolean dominated = false;
            for (int q = 0; q < vectors.size() && !dominated; q++) {
                if (q == p) {
                    continue;
                }
                boolean lessOrEqual = true, less = false;
                for (int j = 0; j < vectors.get(p).length; j++) {
                    lessOrEqual &= vectors.get(q)[j] <= vectors.get(p)[j];
                    less |= vectors.get(q)[j] < vectors.get(p)[j];
                }
                dominated = lessOrEqual && (less || indices.get(q) < indices.get(p));
            }
            if (!dominated) {
                frontier.add(indices.get(p));
            }
        }
        return frontier;
    }

    static Set<Long> indices(Frontier f) {
        Set<Long> s = new TreeSet<>();
        for (int i = 0; i < f.size(); i++) {
            s.add(f.index(i));
        }
        return s;
    }

    static Set<Long> bruteForce(Grid g) {
        List<Long> indices = new ArrayList<>();
        List<double[]> vectors = new ArrayList<>();
        Sweep.forEachValidRow(g, r -> {
            indices.add(r.index());
            vectors.add(g.objectives().stream().mapToDouble(o -> o.of(r)).toArray());
        });
        return bruteForce(indices, vectors);
    }

    /**
     * 48,384 points, dense and MoE, about 7,000 valid. The vocab axis repeats its value, so every model appears
     * twice with equal vectors; params_active against kv cache also ignores seq_len (4 copies of each vector).
     */
    static final String TIES = """
            axes:
              hidden: [256, 768]
              layers: [2, 7]
              heads: [4, 5, 6, 7, 8, 9, 10]
              kv_heads: [1, 2, 4]
              ffn: [512, 1376]
              experts: [1, 4, 16]
              top_k: [1, 2, 4]
              shared_experts: [0, 1]
              expert_ffn: [128, 512]
              first_dense_layers: [0, 1]
              seq_len: [512, 2048]
              vocab: [32768, 32768]
              budget_flops: 3e20
            objectives: [loss, params_total]
            """;

    static final String[] OBJECTIVES = {"[params_active, kv_cache_bytes_per_token, params_total]",
            "[loss, params_active, flops_training]", "[loss, flops_forward_per_token]",
            "[loss, flops_forward_per_token, params_total, kv_cache_bytes_per_token]"};

    @Test
    void sweepFrontierEqualsBruteForce() {
        for (String objectives : OBJECTIVES) {
            Grid g = Fixtures.grid(TIES.replaceAll("objectives: .*", "objectives: " + objectives));
            Set<Long> expected = bruteForce(g);
            assertTrue(expected.size() > 2, objectives + ": frontier of " + expected.size());
            Partial one = Sweep.run(g, 1, done -> {});
            assertTrue(one.pointsValid() > 1000, "valid points: " + one.pointsValid());
            assertEquals(expected, indices(one.frontier()), objectives);
            assertEquals(expected, indices(Sweep.run(g, 2, done -> {}).frontier()), objectives);
            assertEquals(expected, indices(inRandomRanges(g, new Random(objectives.hashCode())).frontier()),
                    objectives);
        }
    }

    /** evaluateRange over random consecutive ranges, merged in shuffled order: the distributed path. */
    static Partial inRandomRanges(Grid g, Random random) {
        List<Partial> parts = new ArrayList<>();
        long from = 0;
        while (from < g.size()) {
            long to = Math.min(g.size(), from + 1 + random.nextInt(5000));
            parts.add(Sweep.evaluateRange(g, from, to));
            from = to;
        }
        Collections.shuffle(parts, random);
        return Sweep.merge(g, parts);
    }

    /**
     * Runs of a sorted last axis (ascending or descending, with ties) are skipped as blocks when their bounds are
     * dominated: the frontier is still exact and every valid point is still counted.
     */
    @Test
    void blockPruningKeepsTheExactFrontierAndTheValidCount() {
        String[] specs = {"""
                axes:
                  budget_flops: [1e19, 1e21]
                  seq_len: [1024, 8192]
                  head_dim: [64, 128]
                  kv_ratio: [1, 4]
                  hidden: {from: 256, to: 2048, step: 128}
                  layers: {from: 1, to: 60, step: 1}
                constraints:
                  aspect_ratio: {min: 32, max: 256}
                objectives: [loss, flops_forward_per_token]
                """, """
                axes:
                  layers: [2, 8, 24]
                  experts: [1, 8]
                  expert_ffn: 256
                  first_dense_layers: [0, 1]
                  kv_heads: [1, 2]
                  tokens: [1e9, 1e11]
                  hidden: [2048, 1792, 1536, 1280, 1024, 1024, 896, 768, 640, 512, 384, 256]
                objectives: [loss, params_active, kv_cache_bytes_per_token]
                """, """
                axes:
                  hidden: [512, 1024]
                  layers: [4, 16]
                  budget_flops: {from: 1e18, to: 1e22, factor: 3}
                  vocab: [32000, 32000]
                  seq_len: [512, 1024, 1024, 2048, 4096, 4096, 8192, 16384, 32768]
                objectives: [loss, flops_training, flops_forward_per_token]
                """};
        for (String spec : specs) {
            Grid g = Fixtures.grid(spec);
            Set<Long> expected = bruteForce(g);
            long[] valid = {0};
            Sweep.forEachValidRow(g, r -> valid[0]++);
            Partial p = Sweep.run(g, 2, done -> {});
            assertEquals(expected, indices(p.frontier()), spec);
            assertEquals(valid[0], p.pointsValid(), spec);
            Kernel k = new Kernel(g);
            k.evaluate(0, g.size(), new Frontier(g.objectives().size()));
            assertTrue(k.pointsSkipped > 0, "pruning inactive: " + spec);
            assertEquals(valid[0], k.pointsValid);
        }
    }

    /**
     * Each axis along which the kernel bounds interior points by chords, as the last axis, with two objectives (with
     * more, block pruning takes these grids): ascending, descending, with repeated values, at a budget or a token
     * count, dense and MoE, runs cut by chunk and range boundaries, and (ffn and the MoE fields) runs whose valid
     * points are not an interval.
     */
    @Test
    void chordBoundsKeepTheExactFrontierAlongEveryAffineAxis() {
        String moe = "  experts: [1, 8]\n  top_k: [2]\n  expert_ffn: [256]\n  first_dense_layers: [0, 1]\n";
        String[] specs = {
                "axes:\n  hidden: [512, 1024]\n" + moe + "  tokens: [1e9, 1e11]\n"
                        + "  layers: [40, 32, 32, 24, 16, 12, 8, 6, 4, 3, 2, 1]\n"
                        + "objectives: [loss, kv_cache_bytes_per_token]\n",
                "axes:\n  budget_flops: [1e19, 1e21]\n  seq_len: [1024, 4096]\n  hidden: [256, 512, 1024]\n"
                        + "  layers: {from: 2, to: 12, step: 2}\n  vocab: {from: 8000, to: 256000, step: 8000}\n"
                        + "objectives: [loss, flops_forward_per_token]\n",
                "axes:\n  tokens: [1e10, 3e11]\n  hidden: [256, 512, 1024]\n  layers: [2, 4, 8, 16]\n"
                        + "  seq_len: [32768, 16384, 8192, 4096, 4096, 2048, 1024, 512, 256]\n"
                        + "objectives: [loss, flops_training]\n",
                "axes:\n  hidden: [256, 512, 1024, 2048]\n  layers: [2, 4, 8, 16, 24]\n"
                        + "  tokens: {from: 1e9, to: 1e13, factor: 2}\nobjectives: [loss, flops_training]\n",
                "axes:\n  hidden: [256, 512, 1024, 2048]\n  layers: [2, 4, 8, 16, 24]\n"
                        + "  budget_flops: {from: 1e17, to: 1e23, factor: 2}\n"
                        + "objectives: [loss, flops_training]\n",
                "axes:\n  budget_flops: [1e20]\n  hidden: [512, 1024]\n  layers: [4, 8, 16]\n"
                        + "  experts: [1, 4]\n  top_k: [1]\n  expert_ffn: [512]\n  first_dense_layers: [0, 1]\n"
                        + "  ffn: {from: 256, to: 6144, step: 256}\nobjectives: [loss, flops_forward_per_token]\n",
                "axes:\n  budget_flops: [1e20]\n  hidden: [512, 1024]\n  layers: [4, 8, 16]\n"
                        + "  experts: [1, 4, 8, 16]\n  expert_ffn: [256, 1024]\n  top_k: [1, 2, 3, 4, 6, 8, 12, 16]\n"
                        + "objectives: [loss, params_active]\n",
                "axes:\n  tokens: [1e11]\n  hidden: [512, 1024]\n  layers: [4, 8, 16]\n  experts: [1, 8, 32]\n"
                        + "  top_k: [2]\n  expert_ffn: [128, 512]\n  shared_experts: [0, 1, 2, 3, 4, 6]\n"
                        + "objectives: [loss, flops_forward_per_token]\n",
                "axes:\n  budget_flops: [1e20]\n  hidden: [512, 1024]\n  layers: [4, 8, 16]\n  experts: [1, 8, 32]\n"
                        + "  top_k: [2]\n  expert_ffn: [2048, 1536, 1024, 768, 512, 384, 256, 128]\n"
                        + "objectives: [loss, params_total]\n",
                "axes:\n  tokens: [1e10]\n  hidden: [512, 1024]\n  layers: [2, 4, 8, 16, 32]\n  experts: [1, 8]\n"
                        + "  top_k: [2]\n  expert_ffn: [512]\n  first_dense_layers: {from: 0, to: 31, step: 1}\n"
                        + "objectives: [loss, params_total]\n",
                "law: data-constrained\nunique_tokens: 3e9\ninference_tokens: 1e12\naxes:\n"
                        + "  budget_flops: [1e19, 1e21]\n  hidden: [256, 512, 1024]\n  layers: {from: 2, to: 24, step: 1}\n"
                        + "objectives: [loss, flops_lifetime]\n",
                "law: data-constrained\nunique_tokens: 1e10\naxes:\n  hidden: [256, 512, 1024, 2048]\n"
                        + "  layers: [2, 4, 8, 16, 24]\n  tokens: {from: 1e9, to: 1e13, factor: 2}\n"
                        + "objectives: [loss, flops_training]\n"};
        for (String spec : specs) {
            Grid g = Fixtures.grid(spec);
            assertTrue(Kernel.AFFINE_AXES.contains(g.lastAxis()), spec);
            Set<Long> expected = bruteForce(g);
            long[] valid = {0};
            Sweep.forEachValidRow(g, r -> valid[0]++);
            assertTrue(valid[0] > 20 && expected.size() > 2, valid[0] + " valid, frontier " + expected + ": " + spec);
            Kernel k = new Kernel(g);
            Frontier whole = new Frontier(g.objectives().size());
            k.evaluate(0, g.size(), whole);
            assertEquals(expected, indices(whole), spec);
            assertEquals(valid[0], k.pointsValid, spec);
            assertTrue(k.pointsSkipped > 0, "chord pruning inactive: " + spec);
            Partial two = Sweep.run(g, 2, done -> {});
            assertEquals(expected, indices(two.frontier()), spec);
            assertEquals(valid[0], two.pointsValid(), spec);
            Partial ranges = inRandomRanges(g, new Random(spec.hashCode()));
            assertEquals(expected, indices(ranges.frontier()), spec);
            assertEquals(valid[0], ranges.pointsValid(), spec);
        }
    }

    /**
     * within_law_range (points outside the law's fitted range are invalid; block and chord pruning are off): the
     * frontier over the points inside the range, on one and two threads and over random ranges, with exact counts.
     */
    @Test
    void withinLawRangeKeepsTheExactFrontierOfTheFittedRange() {
        for (String law : new String[] {"law: epoch\n", "law: data-constrained\nunique_tokens: 5e9\n"}) {
            Grid g = Fixtures.grid(law + """
                    inference_tokens: 1e11
                    axes:
                      budget_flops: [1e19, 1e20, 1e21]
                      hidden: {from: 256, to: 2048, step: 128}
                      layers: {from: 2, to: 24, step: 1}
                      kv_ratio: [1, 4]
                    constraints:
                      within_law_range: true
                    objectives: [loss, flops_lifetime]
                    """);
            Set<Long> expected = bruteForce(g);
            long[] valid = {0};
            Sweep.forEachValidRow(g, r -> valid[0]++);
            assertTrue(valid[0] > 100 && expected.size() > 2, law);
            Partial one = Sweep.run(g, 1, done -> {});
            Partial two = Sweep.run(g, 2, done -> {});
            Partial ranges = inRandomRanges(g, new Random(law.hashCode()));
            for (Partial p : List.of(one, two, ranges)) {
                assertEquals(expected, indices(p.frontier()), law);
                assertEquals(valid[0], p.pointsValid(), law);
                assertEquals(one.pointsOutsideLawRange(), p.pointsOutsideLawRange(), law);
            }
            assertTrue(one.pointsOutsideLawRange() > 0, law);
        }
    }

    /**
     * Pruning hints may hold a point's twin of a higher index (an equal vector): raised by one ulp, the twin does not
     * reject the lower index, which stays on the frontier. Unraised, it would (checked below as the control).
     */
    @Test
    void hintsRejectOnlyStrictlyDominatedPoints() {
        for (String objectives : new String[] {"[loss, flops_forward_per_token]",
                "[loss, flops_forward_per_token, params_total]"}) {
            Grid g = Fixtures.grid(TIES.replaceAll("objectives: .*", "objectives: " + objectives));
            Set<Long> expected = bruteForce(g);
            Map<List<Double>, Long> highestTwin = new HashMap<>();
            Map<Long, double[]> vectorOf = new HashMap<>();
            Sweep.forEachValidRow(g, r -> {
                double[] v = g.objectives().stream().mapToDouble(o -> o.of(r)).toArray();
                highestTwin.merge(Arrays.stream(v).boxed().toList(), r.index(), Math::max);
                vectorOf.put(r.index(), v);
            });
            int k = g.objectives().size();
            Frontier twins = new Frontier(k);
            for (long i : expected) {
                long twin = highestTwin.get(Arrays.stream(vectorOf.get(i)).boxed().toList());
                assertTrue(twin > i, "TIES lists vocab twice, so every model has a twin of a higher index");
                twins.offer(twin, vectorOf.get(twin));
            }
            Frontier found = Frontier.withHints(twins);
            new Kernel(g).evaluate(0, g.size(), found);
            assertEquals(expected, indices(found), objectives);

            double[] first = vectorOf.get(expected.iterator().next());
            assertTrue(twins.dominates(first), "control: an equal point, not raised, rejects the lower index");
            assertFalse(Frontier.withHints(twins).dominates(first), objectives);
        }
    }

    /**
     * Without loss among the objectives nothing lowers a point's vector below its own value, so a hint equal to a
     * point (the point itself, or its twin) rejects it unless hints reject only what they strictly dominate. Four points: a dense and
     * a MoE shape, each twice (vocab repeats its value). Index = 2 e + v (digits of experts and vocab).
     * Per layer, dense SwiGLU 3 x 256 x 1024 = 786,432 params, all active; MoE 8 x 3 x 256 x 512 + router 256 x 8 =
     * 3,147,776 params, of which 3 x 256 x 512 + 2,048 = 395,264 active. Attention, norms, embeddings and seq_len
     * are equal, so the dense shape has fewer params and more forward FLOPs (2 per active weight): both are on
     * the frontier, each at its lower index: {0, 2}.
     */
    @Test
    void hintsKeepEqualVectorsWithoutLoss() {
        Grid g = Fixtures.grid("""
                axes:
                  hidden: 256
                  layers: 2
                  heads: 4
                  ffn: 1024
                  experts: [1, 8]
                  top_k: 1
                  expert_ffn: 512
                  vocab: [32000, 32000]
                  tokens: 1e9
                objectives: [params_total, flops_forward_per_token]
                """);
        assertEquals(Set.of(0L, 2L), bruteForce(g));
        assertEquals(Set.of(0L, 2L), indices(Sweep.run(g, 1, done -> {}).frontier()));
        assertEquals(Set.of(0L, 2L), indices(Sweep.run(g, 2, done -> {}).frontier()));
        Frontier twins = new Frontier(2);
        for (long i : new long[] {1, 3}) {
            Row r = Sweep.row(g, i);
            twins.offer(i, new double[] {r.paramsTotal(), r.flopsForwardPerToken()});
        }
        Frontier found = Frontier.withHints(twins);
        new Kernel(g).evaluate(0, g.size(), found);
        assertEquals(Set.of(0L, 2L), indices(found));
    }

    @Test
    void hintsDominateOnlyWhatIsStrictlyWorseEverywhere() {
        for (int k = 2; k <= 4; k++) {
            Frontier f = new Frontier(k);
            f.offer(7, vector(k, 1.0, 2.0));
            f.offer(9, vector(k, 2.0, 1.0));
            Frontier hinted = Frontier.withHints(f);
            assertEquals(0, hinted.size(), "hints are not points of the frontier");
            assertTrue(hinted.dominates(vector(k, 1.5, 2.5)));
            assertTrue(hinted.dominates(vector(k, 3.0, 1.5)));
            assertFalse(hinted.dominates(vector(k, 1.0, 2.0)), "equal");
            assertFalse(hinted.dominates(vector(k, 1.0, 5.0)), "tied in the first objective");
            assertFalse(hinted.dominates(vector(k, 5.0, 1.0)), "tied in the second objective");
            assertTrue(f.dominates(vector(k, 1.0, 5.0)), "the original weakly dominates it");
            // a hint does not stop an equal point from entering, nor does it leave the frontier through merges
            hinted.offer(3, vector(k, 1.0, 2.0));
            hinted.offer(4, vector(k, 1.5, 2.5));
            assertEquals(Set.of(3L), indices(hinted));
            assertEquals(Set.of(3L), indices(Frontier.merge(k, List.of(hinted, new Frontier(k)))));
        }
    }

    /** (a, b, then 0.5 + a in every further objective): for k > 2 the further objectives keep a's order. */
    private static double[] vector(int k, double a, double b) {
        double[] v = new double[k];
        Arrays.fill(v, 0.5 + a);
        v[0] = a;
        v[1] = b;
        return v;
    }

    /** Duplicate axis values make identical models at different indices: only the lowest index may survive. */
    @Test
    void duplicateShapesKeepTheLowestIndex() {
        Grid g = Fixtures.grid("""
                axes:
                  hidden: [512, 256, 512, 256]
                  layers: [4, 2, 4]
                  tokens: [1e10, 1e10]
                objectives: [loss, params_total]
                """);
        Set<Long> expected = bruteForce(g);
        assertEquals(expected, indices(Sweep.run(g, 1, done -> {}).frontier()));
        // Four models, loss falling as params grow, so all four are on the frontier, each at its first index:
        // digits (hidden, layers, tokens) -> index 6 h + 2 l + t: 512x4 (0,0,0) = 0, 512x2 (0,1,0) = 2,
        // 256x4 (1,0,0) = 6, 256x2 (1,1,0) = 8.
        assertEquals(Set.of(0L, 2L, 6L, 8L), expected);
    }

    /** Random vectors from a few values (many ties and duplicates), offered in random order and merged in parts. */
    @Test
    void randomVectorsInAnyOrderGiveTheBruteForceFrontier() {
        Random random = new Random(20240501);
        for (int trial = 0; trial < 200; trial++) {
            int k = 2 + random.nextInt(3);
            int n = 1 + random.nextInt(300);
            List<Long> indices = new ArrayList<>();
            List<double[]> vectors = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                indices.add((long) i * 3 + random.nextInt(3));
                double[] v = new double[k];
                for (int j = 0; j < k; j++) {
                    v[j] = random.nextInt(1 + trial % 7);
                }
                vectors.add(v);
            }
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            Collections.shuffle(order, random);
            List<Frontier> parts = List.of(new Frontier(k), new Frontier(k), new Frontier(k));
            Frontier whole = new Frontier(k);
            for (int i : order) {
                whole.offer(indices.get(i), vectors.get(i));
                parts.get(random.nextInt(3)).offer(indices.get(i), vectors.get(i));
            }
            Set<Long> expected = bruteForce(indices, vectors);
            assertEquals(expected, indices(whole), "trial " + trial);
            assertEquals(expected, indices(Frontier.merge(k, parts)), "trial " + trial);
        }
    }

    /**
     * Frontiers of thousands of points with three and four objectives, so that the tree splits, rebalances and
     * compacts: vectors near the surface sum(v) = 1 (most are mutually non-dominated) on a grid of 1/64 (ties and
     * duplicates), offered sorted by the first objective descending (every offer a new front), ascending, and
     * shuffled, with hints from a random tenth. Checked against the O(n^2) definition.
     */
    @Test
    void largeFrontiersOfThreeAndFourObjectivesInAnyOrder() {
        Random random = new Random(77);
        for (int k = 3; k <= 4; k++) {
            for (String order : new String[] {"descending", "ascending", "shuffled"}) {
                int n = 2000;
                List<Long> indices = new ArrayList<>();
                List<double[]> vectors = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    double[] v = new double[k];
                    double sum = 0;
                    for (int j = 0; j < k; j++) {
                        v[j] = -Math.log(1 - random.nextDouble());
                        sum += v[j];
                    }
                    double scale = 1 + random.nextDouble() * 0.05;
                    for (int j = 0; j < k; j++) {
                        v[j] = Math.rint(64 * v[j] / sum * scale) / 64;
                    }
                    indices.add((long) i);
                    vectors.add(v);
                }
                List<Integer> offers = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    offers.add(i);
                }
                if (order.equals("shuffled")) {
                    Collections.shuffle(offers, random);
                } else {
                    offers.sort((a, b) -> Double.compare(vectors.get(a)[0], vectors.get(b)[0]));
                    if (order.equals("descending")) {
                        Collections.reverse(offers);
                    }
                }
                Set<Long> expected = bruteForce(indices, vectors);
                assertTrue(expected.size() > 200, "frontier of " + expected.size());

                Frontier hintSource = new Frontier(k);
                for (int i = 0; i < n; i += 10) {
                    hintSource.offer(indices.get(i), vectors.get(i));
                }
                Frontier whole = new Frontier(k);
                Frontier hinted = Frontier.withHints(hintSource);
                List<Frontier> parts = List.of(new Frontier(k), new Frontier(k));
                for (int i : offers) {
                    whole.offer(indices.get(i), vectors.get(i));
                    hinted.offer(indices.get(i), vectors.get(i));
                    parts.get(i % 2).offer(indices.get(i), vectors.get(i));
                }
                String what = k + " objectives, " + order;
                assertEquals(expected, indices(whole), what);
                assertEquals(expected, indices(hinted), what);
                assertEquals(expected, indices(Frontier.merge(k, parts)), what);
                // queries half a grid step below a point in one objective: some are dominated, some are not
                int dominated = 0;
                for (int i = 0; i < n; i++) {
                    double[] q = vectors.get(i).clone();
                    q[i % k] -= 1.0 / 128;
                    boolean weaklyDominated = false;
                    for (long f : expected) {
                        boolean below = true;
                        for (int j = 0; j < k; j++) {
                            below &= vectors.get((int) f)[j] <= q[j];
                        }
                        weaklyDominated |= below;
                    }
                    dominated += weaklyDominated ? 1 : 0;
                    assertEquals(weaklyDominated, whole.dominates(q), what + ", query " + i);
                }
                assertTrue(dominated > n / 40 && dominated < n - n / 40, what + ": " + dominated + " dominated");
            }
        }
    }
    /**
     * Tensor parallelism splits the query and key/value heads (Megatron's rule, the one train and plan apply): with
     * tp 4, hidden 768 and heads 3, 4, 6, 8 or 12 (kv heads = heads), only 4, 8 and 12 are shapes the layout can
     * run; with kv_ratio 4 the kv heads are 1, 2 or 3 (heads 4, 8, 12), which 4 ranks cannot split.
     */
    @Test
    void shapesWhoseHeadsTensorParallelismCannotSplitAreInvalid() {
        Grid g = Fixtures.grid("""
                axes:
                  hidden: 768
                  layers: 4
                  heads: [3, 4, 6, 8, 12]
                  kv_ratio: [1, 4]
                  tokens: 1e9
                training: {tp: 4, dp: 1}
                objectives: [loss, flops_training]
                """);
        Set<String> valid = new TreeSet<>();
        Sweep.forEachValidRow(g, r -> valid.add(r.shape().heads() + "/" + r.shape().kvHeads()));
        assertEquals(new TreeSet<>(List.of("4/4", "8/8", "12/12")), valid);
    }

    /**
     * Every pipeline stage holds at least one layer (the rule train applies): with pp 4, stacks of 2 and 3 layers
     * are shapes the layout cannot run, 4 and 6 are. Both the kernel (its incremental path, with layers as the last
     * axis) and the one-point reference path drop them.
     */
    @Test
    void stacksShallowerThanThePipelineAreInvalid() {
        Grid g = Fixtures.grid("""
                axes:
                  hidden: [512, 768]
                  heads: 8
                  tokens: 1e9
                  layers: [2, 3, 4, 6]
                training: {pp: 4, dp: 1}
                objectives: [loss, flops_training]
                """);
        Set<Long> layers = new TreeSet<>();
        Sweep.forEachValidRow(g, r -> layers.add(r.shape().layers()));
        assertEquals(new TreeSet<>(List.of(4L, 6L)), layers);
        assertEquals(2 * 2, Sweep.run(g, 1, done -> { }).pointsValid()); // 2 hidden x 2 layers
    }
}
