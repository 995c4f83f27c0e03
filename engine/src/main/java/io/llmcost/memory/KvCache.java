package io.llmcost.memory;

/**
 * KV-cache size (formulas.md 2.5). Per layer and token, MHA/GQA/MQA cache K and V: 2 g d_h elements; MLA caches the
 * latent c_KV and the shared RoPE key: r_kv + d_rope elements (DeepSeek-V2, arXiv:2405.04434 section 2.1.2).
 * A sliding-window layer keeps at most W tokens.
 */
public final class KvCache {
    private KvCache() {}

    /** Tokens a layer keeps for a sequence of {@code context} tokens: min(context, W), or all when global. */
    public static double cachedTokens(double context, double window) {
        return window > 0 ? Math.min(context, window) : context;
    }

    /** Bytes of one layer's cache for one sequence. */
    public static double layerBytes(double elementsPerToken, double context, double window, double bytesPerElement) {
        return elementsPerToken * cachedTokens(context, window) * bytesPerElement;
    }
}
