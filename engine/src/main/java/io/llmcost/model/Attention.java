package io.llmcost.model;

import io.llmcost.formula.Flops;
import io.llmcost.formula.Params;
import io.llmcost.memory.KvCache;

/** The attention block of one decoder layer. */
public sealed interface Attention
        permits Attention.Gqa, Attention.Mla, Attention.GatedDeltaNet, Attention.Mamba2, Attention.Absent {

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

    /** FLOPs per token of the token mixing that is not a weight matmul: QK^T and scores x V for attention. */
    default double scoreFlops(long seqLen, boolean causal) {
        return Flops.attentionScores(attendedPositions(seqLen, causal), heads(), qkHeadDim(), vHeadDim());
    }

    /** Of {@link #scoreFlops}, the QK^T part (what FlashAttention recomputes in its backward pass). */
    default double qkScoreFlops(long seqLen, boolean causal) {
        return Flops.attentionScores(attendedPositions(seqLen, causal), heads(), qkHeadDim(), 0);
    }

    /** {@link #scoreFlops} of one decode step with {@code context} tokens before it. */
    default double decodeScoreFlops(long context) {
        return Flops.attentionScores(KvCache.cachedTokens(context, slidingWindow()), heads(), qkHeadDim(), vHeadDim());
    }

    /** Elements of fixed-size state one sequence keeps instead of a KV cache (linear attention), 0 otherwise. */
    default long recurrentStateElements() {
        return 0;
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
     * @param outputGate Qwen3-Next gated attention: q_proj also emits a per-channel sigmoid gate (a d_h more
     *                   outputs) that scales the attention output before o_proj
     */
    record Gqa(int heads, int kvHeads, int headDim, boolean qkvBias, boolean outBias, QkNorm qkNorm,
               long slidingWindow, boolean sinks, boolean chunked, boolean outputGate) implements Attention {

        public Gqa(int heads, int kvHeads, int headDim, boolean qkvBias, boolean outBias, QkNorm qkNorm,
                   long slidingWindow, boolean sinks) {
            this(heads, kvHeads, headDim, qkvBias, outBias, qkNorm, slidingWindow, sinks, false, false);
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
            return p + normParams(norm) + (sinks ? heads : 0) + gateParams(h, qkvBias);
        }

        private long gateParams(long h, boolean bias) {
            return outputGate ? Params.linear(h, Math.multiplyExact((long) heads, headDim), bias) : 0;
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
            return Params.gqaAttentionMatmul(h, heads, kvHeads, headDim) + gateParams(h, false);
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

    /**
     * Qwen3-Next's Gated DeltaNet linear attention (modeling_qwen3_next.py Qwen3NextGatedDeltaNet): in_proj_qkvz
     * h x (2 n_k d_k + 2 n_v d_v), in_proj_ba h x 2 n_v, a depthwise causal conv1d over q, k, v (no bias,
     * kernel K), dt_bias and A_log (n_v each), a gated RMSNorm of d_v, out_proj n_v d_v x h. No KV cache: each
     * sequence keeps an n_v x d_k x d_v state and the conv's last K - 1 inputs.
     */
    record GatedDeltaNet(int keyHeads, int valueHeads, int keyHeadDim, int valueHeadDim, int convKernel)
            implements Attention {
        @Override public int heads() { return valueHeads; }
        @Override public int qkHeadDim() { return keyHeadDim; }
        @Override public int vHeadDim() { return valueHeadDim; }
        @Override public long slidingWindow() { return 0; }

        private long keyDim() { return (long) keyHeads * keyHeadDim; }
        private long valueDim() { return (long) valueHeads * valueHeadDim; }
        private long convChannels() { return Math.addExact(Math.multiplyExact(2, keyDim()), valueDim()); }

        @Override
        public long params(long h, NormKind norm) {
            return Math.addExact(Math.addExact(matmulWeights(h), 2L * valueHeads), normParams(norm));
        }

        /** The gated RMSNorm's weight, of width d_v. */
        @Override
        public long normParams(NormKind norm) {
            return Params.norm(valueHeadDim, norm.tensorsPerNorm);
        }

        /** The three projections, and the conv's weights (one multiply-add each per token). */
        @Override
        public long matmulWeights(long h) {
            long qkvz = Params.linear(h, Math.multiplyExact(2, Math.addExact(keyDim(), valueDim())), false);
            long ba = Params.linear(h, 2L * valueHeads, false);
            long out = Params.linear(valueDim(), h, false);
            return Math.addExact(Math.addExact(Math.addExact(qkvz, ba), out),
                    Math.multiplyExact(convChannels(), convKernel));
        }

        @Override
        public long kvCacheElementsPerToken() {
            return 0;
        }

        @Override
        public double scoreFlops(long seqLen, boolean causal) {
            return Flops.gatedDeltaRule(valueHeads, keyHeadDim, valueHeadDim);
        }

        @Override
        public double qkScoreFlops(long seqLen, boolean causal) {
            return 0;
        }

        @Override
        public double decodeScoreFlops(long context) {
            return Flops.gatedDeltaRule(valueHeads, keyHeadDim, valueHeadDim);
        }

        @Override
        public long recurrentStateElements() {
            return Math.addExact(Math.multiplyExact(valueDim(), (long) keyHeadDim),
                    Math.multiplyExact(convChannels(), convKernel - 1L));
        }
    }

    /**
     * A Mamba-2 mixer (modeling_nemotron_h.py NemotronHMamba2Mixer): in_proj h x (2 I + 2 G N + n_h) for z, x, B,
     * C and dt (I = n_h head_dim), a depthwise causal conv1d over x, B, C (kernel K, bias by use_conv_bias),
     * dt_bias, A_log and D (n_h each), a gated RMSNorm of I, out_proj I x h (biases by use_bias). No KV cache: each
     * sequence keeps the I x N state and the conv's last K - 1 inputs.
     */
    record Mamba2(int heads, int headDim, int groups, int stateSize, int convKernel, boolean convBias,
                  boolean projBias) implements Attention {
        @Override public int qkHeadDim() { return stateSize; }
        @Override public int vHeadDim() { return headDim; }
        @Override public long slidingWindow() { return 0; }

        long innerWidth() { return (long) heads * headDim; }
        long convChannels() { return Math.addExact(innerWidth(), Math.multiplyExact(2L * groups, stateSize)); }

        @Override
        public long params(long h, NormKind norm) {
            long inProj = Math.addExact(Math.addExact(innerWidth(), convChannels()), heads); // z, x, B, C, dt
            long biases = Math.addExact(convBias ? convChannels() : 0, projBias ? Math.addExact(inProj, h) : 0);
            return Math.addExact(Math.addExact(matmulWeights(h), biases), Math.addExact(3L * heads, normParams(norm)));
        }

        /** The gated RMSNorm's weight, of width I. */
        @Override
        public long normParams(NormKind norm) {
            return Params.norm(innerWidth(), norm.tensorsPerNorm);
        }

        /** in_proj, out_proj and the conv's weights (one multiply-add each per token). */
        @Override
        public long matmulWeights(long h) {
            long in = Params.linear(h, Math.addExact(Math.addExact(innerWidth(), convChannels()), heads), false);
            long out = Params.linear(innerWidth(), h, false);
            return Math.addExact(Math.addExact(in, out), Math.multiplyExact(convChannels(), convKernel));
        }

        @Override
        public long kvCacheElementsPerToken() {
            return 0;
        }

        @Override
        public double scoreFlops(long seqLen, boolean causal) {
            return Flops.ssmScan(innerWidth(), stateSize);
        }

        @Override
        public double qkScoreFlops(long seqLen, boolean causal) {
            return 0;
        }

        @Override
        public double decodeScoreFlops(long context) {
            return Flops.ssmScan(innerWidth(), stateSize);
        }

        @Override
        public long recurrentStateElements() {
            return Math.addExact(Math.multiplyExact(innerWidth(), (long) stateSize),
                    Math.multiplyExact(convChannels(), convKernel - 1L));
        }
    }

    /** No token mixer: a hybrid's MLP-only block (Nemotron-H "-" layers). */
    record Absent() implements Attention {
        @Override public int heads() { return 0; }
        @Override public int qkHeadDim() { return 0; }
        @Override public int vHeadDim() { return 0; }
        @Override public long slidingWindow() { return 0; }
        @Override public long params(long h, NormKind norm) { return 0; }
        @Override public long normParams(NormKind norm) { return 0; }
        @Override public long matmulWeights(long h) { return 0; }
        @Override public long kvCacheElementsPerToken() { return 0; }
    }
}
