package io.llmcost.model;

import io.llmcost.formula.Flops;

/**
 * Forward FLOPs per token for a sequence of {@code seqLen} tokens (2 FLOPs per multiply-add).
 *
 * @param linear    every matmul of a token except the LM head: attention projections (MLA unabsorbed), MLP,
 *                  top-k routed and shared experts, routers and shared-expert gates
 * @param lmHead    2 h V
 * @param attention QK^T and scores x V, averaged per token under the chosen convention
 */
public record ForwardFlops(long seqLen, boolean causal, double linear, double lmHead, double attention) {

    public double total() {
        return linear + lmHead + attention;
    }

    public static ForwardFlops of(ModelSpec m, long seqLen, boolean causal) {
        long h = m.hiddenSize();
        double linear = 0, attention = 0;
        for (Layer layer : m.layers()) {
            Attention attn = layer.attention();
            linear += Flops.linear(attn.matmulWeights(h) + layer.ffn().activeMatmulWeights(h));
            attention += attn.scoreFlops(seqLen, causal);
        }
        return new ForwardFlops(seqLen, causal, linear, Flops.lmHead(h, m.vocabSize()), attention);
    }
}
