package io.llmcost.sweep;

/**
 * A resolved LLaMA-style decoder shape, whatever axes the spec used. A dense model has experts = 1, top_k = 1 and
 * no MoE fields (shared_experts = expert_ffn = first_dense_layers = 0); a MoE model with no dense layers has ffn = 0.
 *
 * @param sharedExperts    always-on experts of width expertFfn each (DeepSeek-MoE style)
 * @param firstDenseLayers leading layers with a dense MLP of width ffn (DeepSeek-V3 {@code first_k_dense_replace})
 */
public record Shape(long hidden, long layers, long heads, long kvHeads, long headDim, long ffn, long experts,
                    long topK, long sharedExperts, long expertFfn, long firstDenseLayers, long seqLen, long vocab,
                    boolean tied) {

    public boolean isMoe() {
        return experts > 1;
    }
}
