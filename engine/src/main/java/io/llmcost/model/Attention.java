package io.llmcost.model;

import io.llmcost.formula.Flops;
import io.llmcost.formula.Params;

/** The attention block of one decoder layer. */
public sealed interface Attention permits Attention.Gqa, Attention.Mla {

    /** Query heads. */
    int heads();

    /** Per-head width of queries and keys in the score product QK^T. */
    int qkHeadDim();

    /** Per-head width of values in scores x V. */
    int vHeadDim();

    /** Sliding window (or attention chunk) in tokens, or 0 for global attention: at most this many cached tokens. */
    long slidingWindow();

    /** Key positions one query attends to, averaged over a sequence of {@code seqLen} tokens. */
    default double attendedPositions(long seqLen, boolean causal) {
        return Flops.attendedPositions(seqLen, slidingWindow(), causal);
    }

    /** Every parameter of the block (projections, biases, q/k norms, sinks, MLA low-rank norms). */
    long params(long h, NormKind norm);

    /** Of {@link #params}, the weights that q/k norms contribute (reported under "norms"). */
    long normParams(NormKind norm);

    /** Multiply-add weights executed per token. */
    long matmulWeights(long h);

    /** KV-cache elements per token for this layer (before any sliding-window cap). */
    long kvCacheElementsPerToken();

    /**
     * Multi-head, grouped-query or multi-query attention (MHA g = a, MQA g = 1).
     *
     * @param sinks   gpt-oss learned attention sinks: one scalar per head
     * @param chunked {@code slidingWindow} is a Llama-4 attention chunk: causal within blocks of that many tokens
     */
    record Gqa(int heads, int kvHeads, int headDim, boolean qkvBias, boolean outBias, QkNorm qkNorm,
               long slidingWindow, boolean sinks, boolean chunked) implements Attention {

        public Gqa(int heads, int kvHeads, int headDim, boolean qkvBias, boolean outBias, QkNorm qkNorm,
                   long slidingWindow, boolean sinks) {
            this(heads, kvHeads, headDim, qkvBias, outBias, qkNorm, slidingWindow, sinks, false);
        }

        @Override public int qkHeadDim() { return headDim; }
        @Override public int vHeadDim() { return headDim; }

        @Override
        public double attendedPositions(long seqLen, boolean causal) {
            return chunked ? Flops.chunkedPositions(seqLen, slidingWindow, causal)
                    : Flops.attendedPositions(seqLen, slidingWindow, causal);
        }

        @Override
        public long params(long h, NormKind norm) {
            long p = Params.gqaAttention(h, heads, kvHeads, headDim, qkvBias, outBias);
            return p + normParams(norm) + (sinks ? heads : 0);
        }

        @Override
        public long normParams(NormKind norm) {
            return switch (qkNorm) {
                case NONE -> 0;
                case PER_HEAD -> Params.norm(2L * headDim, norm.tensorsPerNorm);
                case FULL_WIDTH -> Params.norm((long) (heads + kvHeads) * headDim, norm.tensorsPerNorm);
            };
        }

        @Override
        public long matmulWeights(long h) {
            return Params.gqaAttentionMatmul(h, heads, kvHeads, headDim);
        }

        /** K and V, g heads of head_dim each (formulas.md 2.5). */
        @Override
        public long kvCacheElementsPerToken() {
            return 2L * kvHeads * headDim;
        }
    }

    /** Multi-head latent attention of DeepSeek-V2/V3; qLoraRank 0 means a full-rank q_proj (V2-Lite). */
    record Mla(int heads, int qLoraRank, int kvLoraRank, int qkNopeHeadDim, int qkRopeHeadDim, int vHeadDim,
               boolean bias) implements Attention {
        @Override public int qkHeadDim() { return qkNopeHeadDim + qkRopeHeadDim; }
        @Override public long slidingWindow() { return 0; }

        @Override
        public long params(long h, NormKind norm) {
            return Params.mlaAttention(h, heads, qLoraRank, kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim, bias);
        }

        @Override
        public long normParams(NormKind norm) {
            return 0;
        }

        @Override
        public long matmulWeights(long h) {
            return Params.mlaAttentionMatmul(h, heads, qLoraRank, kvLoraRank, qkNopeHeadDim, qkRopeHeadDim, vHeadDim);
        }

        /** The compressed latent c_KV plus the shared decoupled RoPE key (DeepSeek-V2 section 2.1.2). */
        @Override
        public long kvCacheElementsPerToken() {
            return (long) kvLoraRank + qkRopeHeadDim;
        }
    }
}
