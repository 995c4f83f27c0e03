package io.llmcost.memory;

import io.llmcost.model.Attention;
import io.llmcost.model.Ffn;
import io.llmcost.model.Layer;
import io.llmcost.model.ModelSpec;
import io.llmcost.perf.Layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The smallest change that makes training fit in a GPU's memory. Changes are tried from the cheapest in
 * throughput to the dearest: a higher ZeRO stage (more communication), selective recompute (about +2.7% FLOPs,
 * Korthikanti abstract), a smaller micro-batch, full recompute (+1 forward, about +33%), then more tensor
 * parallelism (with sequence parallelism) and more pipeline stages at the same GPU count.
 */
public final class FitAdvisor {
    private FitAdvisor() {}

    /** Largest tensor-parallel size tried: one 8-GPU NVLink node. */
    public static final int MAX_TP = 8;

    /** A change and the setup it gives. */
    public record Change(String description, TrainSetup setup, TrainingMemory memory) {}

    /** Most changes combined when no single one fits. */
    public static final int MAX_COMBINED_CHANGES = 4;

    /**
     * The first single change, in the order above, that fits; failing that, changes combined greedily (each step
     * the one that saves the most memory) until the setup fits; empty when even that does not fit.
     */
    public static Optional<Change> smallestFittingChange(ModelSpec m, TrainSetup setup, double capacityBytes) {
        List<String> steps = new ArrayList<>();
        TrainSetup current = setup;
        double currentBytes = TrainingMemory.of(m, setup).totalBytes();
        for (int i = 0; i < MAX_COMBINED_CHANGES; i++) {
            List<Change> next = candidates(m, current);
            for (Change c : next) {
                if (c.memory().totalBytes() <= capacityBytes) {
                    steps.add(c.description());
                    return Optional.of(new Change(String.join(" ", steps), c.setup(), c.memory()));
                }
            }
            Change best = null;
            for (Change c : next) {
                if (best == null || c.memory().totalBytes() < best.memory().totalBytes()) {
                    best = c;
                }
            }
            if (best == null || best.memory().totalBytes() >= currentBytes) {
                break;
            }
            steps.add(best.description());
            current = best.setup();
            currentBytes = best.memory().totalBytes();
        }
        return Optional.empty();
    }

    private static List<Change> candidates(ModelSpec m, TrainSetup s) {
        List<Change> out = new ArrayList<>();
        for (int z = s.zero() + 1; z <= Zero.MAX_STAGE && s.dp() > 1; z++) {
            add(out, m, "--zero " + z, s.withZero(z));
        }
        if (s.recompute() == Recompute.none) {
            add(out, m, "--recompute selective", s.withRecompute(Recompute.selective));
        }
        for (long b = s.microBatch() / 2; b >= 1; b /= 2) {
            add(out, m, "--micro-batch " + b, s.withMicroBatch(b));
        }
        if (s.recompute() != Recompute.full) {
            add(out, m, "--recompute full", s.withRecompute(Recompute.full));
        }
        for (int tp = s.tp() * 2; tp <= MAX_TP; tp *= 2) {
            if (validSplit(m, s, tp, s.pp())) {
                add(out, m, "--tp " + tp + " --sp (dp " + s.gpus() / ((long) tp * s.pp() * s.cp()) + ")",
                        s.withModelParallel(tp, s.pp(), true));
            }
        }
        for (int pp = s.pp() * 2; pp <= m.numLayers(); pp *= 2) {
            if (validSplit(m, s, s.tp(), pp)) {
                add(out, m, "--pp " + pp + " (dp " + s.gpus() / ((long) s.tp() * pp * s.cp()) + ")",
                        s.withModelParallel(s.tp(), pp, s.sp()));
            }
        }
        return out;
    }

    /** Whether the same GPUs split as tp x pp (same cp, ep, vp) is a valid layout ({@link Layout}). */
    private static boolean validSplit(ModelSpec m, TrainSetup s, int tp, int pp) {
        long modelParallel = (long) tp * pp * s.cp();
        return s.gpus() % modelParallel == 0 && Layout.problem(m, s.seqLen(), tp, pp, s.cp(), s.ep(),
                pp > 1 ? s.vp() : 1, s.gpus() / modelParallel) == null;
    }

    private static void add(List<Change> out, ModelSpec m, String description, TrainSetup setup) {
        out.add(new Change(description, setup, TrainingMemory.of(m, setup)));
    }

    /**
     * Why {@code tp} cannot split this model's attention, or null when it can: Megatron-LM shards query heads and
     * key/value groups over TP ranks, so tp must divide both (a MLA layer has a heads for both).
     */
    public static String tensorParallelProblem(ModelSpec m, int tp) {
        for (Layer layer : m.layers()) {
            Attention attn = layer.attention();
            int kvHeads = attn instanceof Attention.Gqa gqa ? gqa.kvHeads() : attn.heads();
            if (attn.heads() % tp != 0 || kvHeads % tp != 0) {
                return "expected a divisor of the attention heads (" + attn.heads() + ") and key/value heads ("
                        + kvHeads + ")";
            }
        }
        return null;
    }

    /** Why {@code ep} cannot split the routed experts, or null when it can. */
    public static String expertParallelProblem(ModelSpec m, int ep) {
        for (Layer layer : m.layers()) {
            if (layer.ffn() instanceof Ffn.Moe moe && moe.experts() % ep != 0) {
                return "expected a divisor of the routed experts (" + moe.experts() + ")";
            }
        }
        if (ep > 1 && !m.isMoe()) {
            return "expected 1 for a dense model";
        }
        return null;
    }
}
