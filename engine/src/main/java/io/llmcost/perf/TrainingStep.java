package io.llmcost.perf;

import io.llmcost.formula.Flops;
import io.llmcost.formula.Params;
import io.llmcost.hardware.Gpu;
import io.llmcost.memory.Activations;
import io.llmcost.memory.Precision;
import io.llmcost.memory.Recompute;
import io.llmcost.memory.TrainSetup;
import io.llmcost.model.Attention;
import io.llmcost.model.Ffn;
import io.llmcost.model.Layer;
import io.llmcost.model.LayerKinds;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;
import io.llmcost.model.TrainingFlops;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One training iteration (optimizer step) of a model under a layout on a cluster, as a sum of named, exposed terms;
 * the breakdown users see is this structure. Pure function of (model, setup, global batch, cluster, constants).
 *
 * <p>Work is modelled per micro-batch for the whole model on one GPU of a tp x cp group, then divided by pp: the
 * stages are assumed balanced (Megatron places layers, embedding and head so; uneven stage sizes are options of
 * Megatron-Bridge). One step runs m = global batch / (dp x micro-batch) micro-batches per pipeline:
 * <pre>
 *   step = m t_mb                       work of the micro-batches on the busiest stage
 *        + (p - 1) / v t_mb             pipeline bubble, (p - 1) / (m v) of the ideal time (Narayanan et al. 2021,
 *                                       arXiv:2104.04473 sections 2.2.1-2.2.2), plus the fill/drain p2p hops
 *        + exposed DP communication     gradient reduction and ZeRO gathers not hidden behind the backward pass
 *        + optimizer update             memory-bound Adam over the local shard
 * </pre>
 * where t_mb = compute + recompute + exposed TP, CP and EP communication of one micro-batch on one stage.
 *
 * @param microBatches   m, micro-batches per step per pipeline
 * @param bubbleFraction (p - 1) / (m v)
 */
