package io.llmcost.sweep;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.memory.TrainSetup;

import java.util.ArrayList;
import java.util.List;

/**
 * Concrete LLaMA-style shapes for one training budget: a grid around every plausible size, each point trained on
 * D = budget / (3 x exact forward FLOPs per token) of its own shape (not 6N), ranked by the law's loss. The planner's
 * {@code optimal --shapes K}.
 *
 * @param experts          routed experts (1 = dense); MoE shapes route top-1 to experts as wide as {@link #EXPERT_FFN}
 *                         allows, the setting the joint MoE law was fitted on (Ludziejewski et al. 2025)
 * @param maxMemoryPerGpuBytes training memory limit of the most loaded GPU under {@code training}, or +infinity
 */
public record ShapeSearch(double budgetFlops, LossLaw law, long experts, long seqLen, long vocab,
                          double aspectRatioMin, double aspectRatioMax, double maxMemoryPerGpuBytes,
                          TrainSetup training) {

    /** Widths from 256 to 32,768 in steps of 128 (Llama-3.1-405B: 16,384; DeepSeek-V3: 7,168). */
    static final double[] HIDDEN = range(256, 32_768, 128);
    /** Depths from 2 to 192 (Llama-3.1-405B: 126). */
    static final double[] LAYERS = range(2, 192, 1);
    /** head_dim 128, as LLaMA, Mistral, Qwen and DeepSeek's value heads use. */
    static final double[] HEAD_DIM = {128};
    /** Query heads per KV head: MHA, GQA-4, GQA-8 (Llama-3). */
    static final double[] KV_RATIO = {1, 4, 8};
    /** SwiGLU widths: LLaMA's 8/3, Llama-3's 3.5 and GPT's 4 times hidden. */
    static final double[] FFN_MULT = {8.0 / 3, 3.5, 4};
    /** Routed-expert widths from 256 to 32,768 in steps of 256. */
    static final double[] EXPERT_FFN = range(256, 32_768, 256);
    static final long FFN_MULTIPLE_OF = 256;

    public SweepSpec spec() {
        List<SweepSpec.Axis> axes = new ArrayList<>(List.of(
                axis(AxisName.BUDGET_FLOPS, budgetFlops), axis(AxisName.VOCAB, vocab),
                axis(AxisName.SEQ_LEN, seqLen), new SweepSpec.Axis(AxisName.HIDDEN, HIDDEN),
                new SweepSpec.Axis(AxisName.LAYERS, LAYERS), new SweepSpec.Axis(AxisName.HEAD_DIM, HEAD_DIM),
                new SweepSpec.Axis(AxisName.KV_RATIO, KV_RATIO)));
        if (experts > 1) {
            axes.add(axis(AxisName.EXPERTS, experts));
            axes.add(axis(AxisName.TOP_K, 1));
            axes.add(new SweepSpec.Axis(AxisName.EXPERT_FFN, EXPERT_FFN));
        } else {
            axes.add(new SweepSpec.Axis(AxisName.FFN_MULT, FFN_MULT));
        }
        ObjectNode echo = JsonNodeFactory.instance.objectNode();
        echo.put("generated_by", "optimal --shapes");
        return new SweepSpec("optimal-shapes", "optimal --shapes", false, axes, FFN_MULTIPLE_OF, aspectRatioMin,
                aspectRatioMax, training, maxMemoryPerGpuBytes, 2, law,
                List.of(Objective.LOSS, Objective.FLOPS_FORWARD_PER_TOKEN), echo, Double.NaN, 0, false);
    }

    /** The {@code k} lowest-loss valid shapes, lowest first. */
    public List<Row> best(int k) {
        return Sweep.lowestLoss(new Grid(spec()), k);
    }

    private static SweepSpec.Axis axis(AxisName name, double value) {
        return new SweepSpec.Axis(name, new double[] {value});
    }

    private static double[] range(int from, int to, int step) {
        double[] v = new double[(to - from) / step + 1];
        for (int i = 0; i < v.length; i++) {
            v[i] = from + (double) i * step;
        }
        return v;
    }
}
