package io.llmcost.sweep;

import io.llmcost.formula.Flops;
import io.llmcost.memory.KvCache;
import io.llmcost.memory.TrainingMemory;
import io.llmcost.model.Attention;
import io.llmcost.model.Ffn;
import io.llmcost.model.ForwardFlops;
import io.llmcost.model.Layer;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.NormKind;
import io.llmcost.model.ParameterCount;
import io.llmcost.model.QkNorm;

import java.util.ArrayList;
import java.util.List;

/**
 * One grid point, slowly and readably: the shape is resolved from the spec's rules, a real {@link ModelSpec} is
 * built layer by layer, and every column comes from the model layer ({@link ParameterCount}, {@link ForwardFlops},
 * {@link TrainingMemory}) and the scaling law's own method. It is also the per-point baseline of the benchmarks.
 *
 * <p>What it shares with {@link Kernel}: the per-block formulas, each in one place (style.md section 4): the
 * parameter counts of {@code formula.Params}, the FLOP formulas of {@code formula.Flops}, the per-tensor activation
 * terms of {@code memory.Activations}, {@code Zero.perGpuBytes}, {@code TrainingMemory.firstLayer} and
 * {@code overheadBytes}, {@code KvCache.layerBytes}, and the loss form {@code ChinchillaLaw.loss} with the law's
 * coefficients ({@link LossLaw#atExperts}). What it does not share: the composition. The kernel resolves shapes from
 * digits, applies the validity rules, sums the blocks in closed forms over a uniform stack and recomputes only the
 * stages whose inputs changed; here the model layer sums over a built model's layers. So the property test that
 * holds them equal checks the kernel's shape resolution, validity, closed-form sums and incremental updates, not the
 * block formulas themselves, which their own tests check against published counts (ReferenceCountsTest,
 * ActivationsTest). LLaMA's ffn rounding is written out again in {@link #llamaFfn} as the second formulation of
 * {@code Kernel.resolveFfn}.
 */
public final class ReferenceEvaluator {
    private ReferenceEvaluator() {}

    /** The row of the point at {@code index}, or null when the point is not valid. */
    public static Row evaluate(Grid grid, long index) {
        int[] d = grid.digits(index);
        Shape shape = resolve(grid, d);
        if (shape == null) {
            return null;
        }
        ModelSpec model = model(shape);
        ParameterCount params = ParameterCount.of(model);
        double forward = ForwardFlops.of(model, shape.seqLen(), true).total();
        double trainingPerToken = Flops.TRAINING_PASSES * forward;
        double tokens, flopsTraining;
        if (grid.given(AxisName.BUDGET_FLOPS)) {
            flopsTraining = grid.value(AxisName.BUDGET_FLOPS, d);
            tokens = flopsTraining / trainingPerToken;
        } else {
            tokens = grid.value(AxisName.TOKENS, d);
            flopsTraining = trainingPerToken * tokens;
        }
        double memory = TrainingMemory.of(model, grid.training(shape.seqLen())).totalBytes();
        if (memory > grid.maxMemoryPerGpuBytes()) {
            return null;
        }
        double kvBytes = 0;
        for (Layer layer : model.layers()) {
            Attention a = layer.attention();
            kvBytes += KvCache.layerBytes(a.kvCacheElementsPerToken(), 1, a.slidingWindow(),
                    grid.kvCacheBytesPerElement());
        }
        boolean inRange = grid.inLawRange(params.total(), params.active(), tokens, flopsTraining, shape.experts());
        if (grid.withinLawRange() && !inRange) {
            return null;
        }
        double loss = switch (grid.law()) {
            case EPOCH, HOFFMANN -> grid.law().atExperts(1).loss(params.total(), tokens);
            case JOINT_MOE -> io.llmcost.scaling.JointMoeLaw.loss(params.active(), tokens, shape.experts());
            case DATA_CONSTRAINED -> io.llmcost.scaling.DataConstrainedLaw.loss(params.total(), tokens,
                    grid.uniqueTokens());
        };
        // one forward pass per served token, as the kernel (Sardana et al. 2024, section 2)
        double flopsLifetime = flopsTraining + forward * grid.inferenceTokens();
        return new Row(index, shape, params.total(), params.active(), forward, flopsTraining, tokens, loss, memory,
                kvBytes, flopsLifetime, !inRange);
    }

