package io.llmcost.perf;

import io.llmcost.hardware.Dtype;
import io.llmcost.io.InputException;
import io.llmcost.memory.QuantFormat;
import io.llmcost.memory.Quantization;
import io.llmcost.model.ModelSpec;

/**
 * One static batch served by one model replica: {@code batch} prompts of {@code promptTokens} prefilled together,
 * then decoded for {@code outputTokens} tokens each (the first comes from the prefill), on tp x pp GPUs.
 *
 * @param causal prefill attention convention (causal: S/2 positions per token)
 */
public record InferenceSetup(ModelSpec model, Cluster cluster, int tp, int pp, QuantFormat weights, QuantFormat kv,
                             long batch, long promptTokens, long outputTokens, boolean causal) {

    /** Activations and the tensors TP exchanges are 16-bit (TensorRT-LLM and vLLM compute in fp16/bf16). */
    public static final double ACTIVATION_BYTES = 2;

    public InferenceSetup {
        if (tp < 1 || pp < 1 || batch < 1 || promptTokens < 1 || outputTokens < 1) {
            throw new IllegalArgumentException("tp, pp, batch, prompt and output tokens must be >= 1");
        }
        if (pp > model.numLayers()) {
            throw new InputException("--pp=" + pp + ": more stages than the model's "
                    + model.numLayers() + " layers; expected at most " + model.numLayers());
        }
        InferenceShards.validate(model, tp);
        Math.multiplyExact(batch, Math.addExact(promptTokens, outputTokens));
    }

    public int gpus() {
        return Math.multiplyExact(tp, pp);
    }

    /** Tokens per sequence once decoding ends: what the KV cache must hold. */
    public long contextTokens() {
        return promptTokens + outputTokens;
    }

    /** Tokens the prefill pass runs: every prompt of the batch at once. */
    public long prefillTokens() {
        return Math.multiplyExact(batch, promptTokens);
    }

    /**
     * GEMM input precision: fp8 weights run on FP8 tensor cores (activations quantized to fp8, as TensorRT-LLM's
     * FP8 recipe); every other format is weight-only and dequantized to 16-bit tensor cores.
     */
    public Dtype computeDtype() {
        return weights.label().equals(Quantization.FP8_WEIGHTS.label()) ? Dtype.FP8 : Dtype.BF16;
    }

    public InferenceSetup withBatch(long newBatch) {
        return new InferenceSetup(model, cluster, tp, pp, weights, kv, newBatch, promptTokens, outputTokens, causal);
    }
}
