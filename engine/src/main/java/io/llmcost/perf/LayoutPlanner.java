package io.llmcost.perf;

import io.llmcost.memory.Optimizer;
import io.llmcost.memory.Precision;
import io.llmcost.memory.Recompute;
import io.llmcost.memory.TrainSetup;
import io.llmcost.memory.TrainingMemory;
import io.llmcost.memory.Zero;
import io.llmcost.model.Ffn;
import io.llmcost.model.ModelSpec;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code llmcost plan}: every valid layout of a model on a fixed number of GPUs for one global batch, costed by
 * {@link TrainingStep} and {@link TrainingMemory}; the ones that fit, and of those the Pareto frontier of step time
 * against memory per GPU (a grid sweep over layouts with the sweep's frontier idea: a layout is kept unless another
 * is at least as fast and as small, and strictly better in one).
 *
 * <p>Axes: tp over powers of two up to a node (dividing the heads), pp over divisors of the GPUs up to the layers,
 * cp over powers of two, ep over divisors of the experts, vp over powers of two (pp &gt; 1), micro-batch over powers
 * of two dividing the per-pipeline batch, recompute none/selective/full, ZeRO 0-3, sp on/off (tp &gt; 1). Each axis is
 * bounded by {@link Bounds}. Layouts that {@link Layout#problem} rejects are skipped.
 */
public final class LayoutPlanner {
    private LayoutPlanner() {}

    /** Upper bounds of the searched axes. */
    public record Bounds(int maxTp, int maxPp, int maxCp, int maxEp, int maxVp, long maxMicroBatch) {}

    /** What is fixed: the model's run and the cluster. */
    public record Problem(ModelSpec model, long gpus, long seqLen, long globalBatch, Precision precision,
                          boolean flash, Cluster cluster) {}

    /** One costed layout. */
    public record Candidate(TrainSetup setup, TrainingStep step, double memoryBytes) {
        public boolean fits(double capacityBytes) {
            return memoryBytes <= capacityBytes;
        }
    }

    /**
     * Best first: step time, then memory, then the layout's sizes, recompute (none, selective, full), ZeRO stage and
     * sp (off first): deterministic ties. Written out rather than as a chain of key extractors, which walked eleven
     * nested comparators per comparison in plan's sort.
     */
    public static final Comparator<Candidate> BEST_FIRST = LayoutPlanner::compareBestFirst;

    private static int compareBestFirst(Candidate a, Candidate b) {
        int c = Double.compare(a.step().stepSeconds(), b.step().stepSeconds());
        if (c == 0) {
            c = Double.compare(a.memoryBytes(), b.memoryBytes());
        }
        if (c != 0) {
            return c;
        }
        TrainSetup x = a.setup(), y = b.setup();
        int[] sizes = {Integer.compare(x.tp(), y.tp()), Integer.compare(x.pp(), y.pp()),
                Integer.compare(x.cp(), y.cp()), Integer.compare(x.ep(), y.ep()), Integer.compare(x.vp(), y.vp()),
                Long.compare(x.microBatch(), y.microBatch()), x.recompute().compareTo(y.recompute()),
                Integer.compare(x.zero(), y.zero()), Boolean.compare(x.sp(), y.sp())};
        for (int size : sizes) {
            if (size != 0) {
                return size;
            }
        }
        return 0;
    }

    /** The most routed experts of any layer (1 for a dense model): the largest expert-parallel size. */
    public static int maxExperts(ModelSpec m) {
        return m.layers().stream().mapToInt(l -> l.ffn() instanceof Ffn.Moe moe ? moe.experts() : 1).max().orElse(1);
    }

    /** 1, 2, 4, ... up to {@code max}: a doubling loop over it cannot overflow, whatever bound a user gives. */
    static long[] powersOfTwo(long max) {
        long[] powers = new long[max < 1 ? 0 : 64 - Long.numberOfLeadingZeros(max)];
        for (int i = 0; i < powers.length; i++) {
            powers[i] = 1L << i;
        }
        return powers;
    }

    /** Every valid layout that fits in the GPU's memory, costed, in enumeration order. */
    public static List<Candidate> fitting(Problem p, Bounds b) {
        List<Candidate> out = new ArrayList<>();
        double capacity = p.cluster().gpu().memoryBytes();
        ModelSpec m = p.model();
        // expert-parallel sizes the experts allow, found once (each check walks the layers)
        List<Integer> eps = new ArrayList<>();
        for (int ep = 1; ep <= Math.min(b.maxEp(), maxExperts(m)); ep++) { // ep divides the experts
            if (Layout.shapeProblem(m, p.seqLen(), 1, 1, 1, ep, 1) == null) {
                eps.add(ep);
            }
        }
        for (long t : powersOfTwo(b.maxTp())) {
            int tp = (int) t;
            if (Layout.shapeProblem(m, p.seqLen(), tp, 1, 1, 1, 1) != null) {
                continue;
            }
            for (int pp = 1; pp <= Math.min(b.maxPp(), m.numLayers()); pp++) {
                for (long c : powersOfTwo(b.maxCp())) {
                    int cp = (int) c;
                    if (Layout.gpusProblem(p.gpus(), tp, pp, cp) != null) {
                        continue;
                    }
                    long dp = p.gpus() / ((long) tp * pp * cp);
                    for (int ep : eps) {
                        for (long v : powersOfTwo(pp > 1 ? b.maxVp() : 1)) {
                            int vp = (int) v;
                            if (Layout.problem(m, p.seqLen(), tp, pp, cp, ep, vp, dp) != null) {
                                continue;
                            }
                            addMicroBatches(p, b, out, capacity, tp, pp, cp, dp, ep, vp);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static void addMicroBatches(Problem p, Bounds b, List<Candidate> out, double capacity, int tp, int pp,
                                        int cp, long dp, int ep, int vp) {
        if (p.globalBatch() % dp != 0) {
            return;
        }
        long perPipeline = p.globalBatch() / dp;
        for (long mb : powersOfTwo(Math.min(b.maxMicroBatch(), perPipeline))) {
            if (perPipeline % mb != 0) {
                continue;
            }
            for (Recompute r : Recompute.values()) {
                for (boolean sp : tp > 1 ? new boolean[]{false, true} : new boolean[]{false}) {
                    TrainSetup s = new TrainSetup(p.seqLen(), mb, p.precision(), Optimizer.ADAMW,
                            p.precision().weightBytes, 0, dp, tp, pp, sp, ep, r, p.flash(), false, cp, vp);
                    // what the stages hold before ZeRO shards it: once for the four ZeRO stages
                    TrainingMemory.Stages stages = TrainingMemory.stages(p.model(), s);
                    for (int zero = 0; zero <= Zero.MAX_STAGE; zero++) {
                        TrainSetup z = s.withZero(zero);
                        double memory = TrainingMemory.ofOrFirstAbove(p.model(), z, perPipeline / mb, stages,
                                capacity).totalBytes();
                        if (memory <= capacity) {
                            out.add(new Candidate(z, TrainingStep.of(p.model(), z, p.globalBatch(), p.cluster()),
                                    memory));
                        }
                    }
                }
            }
        }
    }

    /**
     * The Pareto frontier of (step seconds, memory bytes), best (fastest) first: sorted best first, a candidate is
     * kept when it needs strictly less memory than every faster one kept so far.
     */
    public static List<Candidate> frontier(List<Candidate> candidates) {
        if (candidates.isEmpty()) {
            return List.of();
        }
        // Only candidates between the best and the smallest can be kept: one needing more memory than the best, or
        // strictly slower than the smallest (least memory, ties best first), follows a candidate at least as small.
        // Sorting those alone gives the same frontier at a fraction of the sort.
        Candidate best = candidates.get(0), least = candidates.get(0);
        for (Candidate c : candidates) {
            if (BEST_FIRST.compare(c, best) < 0) {
                best = c;
            }
            int memory = Double.compare(c.memoryBytes(), least.memoryBytes());
            if (memory < 0 || memory == 0 && BEST_FIRST.compare(c, least) < 0) {
                least = c;
            }
        }
        List<Candidate> sorted = new ArrayList<>();
        for (Candidate c : candidates) {
            if (c.memoryBytes() <= best.memoryBytes() && c.step().stepSeconds() <= least.step().stepSeconds()) {
                sorted.add(c);
            }
        }
        sorted.sort(BEST_FIRST);
        List<Candidate> front = new ArrayList<>();
        double smallest = Double.POSITIVE_INFINITY;
        for (Candidate c : sorted) {
            if (c.memoryBytes() < smallest) {
                front.add(c);
                smallest = c.memoryBytes();
            }
        }
        return front;
    }
}
