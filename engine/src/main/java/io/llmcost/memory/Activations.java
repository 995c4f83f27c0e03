package io.llmcost.memory;

/**
 * Activation bytes stored for the backward pass, per transformer layer and micro-batch, after Korthikanti et al. 2022
 * (arXiv:2205.05198, section 4.1 and Table 2), derived tensor by tensor so that SwiGLU, GQA, MLA, head_dim != h/a,
 * MoE and the absence of dropout change the constants instead of being approximated.
 *
 * <p>Symbols: s = sequence length, b = micro-batch, h = hidden size, a = query heads, t = tensor-parallel size.
 * Every activation is 16-bit ({@link #ACTIVATION_BYTES}), every dropout mask 1 byte. Each layer's tensors fall in
 * three groups, and {@link #layerBytes} divides them as Megatron-LM shards them:
 * <ul>
 *   <li>boundary: h-wide tensors at block boundaries (norm inputs, the inputs of the QKV and first MLP matmuls,
 *       dropout masks after the residual branches); replicated over TP ranks unless sequence parallel splits them;
 *   <li>sharded: head- or f-wide tensors inside the blocks, split over TP ranks;
 *   <li>scores: the a x s x s attention tensors, split over TP ranks with the heads.
 * </ul>
 * For a GPT layer (MHA, a d_h = h, 4h GELU MLP, dropout) the groups are 10 s b h, 24 s b h and 5 a s^2 b, which
 * gives Korthikanti's s b h (34 + 5 a s / h) and the rest of Table 2.
 */
public final class Activations {
    private Activations() {}

    /** 16-bit activations (Korthikanti section 4.1 assumes fp16/bf16). */
    public static final double ACTIVATION_BYTES = 2;
    /** A dropout mask is stored as one byte per element (Korthikanti section 4.1). */
    public static final double DROPOUT_MASK_BYTES = 1;
    /** FlashAttention keeps one fp32 logsumexp per query row and head (Dao et al. 2022, arXiv:2205.14135 Alg. 2). */
    public static final double LOGSUMEXP_BYTES = 4;
    /** MoE router probabilities are kept in fp32 for the top-k backward (Megatron-Core router, fp32 softmax). */
    public static final double ROUTER_PROBS_BYTES = 4;
    /** Logits for the loss are fp32: Megatron-LM theoretical_memory_usage.py counts 4 s b V for the output layer. */
    public static final double LOGITS_BYTES = 4;
    /** Softmax output, its dropout mask and dropout output: Korthikanti's 2 + 1 + 2 = 5 a s^2 b. */
    public static final double SCORE_TENSORS_WITH_DROPOUT = ACTIVATION_BYTES + DROPOUT_MASK_BYTES + ACTIVATION_BYTES;
    /** Without attention dropout only the softmax output is kept (it feeds scores x V directly). */
    public static final double SCORE_TENSORS_WITHOUT_DROPOUT = ACTIVATION_BYTES;

    /** Inputs of {@code norms} normalisation layers of width h: 2 s b h each (Korthikanti: 4 s b h for two). */
    public static double normBytes(double s, double b, double h, int norms) {
        return norms * ACTIVATION_BYTES * s * b * h;
    }

    /**
     * Attention boundary group: the QKV-projection input (2 s b h), the dropout mask after the output projection
     * (s b h, with dropout) and, for MLA, the low-rank intermediates kept for q_b/kv_b and their norms.
     *
     * @param lowRankWidth summed width of the low-rank tensors stored per token (MLA: 2 r_q + 2 r_kv), 0 otherwise
     */
    public static double attentionBoundaryBytes(double s, double b, double h, double lowRankWidth, boolean dropout) {
        return ACTIVATION_BYTES * s * b * h                     // input of the Q, K, V projections
                + (dropout ? DROPOUT_MASK_BYTES * s * b * h : 0) // dropout mask after the output projection
                + ACTIVATION_BYTES * s * b * lowRankWidth;       // MLA latent path
    }

