package io.llmcost.cli;

import io.llmcost.sweep.AxisName;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Objective;
import io.llmcost.sweep.Partial;
import io.llmcost.sweep.Row;
import io.llmcost.sweep.Sweep;
import io.llmcost.sweep.SweepSpec;

import java.util.List;
import java.util.Locale;

/**
 * Why a sweep has no valid point: the spec's constraints are lifted one at a time, then together, and the first
 * relaxation that leaves a valid point names the constraint that removed everything. Runs only for an empty sweep,
 * whose grid the kernel passes over quickly (invalid runs are jumped, not visited).
 */
final class EmptySweep {
    private EmptySweep() {}

    static String reason(SweepSpec s, int threads) {
        boolean memory = s.maxMemoryPerGpuBytes() < Double.POSITIVE_INFINITY;
        boolean aspect = s.aspectRatioMin() > 0 || s.aspectRatioMax() < Double.POSITIVE_INFINITY;
        String memoryText = "constraints.max_memory_per_gpu " + Format.bytes(s.maxMemoryPerGpuBytes());
        String aspectText = String.format(Locale.ROOT, "constraints.aspect_ratio [%s, %s] (hidden/layers; the axes "
                + "give %s to %s)", number(s.aspectRatioMin()), number(s.aspectRatioMax()),
                number(ratio(s, true)), number(ratio(s, false)));
        if (s.withinLawRange() && valid(relax(s, false, false, false), threads)) {
            return "constraints.within_law_range removed every point: no shape on the grid lies inside the law's "
                    + "fitted range (" + s.law().fitRange().source() + ")";
        }
        if (memory) {
            SweepSpec relaxed = relax(s, false, true, s.withinLawRange());
            Partial p = Sweep.run(new Grid(relaxed), threads, done -> {});
            if (p.pointsValid() > 0) {
                Row least = Sweep.frontierRows(new Grid(relaxed), p.frontier()).get(0);
                return memoryText + " removed every point: the least training memory per GPU on the grid is "
                        + Format.bytes(least.memoryTrainingBytes()) + " (hidden " + least.shape().hidden()
                        + ", layers " + least.shape().layers() + ", seq_len " + least.shape().seqLen() + ")";
            }
        }
        if (aspect && valid(relax(s, true, false, s.withinLawRange()), threads)) {
            return aspectText + " removed every point";
        }
        if (memory && aspect && valid(relax(s, true, true, s.withinLawRange()), threads)) {
            return aspectText + " and " + memoryText + " together removed every point";
        }
        return "no point passes the shape rules (heads divide hidden, kv heads divide heads, top_k <= experts, "
                + "first_dense_layers < layers, each dense or MoE model counted once)";
    }

    /**
     * The spec without the aspect-ratio and/or memory constraint, and with or without the law-range constraint;
     * objectives put the least memory first.
     */
    private static SweepSpec relax(SweepSpec s, boolean aspect, boolean memory, boolean withinLawRange) {
        return new SweepSpec(s.name(), s.source(), s.tiedEmbeddings(), s.axes(), s.ffnMultipleOf(),
                aspect ? 0 : s.aspectRatioMin(), aspect ? Double.POSITIVE_INFINITY : s.aspectRatioMax(),
                s.training(), memory ? Double.POSITIVE_INFINITY : s.maxMemoryPerGpuBytes(),
                s.kvCacheBytesPerElement(), s.law(), List.of(Objective.MEMORY_TRAINING_BYTES, Objective.PARAMS_TOTAL),
                s.echo(), s.uniqueTokens(), s.inferenceTokens(), withinLawRange);
    }

    private static boolean valid(SweepSpec s, int threads) {
        return Sweep.run(new Grid(s), threads, done -> {}).pointsValid() > 0;
    }

    /** The smallest (or largest) hidden/layers the hidden and layers axes allow. */
    private static double ratio(SweepSpec s, boolean smallest) {
        double[] hidden = values(s, AxisName.HIDDEN), layers = values(s, AxisName.LAYERS);
        double h = smallest ? min(hidden) : max(hidden);
        double l = smallest ? max(layers) : min(layers);
        return h / l;
    }

    private static double[] values(SweepSpec s, AxisName name) {
        return s.axes().stream().filter(a -> a.name() == name).findFirst().orElseThrow().values();
    }

    private static double min(double[] v) {
        return java.util.Arrays.stream(v).min().orElseThrow();
    }

    private static double max(double[] v) {
        return java.util.Arrays.stream(v).max().orElseThrow();
    }

    private static String number(double v) {
        return v == Double.POSITIVE_INFINITY ? "inf" : v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v) : String.format(Locale.ROOT, "%.3g", v);
    }
}
