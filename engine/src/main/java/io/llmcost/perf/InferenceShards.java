package io.llmcost.perf;

import io.llmcost.formula.Params;
import io.llmcost.io.InputException;
import io.llmcost.model.Attention;
import io.llmcost.model.Ffn;
import io.llmcost.model.Layer;
import io.llmcost.model.ModelSpec;

/**
 * What one GPU of a tensor-parallel group holds and computes of a decoder layer, as TensorRT-LLM and vLLM shard
 * inference (Megatron-LM column/row parallel linears, Shoeybi et al. 2019, arXiv:1909.08053 section 3):
 * query heads, MLP columns and every routed expert's columns split over tp; norms and routers replicated.
 * Key/value heads split over tp while tp <= g; beyond that each GPU keeps one KV head (its projection and its cache
 * replicated tp / g times; TensorRT-LLM and vLLM both replicate KV heads this way). MLA's latent cache is shared by
 * all heads, so every GPU keeps all of it (vLLM's MLA backend).
 */
public final class InferenceShards {
    private InferenceShards() {}

    /** Bad input when tp cannot split the heads of some layer. */
    public static void validate(ModelSpec m, int tp) {
        for (Layer layer : m.layers()) {
            Attention attn = layer.attention();
            if (attn.heads() % tp != 0) {
                throw new InputException("--tp=" + tp + ": does not divide num_attention_heads=" + attn.heads()
                        + "; expected a divisor of " + attn.heads());
            }
            if (attn instanceof Attention.Gqa gqa) {
                int g = gqa.kvHeads();
                if (tp <= g ? g % tp != 0 : tp % g != 0) {
                    throw new InputException("--tp=" + tp + ": neither divides nor is a multiple of "
                            + "num_key_value_heads=" + g + "; expected a divisor or multiple of " + g);
                }
            }
        }
    }

    /** KV heads on one GPU: g / tp, or 1 (replicated) when tp > g. */
    public static int kvHeadsPerGpu(int kvHeads, int tp) {
        return tp <= kvHeads ? kvHeads / tp : 1;
    }

    /** KV-cache elements one GPU keeps per token for this layer, before any sliding-window cap. */
    public static double kvCacheElementsPerToken(Attention attn, int tp) {
        if (attn instanceof Attention.Gqa gqa) {
            return 2.0 * kvHeadsPerGpu(gqa.kvHeads(), tp) * gqa.headDim();
        }
        return attn.kvCacheElementsPerToken();
    }

    /**
     * Fixed-size state elements one GPU keeps per sequence for a linear-attention layer (Gated DeltaNet, Mamba-2),
     * split over TP with its heads; read once per decode step like a cache.
     */
    public static double recurrentStateElements(Attention attn, int tp) {
        return (double) attn.recurrentStateElements() / tp;
    }

    /** Key and value projection weights (and biases) of all g heads; the part that is replicated past tp = g. */
    private static double kvProjectionParams(Attention.Gqa gqa, long h) {
        double perHead = (double) h * gqa.headDim() + (gqa.qkvBias() ? gqa.headDim() : 0);
        return 2 * perHead * gqa.kvHeads();
    }

    /** Stored attention weights on one GPU without the q/k norms (those are replicated 16-bit norms). */
    public static double attentionParams(Attention attn, long h, ModelSpec m, int tp) {
        double all = attn.params(h, m.norm()) - attn.normParams(m.norm());
        if (attn instanceof Attention.Gqa gqa) {
            double kv = kvProjectionParams(gqa, h);
            return (all - kv) / tp + kv * kvHeadsPerGpu(gqa.kvHeads(), tp) / gqa.kvHeads();
        }
        return all / tp;
    }

    /** Attention multiply-add weights one token runs through on one GPU. */
    public static double attentionMatmulWeights(Attention attn, long h, int tp) {
        if (attn instanceof Attention.Gqa gqa) {
            double kv = 2.0 * h * gqa.headDim() * gqa.kvHeads();
            return (attn.matmulWeights(h) - kv) / tp + kv * kvHeadsPerGpu(gqa.kvHeads(), tp) / gqa.kvHeads();
        }
        return (double) attn.matmulWeights(h) / tp;
    }

    /** Stored FFN weights on one GPU: MLP and experts split, routers replicated. */
    public static double ffnParams(Ffn ffn, long h, int tp) {
        if (ffn instanceof Ffn.Moe moe) {
            return (double) (moe.routedParams(h) + moe.sharedParams(h)) / tp + moe.routerParams(h);
        }
        return (double) ffn.params(h) / tp;
    }

    /** Multiply-add weights of one routed expert on one GPU. */
    public static double expertMatmulWeights(Ffn.Moe moe, long h, int tp) {
        return (double) Params.mlp(h, moe.expertIntermediate(), true, false) / tp;
    }

    /** FFN multiply-add weights one token runs through on one GPU outside the routed experts (MLP, shared, router). */
    public static double denseFfnMatmulWeights(Ffn ffn, long h, int tp) {
        if (ffn instanceof Ffn.Moe moe) {
            return (double) moe.sharedParams(h) / tp + Params.router(h, moe.experts(), false);
        }
        return (double) ffn.activeMatmulWeights(h) / tp;
    }

    /** Intermediate FFN width one token produces on one GPU (top-k experts and shared experts for MoE). */
    public static double ffnIntermediatePerGpu(Ffn ffn, int tp) {
        if (ffn instanceof Ffn.Moe moe) {
            return ((double) moe.topK() * moe.expertIntermediate() + moe.sharedIntermediate()) / tp;
        }
        return ffn instanceof Ffn.Mlp mlp ? (double) mlp.intermediate() / tp : 0; // Nemotron-H's mixer-only blocks
    }

    /** Whether the FFN is gated (SwiGLU/GeGLU: gate and up) rather than a plain two-matrix MLP. */
    public static boolean gatedFfn(Ffn ffn) {
        return !(ffn instanceof Ffn.Mlp mlp) || mlp.gated();
    }

    /**
     * Width of the query, key and value projections' output on one GPU (MLA: heads' q, k, v plus the latent; a
     * linear-attention mixer: all its projection weights over h, an upper bound that includes its output projection).
     */
    public static double qkvWidthPerGpu(Attention attn, long h, int tp) {
        if (attn instanceof Attention.Gqa gqa) {
            return ((double) gqa.heads() / tp + 2.0 * kvHeadsPerGpu(gqa.kvHeads(), tp)) * gqa.headDim();
        }
        if (attn instanceof Attention.Mla mla) {
            return (double) mla.heads() / tp * (2.0 * mla.qkHeadDim() + mla.vHeadDim()) + mla.kvCacheElementsPerToken();
        }
        return (double) attn.matmulWeights(h) / h / tp;
    }
}