public record TrainingStep(long microBatches, double bubbleFraction, double stepSeconds,
                           double tokensPerSecondPerGpu, double modelFlopsPerSecondPerGpu, double mfu,
                           Breakdown breakdown) {

    /** Element-wise kernels reach this fraction of the HBM peak (a fixed allowance, not fitted). */
    public static final double HBM_EFFICIENCY = 0.8;
    /** Activations and gradients moved between GPUs are 16-bit (Megatron-LM and Transformer Engine communicate bf16). */
    public static final double COMM_BYTES = Activations.ACTIVATION_BYTES;
    /** Backward pass executes twice the forward GEMM FLOPs (data and weight gradients; Megatron-LM). */
    public static final double BACKWARD_PASSES = Flops.TRAINING_PASSES - 1;
    /**
     * Element-wise traffic per token and layer on the h-wide residual stream, forward, in elements: two norms (read
     * and write h each) and two residual adds (two reads, one write); backward moves about twice as much.
     */
    public static final double RESIDUAL_STREAM_ELEMENTS = 2 * 2 + 2 * 3;
    /**
     * Softmax of the materialised scores without FlashAttention, bytes per score element: forward reads the scores
     * and writes the probabilities (2 + 2), backward reads probabilities and their gradient and writes one (2 + 2 + 2);
     * Megatron's fused scale-mask-softmax kernel. Attention dropout adds its mask and output, both ways.
     */
    public static final double SOFTMAX_BYTES_PER_SCORE = 10;
    public static final double DROPOUT_BYTES_PER_SCORE = 2 * (Activations.DROPOUT_MASK_BYTES
            + 2 * Activations.ACTIVATION_BYTES);
    /**
     * Adam's update per parameter of the local optimizer shard: read and write the fp32 master, m and v (3 x 8),
     * read the gradient and write the 16-bit weight (4 + 2): memory-bound.
     */
    public static final double ADAM_BYTES_PER_PARAM = 3 * 8 + 4 + 2;

    /** Exposed seconds of one step by cause; they sum to the step. Names are train's JSON time.breakdown fields. */
    public record Breakdown(double compute, double recompute, double tpComm, double cpComm, double ppBubble,
                            double dpComm, double epComm) {
        public double total() {
            return compute + recompute + tpComm + cpComm + ppBubble + dpComm + epComm;
        }

        public Map<String, Double> seconds() {
            Map<String, Double> parts = new LinkedHashMap<>();
            parts.put("compute", compute);
            parts.put("recompute", recompute);
            parts.put("tp_comm", tpComm);
            parts.put("cp_comm", cpComm);
            parts.put("pp_bubble", ppBubble);
            parts.put("dp_comm", dpComm);
            parts.put("ep_comm", epComm);
            return parts;
        }
    }

    /** Seconds of one micro-batch through the whole model on one GPU (later divided by pp). */
    private static final class MicroBatch {
        double compute, recompute, tp, cp, ep;

        void add(MicroBatch o) {
            compute += o.compute;
            recompute += o.recompute;
            tp += o.tp;
            cp += o.cp;
            ep += o.ep;
        }
    }

    /**
     * The step for {@code globalBatch} sequences; the setup must be valid ({@link Layout#problem}) and
     * globalBatch a multiple of dp x micro-batch.
     */
    public static TrainingStep of(ModelSpec m, TrainSetup s, long globalBatch, Cluster cluster, StepEfficiency k) {
        long perPipeline = Math.multiplyExact(s.dp(), s.microBatch());
        if (globalBatch < perPipeline || globalBatch % perPipeline != 0) {
            throw new IllegalArgumentException("global batch " + globalBatch + " is not a multiple of dp x micro-batch "
                    + perPipeline);
        }
        long micro = globalBatch / perPipeline;
        Gpu gpu = cluster.gpu();
        Precision precision = s.precision();
        boolean fp8 = precision == Precision.FP8;
        double gemmPeak = gpu.peakFlopsPerSecond(precision.computeDtype);
        double bf16Peak = gpu.peakFlopsPerSecond(precision.mfuDtype());
        double hbm = gpu.memoryBytesPerSecond() * HBM_EFFICIENCY;
        Link tpLink = scaled(cluster.linkFor(s.tp(), 1), k);
        Link cpLink = scaled(cluster.linkFor(s.cp(), s.tp()), k);
        int tp = s.tp(), cp = s.cp(), pp = s.pp(), vp = s.vp();
        double t = tp;
        double h = m.hiddenSize();
        double seq = s.seqLen();
        double tokens = seq / cp * s.microBatch();   // tokens of one micro-batch on one GPU of the tp x cp group
        boolean full = s.recompute() == Recompute.full;
        int etp = s.expertTp();
        Link epLink = scaled(cluster.linkFor(s.ep(), etp == 1 ? 1 : (long) tp * cp), k);

        // one evaluation per kind of layer, summed over the layers in order
        LayerKinds kinds = LayerKinds.of(m);
        MicroBatch[] layerTerms = new MicroBatch[kinds.count()];
        for (int i = 0; i < layerTerms.length; i++) {
            layerTerms[i] = layer(m, s, kinds.kind(i), tokens, gemmPeak, bf16Peak, hbm, tpLink, cpLink, epLink, k,
                    fp8);
        }
        MicroBatch mb = new MicroBatch();
        for (int i = 0; i < m.numLayers(); i++) {
            mb.add(layerTerms[kinds.kindOf(i)]);
        }
        // LM head, on the last stage; spread over stages by the balanced-stage assumption.
        double head = gemmSeconds(Flops.lmHead(h, m.vocabSize()) * tokens / t,
                Math.min(Math.min(tokens, h), m.vocabSize() / t), gemmPeak, k, fp8);
        mb.compute += Flops.TRAINING_PASSES * head;
        mb.recompute += full ? head : 0;

        double stageMicroBatch = (mb.compute + mb.recompute + mb.tp + mb.cp + mb.ep) / pp;
        double bubbleFraction = (pp - 1.0) / ((double) micro * vp);
        // Pipeline: the bubble, plus the point-to-point hops of the fill and drain (steady-state sends overlap
        // compute); Megatron's scatter/gather sends 1/tp of the activation.
        Link ppLink = scaled(cluster.linkFor(pp, (long) tp * cp * s.dp()), k);
        double hop = Collectives.pointToPointSeconds(tokens * h * COMM_BYTES / t, ppLink);
        double bubble = pp > 1 ? (pp - 1.0) / vp * stageMicroBatch + 2.0 * ((double) pp * vp - 1) * hop : 0;

        ModelTotals totals = ModelTotals.of(m, s.seqLen());
        double dp = dataParallelSeconds(m, totals.params(), totals.routedParams(), s, micro, stageMicroBatch, cluster, k);
        double optimizer = optimizerSeconds(totals.params(), s, hbm);

        Breakdown b = new Breakdown(micro * mb.compute / pp + optimizer, micro * mb.recompute / pp,
                micro * mb.tp / pp, micro * mb.cp / pp, bubble, dp, micro * mb.ep / pp);
        double step = b.total();
        double tokensPerGpu = (double) globalBatch * s.seqLen() / step / s.gpus();
        double modelFlops = totals.modelFlopsPerToken() * tokensPerGpu;
        return new TrainingStep(micro, bubbleFraction, step, tokensPerGpu, modelFlops, modelFlops / bf16Peak, b);
    }

    /** Compute, recompute and exposed TP, CP and EP seconds of one layer for one micro-batch. */
    private static MicroBatch layer(ModelSpec m, TrainSetup s, Layer layer, double tokens, double gemmPeak,
                                    double bf16Peak, double hbm, Link tpLink, Link cpLink, Link epLink,
                                    StepEfficiency k, boolean fp8) {
        MicroBatch mb = new MicroBatch();
        double t = s.tp(), h = m.hiddenSize(), seq = s.seqLen();
        int tp = s.tp(), cp = s.cp(), etp = s.expertTp();
        boolean full = s.recompute() == Recompute.full;
        boolean selective = s.recompute() == Recompute.selective;
        boolean flash = s.flash();

        Attention attn = layer.attention();
        // GEMMs, forward: attention projections, then the MLP or the experts (Megatron-LM splits columns then
        // rows over tp, so every GEMM's per-GPU FLOPs are 1/tp of the layer's).
        double gemm = gemmSeconds(Flops.linear(attn.matmulWeights(m.hiddenSize())) * tokens / t,
                Math.min(Math.min(tokens, h), (double) attn.heads() * attn.vHeadDim() / t), gemmPeak, k, fp8);
        if (layer.ffn() instanceof Ffn.Moe moe) {
            long expertWeights = Params.mlp(m.hiddenSize(), moe.expertIntermediate(), true, false);
            // balanced routing: each local expert gets ep x (tokens on this rank) x top-k / E token copies
            double tokensPerExpert = s.ep() * tokens * moe.topK() / ((double) moe.experts() * (t / etp));
            gemm += gemmSeconds(Flops.linear(expertWeights) * moe.topK() * tokens / t,
                    Math.min(Math.min(tokensPerExpert, h), (double) moe.expertIntermediate() / etp), gemmPeak, k,
                    fp8);
            double rest = moe.activeMatmulWeights(m.hiddenSize()) - (double) moe.topK() * expertWeights;
            gemm += gemmSeconds(Flops.linear(rest) * tokens / t, Math.min(Math.min(tokens, h),
                    moe.sharedIntermediate() > 0 ? moe.sharedIntermediate() / t : moe.experts()), gemmPeak, k,
                    fp8);
            // dispatch and combine all-to-alls, forward and backward (and the recomputed forward), of the
            // top-k token copies this rank holds (sequence-split over tp); not overlapped
            double a2a = Collectives.allToAllSeconds(tokens / t * moe.topK() * h * COMM_BYTES, s.ep(), epLink);
            mb.ep += (full ? 6 : 4) * a2a;
        } else {
            Ffn.Mlp mlp = (Ffn.Mlp) layer.ffn();
            gemm += gemmSeconds(Flops.linear(mlp.activeMatmulWeights(m.hiddenSize())) * tokens / t,
                    Math.min(Math.min(tokens, h), mlp.intermediate() / t), gemmPeak, k, fp8);
        }
        mb.compute += Flops.TRAINING_PASSES * gemm;
        mb.recompute += full ? gemm : 0;

        // Core attention, heads split over tp; queries on this rank attend over the whole sequence under CP.
        double attention = attentionSeconds(attn, seq, tokens, t, flash, s.dropout(), bf16Peak, hbm, k,
                Recompute.none) ;
        double attentionForward = attentionSeconds(attn, seq, tokens, t, flash, s.dropout(), bf16Peak, hbm, k,
                Recompute.full) - attention;
        mb.compute += attention;
        mb.recompute += full || (selective && !flash) ? attentionForward : 0;

        // Element-wise work, memory-bound: the residual stream (split over tp only under SP), the MLP activation
        // (split over tp) and rotary embedding of q and k (split over tp).
        double elements = RESIDUAL_STREAM_ELEMENTS * h / (s.sp() ? t : 1) + activationElements(layer.ffn(), h) / t
                + (m.positionEmbeddings() == 0 ? 2.0 * (attn.heads() * attn.qkHeadDim() + kvWidth(attn) / 2) / t
                : 0);
        double elementwise = elements * Activations.ACTIVATION_BYTES * tokens / hbm;
        mb.compute += Flops.TRAINING_PASSES * elementwise;
        mb.recompute += full ? elementwise : 0;

        // TP: two all-reduces forward and two backward per layer (Megatron-LM's f and g operators, Shoeybi et
        // al. 2019 section 3), or as many reduce-scatter + all-gather pairs under SP, the same ring volume
        // (Korthikanti et al. 2022 section 4.2.2); full recompute runs the forward pair again. A fixed fraction
        // overlaps with GEMMs.
        double allReduce = Collectives.allReduceSeconds(tokens * h * COMM_BYTES, tp, tpLink);
        mb.tp += (1 - k.tpOverlap()) * (full ? 6 : 4) * allReduce;

        // CP: ring exchange of this rank's K and V blocks, cp - 1 hops forward, K/V and their gradients backward
        // (3 x), overlapped with the attention blocks (Liu et al. 2023 Ring Attention, arXiv:2310.01889;
        // Megatron-Core context parallelism); only what exceeds the attention time is exposed.
        double kvBytes = tokens * kvWidth(attn) / t * COMM_BYTES;
        double ring = 3.0 * (cp - 1) * Collectives.pointToPointSeconds(kvBytes, cpLink);
        mb.cp += cp > 1 ? Math.max(0, ring - attention) : 0;
            return mb;
    }

    /**
     * What the step needs of the model as a whole: parameters, routed-expert parameters, model FLOPs per token
     * (3 x forward, causal). The last model and sequence length are remembered, so that a planner costing
     * thousands of layouts of one model counts them once.
     */
    private record ModelTotals(ModelSpec model, long seqLen, double params, double routedParams,
                               double modelFlopsPerToken) {
        private static volatile ModelTotals last;

        static ModelTotals of(ModelSpec m, long seqLen) {
            ModelTotals t = last;
            if (t == null || t.model != m || t.seqLen != seqLen) {
                ParameterCount params = ParameterCount.of(m);
                t = new ModelTotals(m, seqLen, params.total(), params.breakdown().get(ParameterCount.EXPERTS),
                        TrainingFlops.of(m, seqLen, true, Recompute.none, false).modelPerToken());
                last = t;
            }
            return t;
        }
    }

    /** The calibrated constants. */
    public static TrainingStep of(ModelSpec m, TrainSetup s, long globalBatch, Cluster cluster) {
        return of(m, s, globalBatch, cluster, StepEfficiency.FITTED);
    }

    static double gemmSeconds(double flops, double minDim, double peak, StepEfficiency k, boolean fp8) {
        return flops / (peak * k.gemm(minDim, fp8));
    }

    /** K and V width per token: 2 g d_h for MHA/GQA/MQA; MLA expands K and V to every head. */
    static double kvWidth(Attention attn) {
        return attn instanceof Attention.Gqa gqa ? 2.0 * gqa.kvHeads() * gqa.headDim()
                : (double) attn.heads() * (attn.qkHeadDim() + attn.vHeadDim());
    }

    /** Elements the MLP activation reads and writes per token: GELU f in, f out; SwiGLU 2f in, f out (x top-k). */
    static double activationElements(Ffn ffn, double h) {
        if (ffn instanceof Ffn.Moe moe) {
            // routed copies: activation, plus permute and unpermute of h-wide copies (read + write each)
            return moe.topK() * (3.0 * moe.expertIntermediate() + 2 * 2 * h) + 3.0 * moe.sharedIntermediate();
        }
        Ffn.Mlp mlp = (Ffn.Mlp) ffn;
        return (mlp.gated() ? 3.0 : 2.0) * mlp.intermediate();
    }

    /**
     * Core attention of one layer and micro-batch, forward and backward, plus the forward once more when
     * {@code recompute} is full (callers take the difference as the recomputed forward).
     *
     * <p>FlashAttention (Dao 2023, arXiv:2307.08691) skips masked causal blocks and recomputes QK^T in its
     * backward: FLOPs as {@link TrainingFlops#hardwarePerToken} counts them, at the fitted fraction of the BF16
     * peak. Without it, Megatron's unfused path computes the full s x s scores with batched GEMMs whose inner
     * dimension is the head width, plus a memory-bound softmax over every score.
     */
    static double attentionSeconds(Attention attn, double seq, double tokens, double t, boolean flash,
                                   boolean dropout, double bf16Peak, double hbm, StepEfficiency k, Recompute recompute) {
        double heads = attn.heads() / t;
        if (flash) {
            double positions = Flops.attendedPositions(seq, attn.slidingWindow(), true);
            double forward = Flops.attentionScores(positions, heads, attn.qkHeadDim(), attn.vHeadDim()) * tokens;
            double qk = Flops.attentionScores(positions, heads, attn.qkHeadDim(), 0) * tokens;
            return TrainingFlops.hardwarePerToken(forward, forward, qk, recompute, true) / (bf16Peak
                    * k.flashAttention());
        }
        double forward = Flops.attentionScores(seq, heads, attn.qkHeadDim(), attn.vHeadDim()) * tokens;
        double gemm = forward / (bf16Peak * k.gemm(Math.min(attn.qkHeadDim(), attn.vHeadDim()), false));
        double scores = heads * seq * tokens;
        double softmaxBytes = SOFTMAX_BYTES_PER_SCORE + (dropout ? DROPOUT_BYTES_PER_SCORE : 0);
        double softmaxForwardBytes = softmaxBytes * 2 / 5;     // 4 of the 10 bytes (2 of the 5 with dropout's)
        double passes = Flops.TRAINING_PASSES + (recompute == Recompute.full ? 1 : 0);
        return passes * gemm + (softmaxBytes + (recompute == Recompute.full ? softmaxForwardBytes : 0)) * scores / hbm;
    }

    /**
     * Data-parallel communication over the dp x cp ranks holding the same weights (experts over their own
     * replicas): ZeRO-0 all-reduces the gradients; ZeRO-1/2 (Megatron's distributed optimizer) reduce-scatter them
     * and all-gather the updated 16-bit weights, the same ring volume; ZeRO-3 / FSDP all-gathers each layer's weights
     * before its forward and backward and reduce-scatters its gradients, for every micro-batch (Rajbhandari et al. 2020
     * section 7: 1.5x the all-reduce volume; FSDP, Zhao et al. 2023 arXiv:2304.11277). Overlap: buckets reduce while
     * the backward pass runs (Li et al. 2020, PyTorch DDP, arXiv:2006.15704) and ZeRO-3 prefetches the next layer, so
     * ZeRO-0/1/2 expose what exceeds one micro-batch's stage time and ZeRO-3 what exceeds each micro-batch's.
     */
    static double dataParallelSeconds(ModelSpec m, double params, double routed, TrainSetup s, long micro,
                                      double stageMicroBatch, Cluster cluster, StepEfficiency k) {
        double dense = params - routed;
        double densePerGpu = dense / ((double) s.tp() * s.pp());
        double expertPerGpu = routed / ((double) s.ep() * s.expertTp() * s.pp());
        long replicas = s.replicas();
        long expertReplicas = replicas * s.tp() / ((long) s.ep() * s.expertTp());
        Link denseLink = scaled(cluster.linkFor((int) Math.min(Integer.MAX_VALUE, replicas), s.tp()), k);
        Link expertLink = scaled(cluster.linkFor((int) Math.min(Integer.MAX_VALUE, expertReplicas),
                (long) s.ep() * s.expertTp()), k);
        double grad = s.gradientBytes(), weight = s.precision().weightBytes;
        int nDense = (int) Math.min(Integer.MAX_VALUE, replicas), nExpert = (int) Math.min(Integer.MAX_VALUE,
                expertReplicas);
        if (s.zero() >= 3) {
            // gathered and reduced layer by layer (FSDP wraps each decoder layer): the stage's layers each pay
            // their collectives' latency, on 1 / layers of the stage's parameters
            double layers = (double) m.numLayers() / s.pp();
            double perMicroBatch = layers * (zeroThreeSeconds(densePerGpu / layers, weight, grad, nDense, denseLink)
                    + (routed > 0 ? zeroThreeSeconds(expertPerGpu / layers, weight, grad, nExpert, expertLink) : 0));
            return micro * Math.max(0, perMicroBatch - stageMicroBatch);
        }
        double once = gradientSyncSeconds(densePerGpu, weight, grad, s.zero(), nDense, denseLink)
                + (routed > 0 ? gradientSyncSeconds(expertPerGpu, weight, grad, s.zero(), nExpert, expertLink) : 0);
        return Math.max(0, once - stageMicroBatch);
    }

    /** ZeRO-3 per micro-batch: weights gathered for forward and for backward, gradients reduce-scattered. */
    static double zeroThreeSeconds(double params, double weightBytes, double gradBytes, int n, Link link) {
        return 2 * Collectives.allGatherSeconds(params * weightBytes, n, link)
                + Collectives.reduceScatterSeconds(params * gradBytes, n, link);
    }

    /** Once per step: ZeRO-0 all-reduce, ZeRO-1/2 reduce-scatter of gradients + all-gather of updated weights. */
    static double gradientSyncSeconds(double params, double weightBytes, double gradBytes, int zero, int n,
                                      Link link) {
        return zero == 0 ? Collectives.allReduceSeconds(params * gradBytes, n, link)
                : Collectives.reduceScatterSeconds(params * gradBytes, n, link)
                + Collectives.allGatherSeconds(params * weightBytes, n, link);
    }

    /** Adam over this GPU's shard of the parameters (sharded over the replicas from ZeRO-1 on). */
    static double optimizerSeconds(double params, TrainSetup s, double hbm) {
        double local = params / ((double) s.tp() * s.pp()) / (s.zero() >= 1 ? s.replicas() : 1);
        return local * ADAM_BYTES_PER_PARAM / hbm;
    }

    /** A link at the fitted fraction of its bandwidth (collectives do not reach the line rate). */
    static Link scaled(Link link, StepEfficiency k) {
        return new Link(link.bytesPerSecond() * k.linkEfficiency(), link.latencySeconds());
    }
}
