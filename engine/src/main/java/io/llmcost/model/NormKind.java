package io.llmcost.model;

/** How a normalisation layer is parameterised; the count is tensors of the normalised width. */
public enum NormKind {
    /** RMSNorm: a weight (LLaMA, Mistral, Qwen, DeepSeek, Gemma, OLMo-2, Phi-3, gpt-oss). */
    RMS(1),
    /** LayerNorm with weight and bias (GPT-2, GPT-NeoX). */
    LAYER_NORM(2),
    /** LayerNorm without learned affine parameters (OLMo-1, {@code OlmoLayerNorm}). */
    NON_PARAMETRIC(0);

    public final int tensorsPerNorm;

    NormKind(int tensorsPerNorm) {
        this.tensorsPerNorm = tensorsPerNorm;
    }
}
