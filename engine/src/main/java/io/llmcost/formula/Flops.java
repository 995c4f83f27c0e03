package io.llmcost.formula;

/**
 * Forward FLOPs per token, 2 FLOPs per multiply-add (formulas.md 1.1). Norms, softmax, rotary, activations, bias
 * adds and embedding lookups cost 0, as in Megatron-LM's {@code num_floating_point_operations}.
 */
public final class Flops {
    private Flops() {}

    public static final double FLOPS_PER_MULTIPLY_ADD = 2.0;

    /** Backward is two GEMMs per forward GEMM (data and weight gradient), so training = 3x forward (Megatron-LM). */
    public static final double TRAINING_PASSES = 3.0;

    /** A dense matmul over {@code weights} multiply-add weights, for one token. */
    public static double linear(double weights) {
        return FLOPS_PER_MULTIPLY_ADD * weights;
    }

    /** Logits: 2 h V per token, also when the head is tied to the input embedding (formulas.md 1.4). */
    public static double lmHead(double h, double vocab) {
        return FLOPS_PER_MULTIPLY_ADD * h * vocab;
    }

    /**
     * Key positions one query attends to, averaged over a sequence of {@code seqLen} tokens.
     *
     * <p>Full (non-causal, PaLM/nanoGPT MFU convention, formulas.md 1.3): every layer sees all S positions and
     * windows are ignored. Causal (Megatron/Kaplan, formulas.md 1.4): S/2; with a sliding window W < S a token at
     * position x sees min(x, W), whose continuous average over [0, S] is W - W^2/(2S) (equal to S/2 at W = S, so the
     * two cases join).
     */
    public static double attendedPositions(double seqLen, double window, boolean causal) {
        if (!causal) {
            return seqLen;
        }
        if (window <= 0 || window >= seqLen) {
            return seqLen / 2;
        }
        return window - window * window / (2 * seqLen);
    }

    /**
     * Key positions one query attends to under chunked attention (Llama 4's {@code chunked_attention} layers,
     * modeling_llama4.py / masking_utils.create_chunked_causal_mask): causal within blocks of C tokens, so a token at
     * offset x in its block sees x positions. Continuous average over S = n C + r: (n C^2/2 + r^2/2) / S. Full
     * (non-causal) convention: C positions, or S when S <= C.
     */
    public static double chunkedPositions(double seqLen, double chunk, boolean causal) {
        if (chunk <= 0 || chunk >= seqLen) {
            return attendedPositions(seqLen, 0, causal);
        }
        if (!causal) {
            return chunk;
        }
        double fullChunks = Math.floor(seqLen / chunk);
        double rest = seqLen - fullChunks * chunk;
        return (fullChunks * chunk * chunk / 2 + rest * rest / 2) / seqLen;
    }

    /**
     * Gated DeltaNet's recurrence for one token in one layer (Yang, Kautz, Hatamizadeh 2024, arXiv:2412.06464,
     * eq. 10: S_t = S_{t-1} alpha_t (I - beta_t k_t k_t^T) + beta_t v_t k_t^T, o_t = S_t q_t): per value head the
     * retrieval S k_t, the rank-1 update and the read-out S q_t are d_k x d_v multiply-adds each, whatever the
     * sequence length (decay and gates are elementwise, 0 here as norms are).
     */
    public static double gatedDeltaRule(double valueHeads, double keyHeadDim, double valueHeadDim) {
        return FLOPS_PER_MULTIPLY_ADD * 3 * valueHeads * keyHeadDim * valueHeadDim;
    }

    /**
     * A Mamba-2 selective-state-space scan for one token in one layer, in its recurrent form (Dao and Gu 2024,
     * arXiv:2405.21060, eq. 2: h_t = A_t h_{t-1} + B_t x_t, y_t = C_t^T h_t): for each of the {@code channels}
     * (heads x head_dim) the state update and the read-out are N multiply-adds each, whatever the sequence length.
     */
    public static double ssmScan(double channels, double stateSize) {
        return FLOPS_PER_MULTIPLY_ADD * 2 * channels * stateSize;
    }

    /**
     * QK^T and scores x V for one query token in one layer: 2 * positions * heads * (d_qk + d_v). MHA with
     * d_qk = d_v = h/a at S/2 positions gives Megatron's 2*S*h (formulas.md 1.4); MLA uses d_nope + d_rope for
     * scores and d_v for values.
     */
    public static double attentionScores(double positions, double heads, double qkHeadDim, double vHeadDim) {
        return FLOPS_PER_MULTIPLY_ADD * positions * heads * (qkHeadDim + vHeadDim);
    }
}
