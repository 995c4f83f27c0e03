package io.llmcost.perf;

import io.llmcost.formula.Flops;
import io.llmcost.hardware.Dtype;
import io.llmcost.hardware.Gpu;
import io.llmcost.hardware.Roofline;
import io.llmcost.memory.KvCache;
import io.llmcost.memory.Quantization;
import io.llmcost.memory.Serving;
import io.llmcost.model.Attention;
import io.llmcost.model.Ffn;
import io.llmcost.model.Layer;
import io.llmcost.model.ModelSpec;

/**
 * Time of a static batch on one tp x pp replica: one prefill pass over every prompt, then {@code outputTokens - 1}
 * decode steps (the prefill yields the first token, as TensorRT-LLM's gptSessionBenchmark counts). Each pass is a
 * sum of named terms per GPU, the per-GPU work from {@link InferenceShards}:
 * <ul>
 *   <li>GEMMs: each weight matrix is a roofline max(FLOPs / (peak x efficiency(M)), weight bytes / achieved
 *       bandwidth) (Williams et al. 2009), M = the tokens it multiplies; routed experts one GEMM each over the
 *       expected distinct experts the tokens reach, with M = tokens x k / experts reached;</li>
 *   <li>attention: prefill scores at the 16-bit peak x GEMM efficiency (FlashAttention-style fused kernel);
 *       decode reads each sequence's KV cache at the achieved bandwidth;</li>
 *   <li>element-wise: norms (read and write h), residual adds (read 2h, write h) twice, the gated activation
 *       (read 2f, write f; plain MLP read f, write f), 16-bit, at the achieved bandwidth;</li>
 *   <li>communication: two all-reduces of tokens x h 16-bit activations per layer over the TP group (after the
 *       attention output and MLP down projections, Megatron-LM section 3), one send of them per pipeline stage
 *       boundary; stages of a single batch run one after another;</li>
 *   <li>overhead: a fixed time per layer and pass.</li>
 * </ul>
 * Constants come from {@link ServingCalibration}.
 */
public final class InferenceStep {
    private InferenceStep() {}

    /**
     * Seconds of one or more passes, by term. {@code gemmFlopSeconds} and {@code gemmByteSeconds} are the two sides
     * of the GEMMs' rooflines, summed (informational: {@code gemmSeconds} sums each GEMM's larger side).
     */
    public record Terms(double gemmSeconds, double attentionSeconds, double elementwiseSeconds,
                        double communicationSeconds, double overheadSeconds, double gemmFlopSeconds,
                        double gemmByteSeconds) {
        public double totalSeconds() {
            return gemmSeconds + attentionSeconds + elementwiseSeconds + communicationSeconds + overheadSeconds;
        }

        Terms times(double n) {
            return new Terms(n * gemmSeconds, n * attentionSeconds, n * elementwiseSeconds, n * communicationSeconds,
                    n * overheadSeconds, n * gemmFlopSeconds, n * gemmByteSeconds);
        }

        /** Whether the GEMMs are limited by their FLOPs (compute) or by streaming their weights (memory). */
        public Roofline.Bound gemmBound() {
            return gemmFlopSeconds >= gemmByteSeconds ? Roofline.Bound.compute : Roofline.Bound.memory;
        }
    }

    /**
     * A static batch's timeline: the prefill, the sum of the decode steps, and their count.
     */
    public record Timeline(Terms prefill, Terms decode, long decodeSteps, Terms firstDecodeStep) {
        /** Time to first token: the whole batch's prefill. */
        public double ttftSeconds() {
            return prefill.totalSeconds();
        }

        /** Mean time per output token after the first; with one output token, the step that would follow. */
        public double tpotSeconds() {
            return decodeSteps == 0 ? firstDecodeStep.totalSeconds() : decode.totalSeconds() / decodeSteps;
        }

        public double e2eSeconds() {
            return prefill.totalSeconds() + decode.totalSeconds();
        }
    }

    public static Timeline timeline(InferenceSetup s, ServingCalibration c) {
        long steps = s.outputTokens() - 1;
        long firstContext = s.promptTokens() + 1;
        Terms first = decode(s, c, firstContext, firstContext);
        Terms decode = steps == 0 ? first.times(0) : decode(s, c, firstContext, s.promptTokens() + steps);
        return new Timeline(prefill(s, c), decode, steps, first);
    }

