package io.llmcost.formula;

import static java.lang.Math.addExact;
import static java.lang.Math.multiplyExact;

/**
 * Exact parameter counts of the pieces of a decoder-only transformer, one static method per piece.
 *
 * <p>Symbols follow docs/formulas.md section 4: h = hidden size, a = query heads, g = key/value heads,
 * d_h = head dim, f = MLP intermediate size, V = vocabulary, E = routed experts. Shapes are those the Hugging Face
 * {@code transformers} modeling classes create (e.g. {@code modeling_llama.py}: q/k/v/o projections,
 * {@code modeling_deepseek_v3.py}: MLA projections). Every product goes through {@link Math#multiplyExact} so that a
 * config that would overflow a {@code long} fails loudly instead of wrapping.
 */
public final class Params {
    private Params() {}

    /** A {@code Linear(in, out)}: in*out weights plus out biases when it has a bias. */
    public static long linear(long in, long out, boolean bias) {
        return addExact(multiplyExact(in, out), bias ? out : 0);
    }

    /** Token or position embedding table: rows x h. */
    public static long embedding(long rows, long h) {
        return multiplyExact(rows, h);
    }

    /**
     * Standard multi-head / grouped-query attention projections: W_q h x (a d_h), W_k and W_v h x (g d_h),
     * W_o (a d_h) x h (formulas.md 4.1). head_dim is independent of h/a (Gemma-7B: a d_h = 4096 != h = 3072).
     */
    public static long gqaAttention(long h, long a, long g, long dh, boolean qkvBias, boolean outBias) {
        long q = linear(h, multiplyExact(a, dh), qkvBias);
        long kv = multiplyExact(2, linear(h, multiplyExact(g, dh), qkvBias));
        long o = linear(multiplyExact(a, dh), h, outBias);
        return addExact(addExact(q, kv), o);
    }

    /** Multiply-add weights of {@link #gqaAttention} for one token (biases excluded). */
    public static long gqaAttentionMatmul(long h, long a, long g, long dh) {
        return gqaAttention(h, a, g, dh, false, false);
    }

    /**
     * Multi-head latent attention (DeepSeek-V2, arXiv:2405.04434 section 2.1; HF {@code modeling_deepseek_v3.py}):
     * q_a_proj h x r_q (+ q_a_layernorm r_q) and q_b_proj r_q x a(d_nope + d_rope), or q_proj h x a(d_nope + d_rope)
     * when qLoraRank = 0; kv_a_proj_with_mqa h x (r_kv + d_rope), kv_a_layernorm r_kv, kv_b_proj
     * r_kv x a(d_nope + d_v), o_proj a d_v x h. {@code bias} (config attention_bias) applies to q_a, kv_a and o.
     * The two low-rank norms are counted here, not as norms, since they belong to the projection path.
     */
    public static long mlaAttention(long h, long a, long qLoraRank, long kvLoraRank,
                                    long dNope, long dRope, long dV, boolean bias) {
        long qHead = multiplyExact(a, dNope + dRope);
        long q = qLoraRank > 0
                ? addExact(addExact(linear(h, qLoraRank, bias), qLoraRank), linear(qLoraRank, qHead, false))
                : linear(h, qHead, false);
        long kv = addExact(addExact(linear(h, kvLoraRank + dRope, bias), kvLoraRank),
                linear(kvLoraRank, multiplyExact(a, dNope + dV), false));
        long o = linear(multiplyExact(a, dV), h, bias);
        return addExact(addExact(q, kv), o);
    }

    /** Multiply-add weights of MLA for one token, the low-rank path unabsorbed (norm weights and biases excluded). */
    public static long mlaAttentionMatmul(long h, long a, long qLoraRank, long kvLoraRank,
                                          long dNope, long dRope, long dV) {
        long withNorms = mlaAttention(h, a, qLoraRank, kvLoraRank, dNope, dRope, dV, false);
        return withNorms - (qLoraRank > 0 ? qLoraRank : 0) - kvLoraRank;
    }

    /**
     * Feed-forward block. Gated (SwiGLU/GeGLU: gate, up, down) has 3 h x f matrices, plain (GELU) has 2
     * (formulas.md 4.1 and 6.1: "FFN = 2hf" is wrong for gated MLPs). Biases: f per input projection, h for down.
     */
    public static long mlp(long h, long f, boolean gated, boolean bias) {
        long in = multiplyExact(gated ? 2 : 1, linear(h, f, bias));
        return addExact(in, linear(f, h, bias));
    }

    /** MoE router: Linear(h, E), with a bias in gpt-oss. */
    public static long router(long h, long experts, boolean bias) {
        return linear(h, experts, bias);
    }

    /** A normalisation layer of width w: RMSNorm has a weight, LayerNorm a weight and a bias, OLMo-1's none. */
    public static long norm(long w, int tensorsPerNorm) {
        return multiplyExact(w, tensorsPerNorm);
    }

    /**
     * A pre-norm decoder in closed form (formulas.md 4.1): L (attention + 2 h norm weights) + the feed-forward blocks
     * + the token embedding V h, the LM head V h unless tied, and the final norm h. RMSNorm (one tensor per norm),
     * no biases and rotary positions, i.e. LLaMA (Touvron et al. 2023, arXiv:2302.13971). {@code denseLayers} layers
     * carry {@code denseFfn}, the other {@code layers - denseLayers} carry {@code moeFfn} (DeepSeek-V3's
     * first_k_dense_replace). For active parameters pass the active feed-forward counts.
     */
    public static long llamaDecoder(long vocab, long h, boolean tied, long layers, long attentionPerLayer,
                                    long denseLayers, long denseFfn, long moeFfn) {
        long perLayerCommon = addExact(attentionPerLayer, multiplyExact(2, norm(h, 1)));
        long stack = addExact(addExact(multiplyExact(layers, perLayerCommon), multiplyExact(denseLayers, denseFfn)),
                multiplyExact(layers - denseLayers, moeFfn));
        long embeddings = multiplyExact(tied ? 1 : 2, embedding(vocab, h));
        return addExact(addExact(stack, embeddings), norm(h, 1));
    }

    /**
     * A mixture-of-experts block of gated experts of width f_e (formulas.md 4.3, Megatron-LM's MoE layer):
     * {@code experts} expert MLPs (all E for the total, top-k for the active count), the router h x E without bias,
     * and the shared experts as one gated MLP of width n_shared f_e (DeepSeek-V3's shared_experts).
     */
    public static long moe(long h, long experts, long expertF, long routerExperts, long sharedF) {
        return addExact(addExact(multiplyExact(experts, mlp(h, expertF, true, false)), router(h, routerExperts, false)),
                mlp(h, sharedF, true, false));
    }
}
