package io.llmcost.memory;

import io.llmcost.formula.Params;
import io.llmcost.model.Attention;
import io.llmcost.model.Ffn;
import io.llmcost.model.Layer;
import io.llmcost.model.LayerKinds;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Training memory of the most loaded GPU.
 *
 * <p>Sharding, after Megatron-LM: layers split over {@code pp} contiguous stages; within a stage, attention,
 * dense MLP, shared experts, embedding and LM head (vocabulary-parallel) split over {@code tp}; norms and routers
 * replicated; routed experts split over {@code ep x etp} ({@link TrainSetup#expertTp}). The first stage holds the
 * embedding, the last the final norm and LM head (a tied head is a second copy when pp > 1). ZeRO shards dense state
 * over dp x cp (the ranks that hold the same weights) and expert state over tp x cp x dp / (ep x etp). Context
 * parallelism splits every activation by cp (each rank holds s / cp tokens). Under the 1F1B schedule stage i keeps
 * activations of pp - i micro-batches (Korthikanti section 4.2.3; assumes at least pp micro-batches per step);
 * interleaving with vp virtual stages multiplies that by 1 + (pp - 1) / (pp vp) (Megatron-LM
 * theoretical_memory_usage.py, after Narayanan et al. 2021 section 2.2.2); the last stage also keeps the output
 * layer's. Each stage is evaluated and the largest total reported. DeepSeek-V3's MTP module is not included.
 *
 * <p>Framework overhead is an allowance, not a measurement: {@link #FIXED_OVERHEAD_BYTES} for the CUDA context,
 * cuBLAS workspaces and NCCL buffers plus {@link #FRAGMENTATION_FRACTION} of the rest for caching-allocator
 * fragmentation.
 *
 * @param stage       the pipeline stage reported (0 = first)
 * @param stageLayers decoder layers on that stage
 */
public record TrainingMemory(int stage, int stageLayers, StateBytes state, double activationBytes,
                             double overheadBytes) {

    /** CUDA context, cuBLAS workspace and NCCL buffers: an allowance of 1 GiB per GPU. */
    public static final double FIXED_OVERHEAD_BYTES = 1L << 30;
    /** Caching-allocator fragmentation: an allowance of 5% of weights, state and activations. */
    public static final double FRAGMENTATION_FRACTION = 0.05;

    public double totalBytes() {
        return state.total() + activationBytes + overheadBytes;
    }

    /** Bytes by component, summing to {@link #totalBytes}; the names are train's JSON memory.breakdown fields. */
    public Map<String, Double> breakdownBytes() {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("weights", state.weights());
        parts.put("gradients", state.gradients());
        parts.put("optimizer", state.optimizer());
        parts.put("activations", activationBytes);
        parts.put("overhead", overheadBytes);
        return parts;
    }

    public static TrainingMemory of(ModelSpec m, TrainSetup setup) {
        return of(m, setup, Long.MAX_VALUE);
    }

    /**
     * As {@link #of(ModelSpec, TrainSetup)} for a step of {@code microBatches} micro-batches per pipeline: no stage
     * keeps more micro-batches in flight than the step has (Megatron-LM theoretical_memory_usage.py,
     * min(num_microbatches, in-flight)).
     */
    public static TrainingMemory of(ModelSpec m, TrainSetup setup, long microBatches) {
        return of(m, setup, microBatches, stages(m, setup));
    }

    /**
     * As {@link #of(ModelSpec, TrainSetup, long)} with the setup's {@link Stages} given, so that the ZeRO stages of
     * one layout share them; they must be {@code stages(m, s)} of a setup {@code s} that differs from {@code setup}
     * at most in its ZeRO stage.
     */
    public static TrainingMemory of(ModelSpec m, TrainSetup setup, long microBatches, Stages stages) {
        return ofOrFirstAbove(m, setup, microBatches, stages, Double.POSITIVE_INFINITY);
    }

    /**
     * As {@link #of(ModelSpec, TrainSetup, long, Stages)}, but stops at the first stage that needs more than
     * {@code limitBytes} and returns it: the layout does not fit, whichever stage is worst. Otherwise the worst
     * stage, as {@code of}. Plan's test of fit, where most layouts do not fit.
     */
    public static TrainingMemory ofOrFirstAbove(ModelSpec m, TrainSetup setup, long microBatches, Stages stages,
                                                double limitBytes) {
        if (stages.model != m || !stages.of(setup)) {
            throw new IllegalArgumentException("stages of another model or setup: " + stages.setup);
        }
        TrainingMemory worst = null;
        for (int stage = 0; stage < setup.pp(); stage++) {
            TrainingMemory candidate = ofStage(m, setup, stage, stages, microBatches);
            if (candidate.totalBytes() > limitBytes) {
                return candidate;
            }
            if (worst == null || candidate.totalBytes() > worst.totalBytes()) {
                worst = candidate;
            }
        }
        return worst;
    }

    /** The framework allowance on top of training state and activations (see the class comment). */
    public static double overheadBytes(double stateAndActivationBytes) {
        return FIXED_OVERHEAD_BYTES + FRAGMENTATION_FRACTION * stateAndActivationBytes;
    }

    /** First decoder layer of a pipeline stage: layers split into pp contiguous, near-equal stages. */
    public static long firstLayer(long layers, int pp, int stage) {
        return layers * stage / pp;
    }

    static TrainingMemory ofStage(ModelSpec m, TrainSetup setup, int stage) {
        return ofStage(m, setup, stage, stages(m, setup), Long.MAX_VALUE);
    }

    /**
     * What each pipeline stage of a setup holds before ZeRO shards it: the dense and routed-expert parameters on one
     * GPU (embedding on the first stage, final norm and head on the last) and one micro-batch's activation bytes
     * over its layers. They do not depend on the ZeRO stage, so plan computes them once for a layout's four.
     */
    public static final class Stages {
        private final ModelSpec model;
        private final TrainSetup setup;     // with ZeRO 0
        private final int[] layers;
        private final double[] denseParams, expertParams, layerActivations;

        private Stages(ModelSpec m, TrainSetup setup) {
            this.model = m;
            this.setup = setup.withZero(0);
            Embeddings e = Embeddings.of(m);
            long h = m.hiddenSize();
            double tp = setup.tp();
            double normH = Params.norm(h, m.norm().tensorsPerNorm);
            // each kind of layer's terms: attention and norms, then the MLP or shared experts and router (two terms,
            // added in this order), routed experts, activation bytes
            int kinds = e.kinds.count();
            double[] attention = new double[kinds], ffn = new double[kinds], expert = new double[kinds],
                    bytes = new double[kinds];
            for (int k = 0; k < kinds; k++) {
                Layer layer = e.kinds.kind(k);
                Attention attn = layer.attention();
                long qkNorms = attn.normParams(m.norm());
                attention[k] = (attn.params(h, m.norm()) - qkNorms) / tp + qkNorms + normH * layer.hiddenNorms();
                if (layer.ffn() instanceof Ffn.Moe moe) {
                    expert[k] = moe.routedParams(h) / ((double) setup.ep() * setup.expertTp());
                    ffn[k] = moe.sharedParams(h) / tp + moe.routerParams(h);
                } else {
                    ffn[k] = layer.ffn().params(h) / tp;
                }
                bytes[k] = layerActivationBytes(layer, h, setup);
            }
            int pp = setup.pp();
            layers = new int[pp];
            denseParams = new double[pp];
            expertParams = new double[pp];
            layerActivations = new double[pp];
            for (int stage = 0; stage < pp; stage++) {
                int from = (int) firstLayer(m.numLayers(), pp, stage);
                int to = (int) firstLayer(m.numLayers(), pp, stage + 1);
                double dense = 0, experts = 0, activations = 0;
                for (int i = from; i < to; i++) {
                    int k = e.kinds.kindOf(i);
                    dense += attention[k];
                    experts += expert[k];
                    dense += ffn[k];
                    activations += bytes[k];
                }
                if (stage == 0) {
                    dense += e.tokenEmbedding / tp + e.positionEmbedding;
                }
                if (stage == pp - 1) {
                    boolean headCopy = !m.tiedEmbeddings() || pp > 1;
                    dense += normH + (headCopy ? e.tokenEmbedding / tp : 0);
                }
                layers[stage] = to - from;
                denseParams[stage] = dense;
                expertParams[stage] = experts;
                layerActivations[stage] = activations;
            }
        }

        /** Whether {@code s} has these stages: it differs from their setup at most in the ZeRO stage. */
        boolean of(TrainSetup s) {
            // field by field: a record comparison per layout was a tenth of plan's time
            TrainSetup t = setup;
            return s.seqLen() == t.seqLen() && s.microBatch() == t.microBatch() && s.precision() == t.precision()
                    && s.optimizer() == t.optimizer() && Double.compare(s.gradientBytes(), t.gradientBytes()) == 0 && s.dp() == t.dp()
                    && s.tp() == t.tp() && s.pp() == t.pp() && s.sp() == t.sp() && s.ep() == t.ep()
                    && s.recompute() == t.recompute() && s.flash() == t.flash() && s.dropout() == t.dropout()
                    && s.cp() == t.cp() && s.vp() == t.vp();
        }
    }

    /** The {@link Stages} of {@code setup}. */
    public static Stages stages(ModelSpec m, TrainSetup setup) {
        return new Stages(m, setup);
    }

    /** The model's layer kinds and embedding sizes, remembered for the last model (by identity). */
    private record Embeddings(ModelSpec model, LayerKinds kinds, long tokenEmbedding, long positionEmbedding) {
        private static volatile Embeddings last;

        static Embeddings of(ModelSpec m) {
            Embeddings e = last;
            if (e == null || e.model != m) {
                ParameterCount count = ParameterCount.of(m);
                e = new Embeddings(m, LayerKinds.of(m), count.breakdown().get(ParameterCount.EMBEDDING),
                        count.breakdown().get(ParameterCount.POSITION_EMBEDDING));
                last = e;
            }
            return e;
        }
    }

    private static TrainingMemory ofStage(ModelSpec m, TrainSetup setup, int stage, Stages stages,
                                          long microBatches) {
        long h = m.hiddenSize();
        double tp = setup.tp();
        boolean last = stage == setup.pp() - 1;
        double denseParams = stages.denseParams[stage], expertParams = stages.expertParams[stage];
        double layerActivations = stages.layerActivations[stage];

        BytesPerParam perParam = setup.bytesPerParam();
        double expertReplicas = (double) setup.replicas() * setup.tp() / ((double) setup.ep() * setup.expertTp());
        StateBytes state = Zero.perGpuBytes(denseParams, perParam, setup.zero(), setup.replicas())
                .plus(Zero.perGpuBytes(expertParams, perParam, setup.zero(), expertReplicas));
        double interleaving = setup.vp() > 1 ? 1 + (setup.pp() - 1.0) / ((double) setup.pp() * setup.vp()) : 1;
        double inFlightMicroBatches = Math.min((setup.pp() - stage) * interleaving, (double) microBatches);
        double activations = inFlightMicroBatches * layerActivations + (last
                ? Activations.outputLayerBytes(localTokens(setup), setup.microBatch(), h, m.vocabSize(), tp,
                setup.sp())
                : 0);
        double overhead = overheadBytes(state.total() + activations);
        return new TrainingMemory(stage, stages.layers[stage], state, activations, overhead);
    }

    /** Tokens of one sequence on one GPU: s / cp under context parallelism. */
    static double localTokens(TrainSetup setup) {
        return (double) setup.seqLen() / setup.cp();
    }

    /** Activation bytes one layer stores for one micro-batch on one GPU ({@link Activations}). */
    public static double layerActivationBytes(Layer layer, long h, TrainSetup setup) {
        double s = localTokens(setup), b = setup.microBatch(), t = setup.tp();
        if (setup.recompute() == Recompute.full) {
            return Activations.fullRecomputeLayerBytes(s, b, h, t, setup.sp());
        }
        Attention attn = layer.attention();
        double a = attn.heads();
        double q = a * attn.qkHeadDim();
        double out = a * attn.vHeadDim();
        double k, v, lowRank;
        boolean scoreMatrix = true;
        if (attn instanceof Attention.Gqa gqa) {
            k = (double) gqa.kvHeads() * gqa.headDim();
            v = k;
            lowRank = 0;
        } else if (attn instanceof Attention.Mamba2 mamba) {
            // x, B, C (the conv channels) in the place of q, k; z and the output at I; no s x s score tensor
            q = mamba.heads() * (double) mamba.headDim() + 2.0 * mamba.groups() * mamba.stateSize();
            k = 0;
            v = out;
            lowRank = 0;
            scoreMatrix = false;
        } else if (attn instanceof Attention.Absent) {
            q = 0;
            k = 0;
            v = 0;
            out = 0;
            lowRank = 0;
            scoreMatrix = false;
        } else if (attn instanceof Attention.GatedDeltaNet delta) {
            // q and k at n_k d_k, v and the output at n_v d_v; no s x s score tensor (chunked recurrence)
            q = (double) delta.keyHeads() * delta.keyHeadDim();
            k = q;
            v = out;
            lowRank = 0;
            scoreMatrix = false;
        } else {
            Attention.Mla mla = (Attention.Mla) attn;
            k = q;
            v = out;
            lowRank = 2.0 * mla.qLoraRank() + 2.0 * mla.kvLoraRank();
        }
        double boundary = Activations.normBytes(s, b, h, layer.hiddenNorms())
                + (attn instanceof Attention.Absent ? 0
                : Activations.attentionBoundaryBytes(s, b, h, lowRank, setup.dropout()));
        double sharded = Activations.attentionShardedBytes(s, b, q, k, v, out);
        double scores = !scoreMatrix ? 0 : Activations.scoreBytes(s, b, a, setup.dropout(), setup.flash(),
                setup.recompute() == Recompute.selective);
        if (layer.ffn() instanceof Ffn.Moe moe) {
            boundary += Activations.ffnBoundaryBytes(s, b, h, moe.experts(), setup.dropout());
            sharded += Activations.routedExpertsShardedBytes(s, b, h, moe.topK(), moe.expertIntermediate())
                    + (moe.sharedIntermediate() > 0
                    ? Activations.mlpShardedBytes(s, b, moe.sharedIntermediate(), true) : 0);
        } else if (layer.ffn() instanceof Ffn.Mlp mlp) {
            boundary += Activations.ffnBoundaryBytes(s, b, h, 0, setup.dropout());
            sharded += Activations.mlpShardedBytes(s, b, mlp.intermediate(), mlp.gated());
        }
        return Activations.layerBytes(boundary, sharded, scores, t, setup.sp());
    }
}
