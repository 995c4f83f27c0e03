package io.llmcost.model;

/** Normalisation of queries and keys before the dot product. */
public enum QkNorm {
    NONE,
    /** One RMSNorm of width head_dim shared by all heads, for q and for k (Qwen3, Gemma-3). */
    PER_HEAD,
    /** RMSNorm over the whole projection: a*head_dim for q, g*head_dim for k (OLMo-2). */
    FULL_WIDTH
}
