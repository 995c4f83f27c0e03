package io.llmcost.perf;

import io.llmcost.model.Attention;
import io.llmcost.model.Ffn;
import io.llmcost.model.Layer;
import io.llmcost.model.ModelSpec;

/**
 * The one check of a parallel layout, shared by train, serve, optimal --shapes, the sweep and plan. GPUs are
 * ordered as in Megatron-Core: tp fastest, then cp, dp, pp, so gpus = tp x cp x dp x pp.
 *
 * <p>Rules: tp divides the query and key/value heads (Megatron shards both); pp is at most the layers; vp &gt; 1
 * needs pp &gt; 1 and pp x vp &lt;= layers (each virtual stage at least one layer; uneven stages allowed, as
 * Megatron-Bridge's first/last-stage options allow); cp &gt; 1 needs the sequence to split into 2 cp equal chunks
 * (Megatron-Core's load-balanced causal CP); ep divides the routed experts and tp x cp x dp (expert parallelism folded
 * over the attention ranks, Liu et al. 2025 arXiv:2504.14960; the classic Megatron rule "ep divides dp" is the case
 * tp = cp = 1); ep = 1, cp = 1 and vp = 1 are valid for every model. Every size is compared before any product is
 * formed, so huge values are rejected at once.
 */
public final class Layout {
    private Layout() {}

    /** A rule a layout breaks: the field (an option name without dashes), its value and what was expected. */
    public record Problem(String field, long value, String expected) {
        /** As a CLI message: {@code --tp=3: expected ...}. */
        public String asOption() {
            return "--" + field + "=" + value + ": " + expected;
        }
    }

    /** The first rule broken by this layout of {@code m}, or null. {@code dp} is gpus / (tp pp cp). */
    public static Problem problem(ModelSpec m, long seqLen, int tp, int pp, int cp, int ep, int vp, long dp) {
        Problem shape = shapeProblem(m, seqLen, tp, pp, cp, ep, vp);
        return shape != null ? shape : sizesProblem(tp, pp, cp, ep, vp, dp);
    }

    /**
     * The rules that need no model: positive sizes, vp &gt; 1 only with pp &gt; 1, ep divides tp x cp x dp. The
     * sweep and optimal --shapes check these when they read a layout, and the model rules per shape.
     */
    public static Problem sizesProblem(int tp, int pp, int cp, int ep, int vp, long dp) {
        Problem positive = positiveProblem(tp, pp, cp, ep, vp);
        if (positive != null) {
            return positive;
        }
        if (dp < 1) {
            return new Problem("dp", dp, "expected a positive integer");
        }
        if (vp > 1 && pp == 1) {
            return new Problem("vp", vp, "expected 1 without pipeline parallelism (pp = 1)");
        }
        if (ep > 1) {
            long attentionRanks = Math.multiplyExact(Math.multiplyExact((long) tp, cp), dp);
            if (attentionRanks % ep != 0) {
                return new Problem("ep", ep, "expected a divisor of tp * cp * dp (" + attentionRanks + ")");
            }
        }
        return null;
    }

    private static Problem positiveProblem(int tp, int pp, int cp, int ep, int vp) {
        for (var size : new Object[][]{{"tp", tp}, {"pp", pp}, {"cp", cp}, {"ep", ep}, {"vp", vp}}) {
            if ((int) size[1] < 1) {
                return new Problem((String) size[0], (int) size[1], "expected a positive integer");
            }
        }
        return null;
    }

    /**
     * The rules that need the model but not the GPU count, so a CLI reports them first: tp divides the heads, pp and
     * pp x vp at most the layers, cp splits the sequence, ep divides the experts.
     */
    public static Problem shapeProblem(ModelSpec m, long seqLen, int tp, int pp, int cp, int ep, int vp) {
        Problem positive = positiveProblem(tp, pp, cp, ep, vp);
        if (positive != null) {
            return positive;
        }
        String tpProblem = tensorParallelProblem(m, tp);
        if (tpProblem != null) {
            return new Problem("tp", tp, tpProblem);
        }
        if (pp > m.numLayers()) {
            return new Problem("pp", pp, "expected at most the number of layers (" + m.numLayers() + ")");
        }
        if (vp > 1 && pp == 1) {
            return new Problem("vp", vp, "expected 1 without pipeline parallelism (pp = 1)");
        }
        if (vp > 1 && (long) pp * vp > m.numLayers()) {
            return new Problem("vp", vp, "expected pp * vp <= the number of layers (" + m.numLayers() + ")");
        }
        if (cp > 1 && seqLen % (2L * cp) != 0) {
            return new Problem("cp", cp, "expected 2 * cp to divide the sequence length (" + seqLen
                    + "; causal load balancing splits each sequence into 2 * cp chunks)");
        }
        String epProblem = expertParallelProblem(m, ep);
        return epProblem == null ? null : new Problem("ep", ep, epProblem);
    }

    /** Why tp x pp x cp does not divide {@code gpus}, or null (then dp = gpus / (tp pp cp)). */
    public static Problem gpusProblem(long gpus, int tp, int pp, int cp) {
        if (gpus < 1) {
            return new Problem("gpus", gpus, "expected a positive integer");
        }
        // each factor is at most gpus before the next product, so no product overflows
        if (tp < 1 || pp < 1 || cp < 1 || tp > gpus || (long) tp * pp > gpus || (long) tp * pp * cp > gpus) {
            return new Problem("gpus", gpus, "expected at least tp * pp * cp GPUs (" + tp + " * " + pp + " * " + cp
                    + ")");
        }
        long modelParallel = (long) tp * pp * cp;
        if (gpus % modelParallel != 0) {
            return new Problem("gpus", gpus, "expected a multiple of tp * pp * cp = " + modelParallel);
        }
        return null;
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
