package io.llmcost.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import io.llmcost.memory.TrainSetup;

import java.util.List;

/**
 * A validated sweep file (see {@code io.llmcost.io.SweepFile} for the format).
 *
 * @param source          the file name, for messages
 * @param axes            in spec order: the grid index is mixed-radix over them, the last axis fastest
 * @param ffnMultipleOf   ffn from {@code ffn_mult} is rounded up to a multiple of this (LLaMA's {@code multiple_of})
 * @param aspectRatioMin  smallest hidden/layers a valid point may have (0 when unconstrained)
 * @param aspectRatioMax  largest hidden/layers (+Infinity when unconstrained)
 * @param law             the quality proxy, {@code auto} already resolved
 * @param training        the parallel layout and precision of memory_training_bytes; its seqLen is unused (each
 *                        point trains at its own seq_len)
 * @param maxMemoryPerGpuBytes  a point whose memory_training_bytes exceeds this is not valid (+Infinity: no limit)
 * @param kvCacheBytesPerElement  bytes per cached K or V element (2: bf16)
 * @param echo            the file as parsed, for summary.json
 * @param uniqueTokens    unique tokens available to the data-constrained law (NaN for the other laws)
 * @param inferenceTokens tokens served over the model's life, for flops_lifetime (0 when the spec gives none)
 * @param withinLawRange  points outside the law's fitted range are not valid
 */
public record SweepSpec(String name, String source, boolean tiedEmbeddings, List<Axis> axes, long ffnMultipleOf,
                        double aspectRatioMin, double aspectRatioMax, TrainSetup training, double maxMemoryPerGpuBytes,
                        double kvCacheBytesPerElement, LossLaw law, List<Objective> objectives,
                        JsonNode echo, double uniqueTokens, double inferenceTokens, boolean withinLawRange) {

    public SweepSpec {
        axes = List.copyOf(axes);
        objectives = List.copyOf(objectives);
    }

    /** One axis: its name and its values in spec order (integers for integer axes, exact in a double). */
    public record Axis(AxisName name, double[] values) {}
}
