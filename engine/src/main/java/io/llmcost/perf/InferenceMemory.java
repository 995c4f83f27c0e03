package io.llmcost.perf;

import io.llmcost.formula.Params;
import io.llmcost.memory.KvCache;
import io.llmcost.memory.Quantization;
import io.llmcost.memory.TrainingMemory;
import io.llmcost.model.Attention;
import io.llmcost.model.Layer;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Memory of the most loaded GPU serving a static batch under tp x pp ({@link InferenceShards} for the split).
 * Layers are split into pp contiguous stages; the first holds the token embedding, the last the final norm and the
 * LM head. Embedding and LM head are vocabulary-parallel over tp (TensorRT-LLM's parallel embedding, vLLM's
 * VocabParallelEmbedding and ParallelLMHead) and 16-bit, as are norms; the other matmul weights are in the chosen
 * format. The KV cache holds prompt + output tokens per sequence (windows capped).
 *
 * <p>Activations: the engine plans one workspace reused by every layer; its peak is taken as the residual stream
 * plus the widest intermediate (QKV, or gate and up) for every prefill token, 16-bit, plus fp32 logits of the
 * batch's last tokens. Overhead: the 1 GiB allowance of {@link TrainingMemory#FIXED_OVERHEAD_BYTES} (CUDA context,
 * cuBLAS workspace, NCCL buffers).
 *
 * @param stage the pipeline stage reported (0 = first)
 */
public record InferenceMemory(int stage, double weightsBytes, double kvCacheBytes, double activationBytes,
                              double overheadBytes) {

    public double totalBytes() {
        return weightsBytes + kvCacheBytes + activationBytes + overheadBytes;
    }

    /** Bytes by component, summing to {@link #totalBytes}; the names are serve's JSON memory.breakdown fields. */
    public Map<String, Double> breakdownBytes() {
        Map<String, Double> parts = new LinkedHashMap<>();
        parts.put("weights", weightsBytes);
        parts.put("kv_cache", kvCacheBytes);
        parts.put("activations", activationBytes);
        parts.put("overhead", overheadBytes);
        return parts;
    }

    /** fp32 logits. */
    static final double LOGIT_BYTES = 4;

    public static InferenceMemory of(InferenceSetup s) {
        return of(s, s.batch(), s.contextTokens());
    }

    /** The most loaded stage with {@code batch} sequences of {@code context} cached tokens. */
    public static InferenceMemory of(InferenceSetup s, double batch, double context) {
        InferenceMemory worst = null;
        for (int stage = 0; stage < s.pp(); stage++) {
            InferenceMemory m = ofStage(s, stage, batch, context);
            if (worst == null || m.totalBytes() > worst.totalBytes()) {
                worst = m;
            }
        }
        return worst;
    }

    static InferenceMemory ofStage(InferenceSetup s, int stage, double batch, double context) {
        ModelSpec m = s.model();
        long h = m.hiddenSize();
        int tp = s.tp();
        int from = (int) TrainingMemory.firstLayer(m.numLayers(), s.pp(), stage);
        int to = (int) TrainingMemory.firstLayer(m.numLayers(), s.pp(), stage + 1);
        boolean first = stage == 0;
        boolean last = stage == s.pp() - 1;
        long normH = Params.norm(h, m.norm().tensorsPerNorm);

        double quantized = 0, sixteenBit = 0, kvElements = 0, widest = 0;
        for (Layer layer : m.layers().subList(from, to)) {
            Attention attn = layer.attention();
            quantized += InferenceShards.attentionParams(attn, h, m, tp)
                    + InferenceShards.ffnParams(layer.ffn(), h, tp);
            sixteenBit += attn.normParams(m.norm()) + (double) normH * layer.hiddenNorms();
            kvElements += InferenceShards.kvCacheElementsPerToken(attn, tp)
                    * KvCache.cachedTokens(context, attn.slidingWindow())
                    + InferenceShards.recurrentStateElements(attn, tp);
            double gateUp = (InferenceShards.gatedFfn(layer.ffn()) ? 2 : 1)
                    * InferenceShards.ffnIntermediatePerGpu(layer.ffn(), tp);
            widest = Math.max(widest, Math.max(InferenceShards.qkvWidthPerGpu(attn, h, tp), gateUp));
        }
        Map<String, Long> parts = ParameterCount.of(m).breakdown();
        long tokenEmbedding = parts.get(ParameterCount.EMBEDDING);
        if (first) {
            sixteenBit += (double) tokenEmbedding / tp + parts.get(ParameterCount.POSITION_EMBEDDING);
        }
        if (last) {
            boolean headCopy = !m.tiedEmbeddings() || s.pp() > 1;
            sixteenBit += normH + (headCopy ? (double) tokenEmbedding / tp : 0);
        }
        double weights = quantized * s.weights().bytesPerElement()
                + sixteenBit * Quantization.BF16.bytesPerElement();
        double kv = batch * kvElements * s.kv().bytesPerElement();
        double prefillTokens = batch * s.promptTokens();
        double activations = prefillTokens * (h + widest) * InferenceSetup.ACTIVATION_BYTES
                + (last ? batch * m.vocabSize() / (double) tp * LOGIT_BYTES : 0);
        return new InferenceMemory(stage, weights, kv, activations, TrainingMemory.FIXED_OVERHEAD_BYTES);
    }

    public static boolean fits(InferenceSetup s, double batch, double context) {
        return of(s, batch, context).totalBytes() <= s.cluster().gpu().memoryBytes();
    }

    /**
     * The largest batch whose memory fits at the setup's prompt and output lengths, 0 if not even one sequence fits.
     * Memory is affine in the batch on every stage, so each stage's limit is (capacity - fixed) / per-sequence.
     */
    public static long maxBatch(InferenceSetup s) {
        double capacity = s.cluster().gpu().memoryBytes();
        double limit = Double.POSITIVE_INFINITY;
        for (int stage = 0; stage < s.pp(); stage++) {
            double fixed = ofStage(s, stage, 0, s.contextTokens()).totalBytes();
            double perSequence = ofStage(s, stage, 1, s.contextTokens()).totalBytes() - fixed;
            limit = Math.min(limit, (capacity - fixed) / perSequence);
        }
        long batch = (long) Math.max(0, Math.floor(limit));
        // Guard the floor against rounding of the division: the answer must itself fit and the next must not.
        while (batch > 0 && !fits(s, batch, s.contextTokens())) {
            batch--;
        }
        return batch;
    }

    /** Context cap of the search: past 2^40 tokens only windowed models still fit, and they fit at any length. */
    static final long MAX_CONTEXT_SEARCHED = 1L << 40;

    /**
     * The largest tokens per sequence (prompt + output) whose KV cache fits at the setup's batch and prompt, 0 if
     * none, or -1 when every layer is windowed and any length fits.
     */
    public static long maxContext(InferenceSetup s) {
        if (fits(s, s.batch(), MAX_CONTEXT_SEARCHED)) {
            return -1;
        }
        long lo = 0, hi = MAX_CONTEXT_SEARCHED; // fits(lo) or lo = 0; !fits(hi)
        while (hi - lo > 1) {
            long mid = lo + (hi - lo) / 2;
            if (fits(s, s.batch(), mid)) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