    /**
     * Attention sharded group: Q and K for QK^T, V for scores x V, and the output projection's input. MHA with
     * a d_h = h gives Korthikanti's 4 + 2 + 2 = 8 s b h. GQA stores K and V at g d_h (not expanded to a heads).
     *
     * @param qWidth      a d_qk
     * @param kWidth      g d_qk (MLA: a d_qk, K is expanded per head after kv_b_proj)
     * @param vWidth      g d_v (MLA: a d_v)
     * @param outputWidth a d_v, the input width of the output projection
     */
    public static double attentionShardedBytes(double s, double b, double qWidth, double kWidth, double vWidth,
                                               double outputWidth) {
        return ACTIVATION_BYTES * s * b * (qWidth + kWidth + vWidth + outputWidth);
    }

    /**
     * The attention-score group. Without FlashAttention: softmax output (2 a s^2 b), and with attention dropout its
     * mask and output (1 + 2), unless selective recompute drops them all. FlashAttention never materialises them and
     * keeps one fp32 logsumexp per row and head instead (formulas.md 2.4), with or without selective recompute.
     */
    public static double scoreBytes(double s, double b, double a, boolean dropout, boolean flash, boolean selective) {
        if (flash) {
            return LOGSUMEXP_BYTES * a * s * b;
        }
        if (selective) {
            return 0;
        }
        return (dropout ? SCORE_TENSORS_WITH_DROPOUT : SCORE_TENSORS_WITHOUT_DROPOUT) * a * s * s * b;
    }

    /**
     * Feed-forward boundary group: the first matmul's input (2 s b h), the dropout mask after the down projection
     * (s b h, with dropout) and, for MoE, the fp32 router probabilities over E experts.
     */
    public static double ffnBoundaryBytes(double s, double b, double h, double routerExperts, boolean dropout) {
        return ACTIVATION_BYTES * s * b * h
                + (dropout ? DROPOUT_MASK_BYTES * s * b * h : 0)
                + ROUTER_PROBS_BYTES * s * b * routerExperts;
    }

    /**
     * Dense MLP sharded group. Plain GELU (2 matrices): activation input and output, 2 x 2 s b f (Korthikanti's
     * 8 + 8 s b h at f = 4h). Gated SwiGLU/GeGLU (3 matrices): gate output, up output and their product (the down
     * projection's input), 3 x 2 s b f.
     */
    public static double mlpShardedBytes(double s, double b, double f, boolean gated) {
        return (gated ? 3 : 2) * ACTIVATION_BYTES * s * b * f;
    }

    /**
     * Routed experts: each token is copied to k experts, which keep its permuted input (2 s b h) and the gated
     * MLP's three f_e-wide tensors. Averaged over ranks under balanced routing, so expert parallelism does not
     * change it; expert tensor parallelism splits it like a dense MLP.
     */
    public static double routedExpertsShardedBytes(double s, double b, double h, double topK, double expertF) {
        return topK * (ACTIVATION_BYTES * s * b * h + mlpShardedBytes(s, b, expertF, true));
    }

    /**
     * One layer on one GPU: the boundary group is split only by sequence parallelism, the rest by tensor
     * parallelism (Korthikanti Table 2: TP gives 10 + 24/t + 5as/(ht), TP + SP gives (34 + 5as/h)/t).
     */
    public static double layerBytes(double boundary, double sharded, double scores, double t, boolean sp) {
        return boundary / (sp ? t : 1) + (sharded + scores) / t;
    }

    /** Full recomputation keeps only the layer input, 2 s b h (Korthikanti Table 2), split by SP when on. */
    public static double fullRecomputeLayerBytes(double s, double b, double h, double t, boolean sp) {
        return ACTIVATION_BYTES * s * b * h / (sp ? t : 1);
    }

    /**
     * Output layer on the stage holding the LM head: final norm and head inputs (2 + 2 s b h) and fp32 logits
     * over the vocabulary-parallel head (4 s b V / t), Megatron-LM's 4 s b h (1 + V/h) at t = 1.
     */
    public static double outputLayerBytes(double s, double b, double h, double vocab, double t, boolean sp) {
        return 2 * ACTIVATION_BYTES * s * b * h / (sp ? t : 1) + LOGITS_BYTES * s * b * vocab / t;
    }
}