    /** The shape the spec's rules give at these digits, or null when a validity rule fails. */
    static Shape resolve(Grid grid, int[] d) {
        long hidden = (long) grid.value(AxisName.HIDDEN, d);
        long layers = (long) grid.value(AxisName.LAYERS, d);
        long heads, headDim;
        if (grid.given(AxisName.HEADS)) {
            heads = (long) grid.value(AxisName.HEADS, d);
            headDim = hidden / heads;
        } else {
            headDim = (long) grid.value(AxisName.HEAD_DIM, d);
            heads = hidden / headDim;
        }
        if (heads * headDim != hidden) {
            return null; // heads must divide hidden
        }
        long kvHeads = grid.given(AxisName.KV_HEADS) ? (long) grid.value(AxisName.KV_HEADS, d)
                : heads / (long) grid.value(AxisName.KV_RATIO, d);
        if (kvHeads == 0 || heads % kvHeads != 0 || (!grid.given(AxisName.KV_HEADS)
                && kvHeads * (long) grid.value(AxisName.KV_RATIO, d) != heads)) {
            return null; // kv heads must divide heads
        }
        if (kvHeads % grid.tp != 0) {
            return null; // tensor parallelism splits the kv heads (and so the heads) evenly
        }
        if (layers < grid.pp) {
            return null; // every pipeline stage holds at least one layer
        }
        boolean ffnAxisAtFirst = grid.digit(grid.given(AxisName.FFN) ? AxisName.FFN : AxisName.FFN_MULT, d) == 0;
        long ffn = grid.given(AxisName.FFN) ? (long) grid.value(AxisName.FFN, d)
                : llamaFfn(grid.value(AxisName.FFN_MULT, d), hidden, grid.ffnMultipleOf());
        long experts = (long) grid.value(AxisName.EXPERTS, d);
        long topK = 1, shared = 0, expertFfn = 0, firstDense = 0;
        if (experts == 1) {
            boolean moeFieldsAtFirst = grid.digit(AxisName.TOP_K, d) == 0 && grid.digit(AxisName.SHARED_EXPERTS, d) == 0
                    && grid.digit(AxisName.EXPERT_FFN, d) == 0 && grid.digit(AxisName.FIRST_DENSE_LAYERS, d) == 0;
            if (!moeFieldsAtFirst) {
                return null; // the same dense model as at the MoE axes' first values
            }
        } else {
            topK = (long) grid.value(AxisName.TOP_K, d);
            shared = (long) grid.value(AxisName.SHARED_EXPERTS, d);
            expertFfn = (long) grid.value(AxisName.EXPERT_FFN, d);
            firstDense = (long) grid.value(AxisName.FIRST_DENSE_LAYERS, d);
            if (topK > experts || firstDense >= layers) {
                return null;
            }
            if (firstDense == 0) {
                if (!ffnAxisAtFirst) {
                    return null; // no dense layer uses ffn: the same model as at ffn's first value
                }
                ffn = 0;
            }
        }
        double aspect = (double) hidden / layers;
        if (aspect < grid.aspectRatioMin() || aspect > grid.aspectRatioMax()) {
            return null;
        }
        return new Shape(hidden, layers, heads, kvHeads, headDim, ffn, experts, topK, shared, expertFfn, firstDense,
                (long) grid.value(AxisName.SEQ_LEN, d), (long) grid.value(AxisName.VOCAB, d), grid.tiedEmbeddings());
    }

    /** LLaMA's FFN width: multiple_of * ceil(mult * hidden / multiple_of) (Meta llama model.py FeedForward). */
    static long llamaFfn(double mult, long hidden, long multipleOf) {
        return multipleOf * (long) Math.ceil(mult * hidden / multipleOf);
    }

    /** A LLaMA-style model: RMSNorm, SwiGLU, no biases, rotary positions, GQA; MoE layers after first_dense. */
    public static ModelSpec model(Shape s) {
        Attention attention = new Attention.Gqa(Math.toIntExact(s.heads()), Math.toIntExact(s.kvHeads()),
                Math.toIntExact(s.headDim()), false, false, QkNorm.NONE, 0, false);
        Ffn dense = new Ffn.Mlp(s.ffn(), true, false);
        List<Layer> layers = new ArrayList<>();
        for (long i = 0; i < s.layers(); i++) {
            Ffn ffn = !s.isMoe() || i < s.firstDenseLayers() ? dense
                    : new Ffn.Moe(Math.toIntExact(s.experts()), Math.toIntExact(s.topK()), s.expertFfn(), false,
                    false, false, s.sharedExperts() * s.expertFfn(), false);
            layers.add(new Layer(attention, ffn, 2));
        }
        return new ModelSpec("llama", s.vocab(), s.hidden(), s.tied(), 0, NormKind.RMS, layers, null);
    }
}