    /** Per-pass terms that do not depend on the cache: GEMMs, element-wise, communication, overhead. */
    private static Terms pass(InferenceSetup s, ServingCalibration c, double tokens, double attentionSeconds) {
        ModelSpec m = s.model();
        Gpu gpu = s.cluster().gpu();
        long h = m.hiddenSize();
        int tp = s.tp();
        double peak = gpu.peakFlopsPerSecond(s.computeDtype());
        double bandwidth = gpu.memoryBytesPerSecond() * c.bandwidthFraction();
        double weightBytes = s.weights().bytesPerElement();
        Gemms gemm = new Gemms(c, bandwidth);
        double elementwise = 0;
        for (Layer layer : m.layers()) {
            Attention attn = layer.attention();
            gemm.add(1, tokens, InferenceShards.attentionMatmulWeights(attn, h, tp), weightBytes, peak, 1);
            gemm.add(1, tokens, InferenceShards.denseFfnMatmulWeights(layer.ffn(), h, tp), weightBytes, peak, 1);
            if (layer.ffn() instanceof Ffn.Moe moe) {
                double reached = Serving.expectedExpertsTouched(moe.experts(), moe.topK(), tokens);
                gemm.add(reached, tokens * moe.topK() / reached, InferenceShards.expertMatmulWeights(moe, h, tp),
                        weightBytes, peak, c.moeGemmFactor());
            }
            double f = InferenceShards.ffnIntermediatePerGpu(layer.ffn(), tp);
            // two norms 2 x 2h, two residual adds 2 x 3h, the activation 3f gated or 2f plain (class comment)
            double elements = 10.0 * h + (InferenceShards.gatedFfn(layer.ffn()) ? 3 : 2) * f;
            elementwise += tokens * elements * InferenceSetup.ACTIVATION_BYTES / bandwidth;
        }
        // The LM head runs on the last token of each sequence only (no context logits), 16-bit, vocab-parallel.
        gemm.add(1, s.batch(), (double) h * m.vocabSize() / tp, Quantization.BF16.bytesPerElement(),
                gpu.peakFlopsPerSecond(Dtype.BF16), 1);
        double activations = tokens * h * InferenceSetup.ACTIVATION_BYTES;
        double communication = m.numLayers() * 2
                * Collectives.allReduceSeconds(activations, tp, s.cluster().linkFor(tp, 1))
                + (s.pp() - 1) * Collectives.pointToPointSeconds(activations, s.cluster().linkFor(s.pp(), tp));
        return new Terms(gemm.seconds, attentionSeconds, elementwise, communication,
                m.numLayers() * c.layerOverheadSeconds(), gemm.flopSeconds, gemm.byteSeconds);
    }

    /** The GEMMs of a pass, each timed by its roofline. */
    private static final class Gemms {
        private final ServingCalibration c;
        private final double bytesPerSecond;
        double seconds, flopSeconds, byteSeconds;

        Gemms(ServingCalibration c, double bytesPerSecond) {
            this.c = c;
            this.bytesPerSecond = bytesPerSecond;
        }

        /**
         * {@code count} GEMMs of {@code tokens} rows over {@code weights} multiply-add weights each: the larger of
         * its FLOPs at the achieved tensor rate and its weight bytes at the achieved bandwidth.
         */
        void add(double count, double tokens, double weights, double bytesPerWeight, double peakFlopsPerSecond,
                 double kernelFactor) {
            double flop = tokens * Flops.linear(weights)
                    / (peakFlopsPerSecond * c.gemmEfficiency(tokens) * kernelFactor);
            double bytes = weights * bytesPerWeight / bytesPerSecond;
            seconds += count * Math.max(flop, bytes);
            flopSeconds += count * flop;
            byteSeconds += count * bytes;
        }
    }

    /** The prefill of every prompt of the batch in one pass. */
    public static Terms prefill(InferenceSetup s, ServingCalibration c) {
        ModelSpec m = s.model();
        double rate = s.cluster().gpu().peakFlopsPerSecond(Dtype.BF16) * c.gemmEfficiency();
        double scores = 0;
        for (Layer layer : m.layers()) {
            Attention attn = layer.attention();
            // Heads split over TP; linear-attention layers (Gated DeltaNet, Mamba-2) give their own per-token cost.
            scores += attn.scoreFlops(s.promptTokens(), s.causal()) / s.tp();
        }
        double tokens = s.prefillTokens();
        return pass(s, c, tokens, tokens * scores / rate);
    }

    /** The decode steps whose caches hold {@code fromContext} to {@code toContext} tokens, summed. */
    public static Terms decode(InferenceSetup s, ServingCalibration c, long fromContext, long toContext) {
        ModelSpec m = s.model();
        double bandwidth = s.cluster().gpu().memoryBytesPerSecond() * c.bandwidthFraction();
        double kvBytes = 0;
        for (Layer layer : m.layers()) {
            Attention attn = layer.attention();
            kvBytes += InferenceShards.kvCacheElementsPerToken(attn, s.tp())
                    * cachedTokensSummed(fromContext, toContext, attn.slidingWindow())
                    + InferenceShards.recurrentStateElements(attn, s.tp()) * (toContext - fromContext + 1);
        }
        double steps = toContext - fromContext + 1;
        Terms one = pass(s, c, s.batch(), 0);
        Terms all = one.times(steps);
        return new Terms(all.gemmSeconds(), s.batch() * kvBytes * s.kv().bytesPerElement() / bandwidth,
                all.elementwiseSeconds(), all.communicationSeconds(), all.overheadSeconds(), all.gemmFlopSeconds(),
                all.gemmByteSeconds());
    }

    /** Sum of {@link KvCache#cachedTokens} = min(c, W) over contexts c = from..to, in closed form. */
    static double cachedTokensSummed(long from, long to, long window) {
        if (window <= 0 || to <= window) {
            return arithmeticSum(from, to);
        }
        if (from >= window) {
            return (double) window * (to - from + 1);
        }
        return arithmeticSum(from, window) + (double) window * (to - window);
    }

    private static double arithmeticSum(long from, long to) {
        return ((double) from + to) * (to - from + 1) / 2;
    }
}
