package io.llmcost.model;

import io.llmcost.formula.Params;

/** The feed-forward block of one decoder layer: a dense MLP or a mixture of experts. */
public sealed interface Ffn permits Ffn.Mlp, Ffn.Moe, Ffn.Absent {

    /** Every parameter of the block. */
    long params(long h);

    /** Parameters one token uses: everything except the routed experts it is not sent to. */
    long activeParams(long h);

    /** Multiply-add weights one token executes (routers and shared-expert gates included, biases not). */
    long activeMatmulWeights(long h);

    /** No feed-forward block: a hybrid's mixer-only block (Nemotron-H Mamba and attention layers). */
    record Absent() implements Ffn {
        @Override public long params(long h) { return 0; }
        @Override public long activeParams(long h) { return 0; }
        @Override public long activeMatmulWeights(long h) { return 0; }
    }

    /** A dense MLP; gated = SwiGLU/GeGLU with 3 matrices, otherwise 2 (GPT-2, GPT-NeoX). */
    record Mlp(long intermediate, boolean gated, boolean bias) implements Ffn {
        @Override public long params(long h) { return Params.mlp(h, intermediate, gated, bias); }
        @Override public long activeParams(long h) { return params(h); }
        @Override public long activeMatmulWeights(long h) { return Params.mlp(h, intermediate, gated, false); }
    }

    /**
     * A routed mixture of gated experts.
     *
     * @param expertIntermediate  f of one routed expert
     * @param expertBias          gpt-oss experts carry gate_up and down biases
     * @param routerBias          gpt-oss router has a bias
     * @param scoreCorrectionBias DeepSeek-V3 persistent {@code e_score_correction_bias} buffer, E values
     * @param sharedIntermediate  f of the always-on shared expert MLP (summed over shared experts), 0 for none
     * @param sharedGate          Qwen2-MoE {@code shared_expert_gate}: Linear(h, 1) scaling the shared expert
     */
    record Moe(int experts, int topK, long expertIntermediate, boolean expertBias, boolean routerBias,
               boolean scoreCorrectionBias, long sharedIntermediate, boolean sharedGate) implements Ffn {

        public long expertParams(long h) {
            return Params.mlp(h, expertIntermediate, true, expertBias);
        }

        public long routedParams(long h) {
            return Math.multiplyExact(experts, expertParams(h));
        }

        public long routerParams(long h) {
            return Params.router(h, experts, routerBias) + (scoreCorrectionBias ? experts : 0);
        }

        public long sharedParams(long h) {
            return (sharedIntermediate > 0 ? Params.mlp(h, sharedIntermediate, true, false) : 0)
                    + (sharedGate ? Params.linear(h, 1, false) : 0);
        }

        @Override
        public long params(long h) {
            return Math.addExact(routedParams(h), routerParams(h) + sharedParams(h));
        }

        @Override
        public long activeParams(long h) {
            return Math.multiplyExact(topK, expertParams(h)) + routerParams(h) + sharedParams(h);
        }

        @Override
        public long activeMatmulWeights(long h) {
            return Math.multiplyExact(topK, Params.mlp(h, expertIntermediate, true, false))
                    + Params.router(h, experts, false)
                    + sharedParams(h);
        }
    }
}
