package io.llmcost.model;

import io.llmcost.formula.Params;
import io.llmcost.io.ConfigJson;
import io.llmcost.io.InputException;

import java.util.Optional;

import static java.lang.Math.addExact;
import static java.lang.Math.multiplyExact;

/**
 * Exact parameter counts of the vision tower and projector of the multimodal wrappers, from their
 * {@code vision_config} (and, for the projectors, the wrapper's keys and the language model's hidden size). Shapes
 * and defaults are those of the {@code transformers} modeling and configuration classes cited at each method;
 * non-persistent buffers (rotary {@code inv_freq}) and plain tensor attributes (Llama 4's {@code freqs_ci}) are not
 * parameters and are not counted.
 */
final class VisionTowers {
    private VisionTowers() {}

    private static final int RMS = NormKind.RMS.tensorsPerNorm;
    private static final int LAYER_NORM = NormKind.LAYER_NORM.tensorsPerNorm;

    /** What was counted, in words, and its parameters. */
    record Tower(String parts, long parameters) {}

    /**
     * The tower of {@code wrapperType}'s {@code vision_config}, or empty when this code does not know its tensors
     * (a Mistral 3 {@code vision_config} naming another model_type than pixtral).
     */
    static Optional<Tower> of(String wrapperType, ConfigJson wrapper, long textHidden) {
        ConfigJson v = wrapper.child("vision_config");
        try {
            return tower(wrapperType, wrapper, v, textHidden);
        } catch (ArithmeticException e) {
            throw new InputException(wrapper.source()
                    + ": vision_config sizes too large: the parameter count overflows a 64-bit integer");
        }
    }

    private static Optional<Tower> tower(String wrapperType, ConfigJson wrapper, ConfigJson v, long textHidden) {
        return switch (wrapperType) {
            case "gemma3" -> Optional.of(new Tower("SigLIP vision tower and projector", gemma3(v, textHidden)));
            case "llama4" -> Optional.of(new Tower("vision encoder, pixel-shuffle adapter and projector",
                    llama4(v, textHidden)));
            case "mistral3" -> v.has("model_type") && !v.string("model_type").equals("pixtral")
                    ? Optional.empty()
                    : Optional.of(new Tower("Pixtral vision tower and patch-merger projector",
                            mistral3(wrapper, v, textHidden)));
            case "qwen2_vl" -> Optional.of(new Tower("vision transformer and patch merger", qwen2Vl(v)));
            case "qwen2_5_vl" -> Optional.of(new Tower("vision transformer and patch merger", qwen25Vl(v)));
            default -> throw new IllegalArgumentException("not a multimodal wrapper: " + wrapperType);
        };
    }

    /**
     * Gemma 3's SigLIP vision tower and projector (modeling_siglip.py SiglipVisionModel, modeling_gemma3.py
     * Gemma3MultiModalProjector), defaults from SiglipVisionConfig: patch Conv2d with bias, learned positions for
     * (image/patch)^2 patches, per layer two LayerNorms, q/k/v/out and fc1/fc2 with biases, a post LayerNorm, the
     * attention-pooling head unless vision_use_head is false; projector: a [vision h, text h] matrix and an RMSNorm.
     */
    static long gemma3(ConfigJson v, long textHidden) {
        long h = v.positiveLong("hidden_size", 768);
        long f = v.positiveLong("intermediate_size", 3072);
        int layers = v.positiveInt("num_hidden_layers", 12);
        long channels = v.positiveLong("num_channels", 3);
        long image = v.positiveLong("image_size", 224);
        long patch = v.positiveLong("patch_size", 16);
        long layerNorm = Params.norm(h, LAYER_NORM);
        long patches = multiplyExact(image / patch, image / patch);
        long embeddings = addExact(Params.linear(multiplyExact(multiplyExact(channels, patch), patch), h, true),
                Params.embedding(patches, h));
        long layer = sum(multiplyExact(2, layerNorm), Params.gqaAttention(h, 1, 1, h, true, true),
                Params.mlp(h, f, false, true));
        long head = v.bool("vision_use_head", true) // probe, nn.MultiheadAttention in_proj and out_proj, norm, MLP
                ? sum(h, Params.linear(h, multiplyExact(3, h), true), Params.linear(h, h, true), layerNorm,
                        Params.mlp(h, f, false, true))
                : 0;
        long projector = addExact(multiplyExact(h, textHidden), Params.norm(h, RMS));
        return sum(embeddings, multiplyExact(layers, layer), layerNorm, head, projector);
    }

    /**
     * Llama 4's vision encoder (modeling_llama4.py Llama4VisionModel), defaults from Llama4VisionConfig: the
     * Llama4UnfoldConvolution patch linear (channels p^2 -> h, no bias), class_embedding h, positional_embedding_vlm
     * ((image/p)^2 + 1) x h, layernorm_pre and layernorm_post; per layer two LayerNorms, q/k/v/o with biases
     * (heads x h/heads wide) and fc1/fc2 with biases; the Llama4VisionPixelShuffleMLP adapter fc1
     * [intermediate_size -> projector_input_dim] and fc2 [projector_output_dim -> projector_output_dim], no biases;
     * then Llama4MultiModalProjector linear_1 [vision_output_dim -> text h] without bias.
     */
    static long llama4(ConfigJson v, long textHidden) {
        long h = v.positiveLong("hidden_size", 768);
        long f = v.positiveLong("intermediate_size", 5632);
        int layers = v.positiveInt("num_hidden_layers", 34);
        long heads = v.positiveLong("num_attention_heads", 16);
        long channels = v.positiveLong("num_channels", 3);
        long image = v.positiveLong("image_size", 448);
        long patch = v.positiveLong("patch_size", 14);
        long adapterIn = v.positiveLong("projector_input_dim", 4096);
        long adapterOut = v.positiveLong("projector_output_dim", 4096);
        long outputDim = v.positiveLong("vision_output_dim", 7680);
        long layerNorm = Params.norm(h, LAYER_NORM);
        long positions = addExact(multiplyExact(image / patch, image / patch), 1);
        long embeddings = sum(Params.linear(multiplyExact(multiplyExact(channels, patch), patch), h, false), h,
                Params.embedding(positions, h));
        long layer = sum(multiplyExact(2, layerNorm), Params.gqaAttention(h, heads, heads, h / heads, true, true),
                Params.mlp(h, f, false, true));
        long adapter = addExact(Params.linear(f, adapterIn, false), Params.linear(adapterOut, adapterOut, false));
        long projector = Params.linear(outputDim, textHidden, false);
        return sum(embeddings, multiplyExact(2, layerNorm), multiplyExact(layers, layer), adapter, projector);
    }

    /**
     * Mistral 3's Pixtral vision tower (modeling_pixtral.py PixtralVisionModel), defaults from PixtralVisionConfig:
     * patch_conv without bias, ln_pre RMSNorm, per layer attention_norm and ffn_norm RMSNorms, q/k/v/o h x h and the
     * gated MLP, no biases, no final norm; Mistral3MultiModalProjector (modeling_mistral3.py): an RMSNorm of the
     * vision width, Mistral3PatchMerger's merging_layer [h s^2 -> h] without bias, linear_1 [h n -> text h] (n the
     * number of vision_feature_layer entries) and linear_2 [text h -> text h], both biased by
     * multimodal_projector_bias (Mistral3Config defaults: spatial_merge_size 2, bias false, feature layer -1).
     */
    static long mistral3(ConfigJson wrapper, ConfigJson v, long textHidden) {
        long h = v.positiveLong("hidden_size", 1024);
        long f = v.positiveLong("intermediate_size", 4096);
        int layers = v.positiveInt("num_hidden_layers", 24);
        long channels = v.positiveLong("num_channels", 3);
        long patch = v.positiveLong("patch_size", 16);
        long merge = wrapper.positiveLong("spatial_merge_size", 2);
        long featureLayers = wrapper.integerOrListLength("vision_feature_layer", 1);
        boolean bias = wrapper.bool("multimodal_projector_bias", false);
        long patchConv = Params.linear(multiplyExact(multiplyExact(channels, patch), patch), h, false);
        long layer = sum(multiplyExact(2, Params.norm(h, RMS)), Params.gqaAttention(h, 1, 1, h, false, false),
                Params.mlp(h, f, true, false));
        long projector = sum(Params.norm(h, RMS),
                Params.linear(multiplyExact(h, multiplyExact(merge, merge)), h, false),
                Params.linear(multiplyExact(h, featureLayers), textHidden, bias),
                Params.linear(textHidden, textHidden, bias));
        return sum(patchConv, Params.norm(h, RMS), multiplyExact(layers, layer), projector);
    }

    /**
     * Qwen2-VL's vision transformer (modeling_qwen2_vl.py Qwen2VisionTransformerPretrainedModel), defaults from
     * Qwen2VLVisionConfig: embed_dim is the tower's width and hidden_size the merger's output. PatchEmbed Conv3d
     * [channels x temporal_patch_size x p x p -> embed_dim] without bias; per block two LayerNorms, qkv and proj
     * with biases, VisionMlp fc1/fc2 with biases of width int(embed_dim * mlp_ratio); PatchMerger: ln_q LayerNorm,
     * Linear(embed_dim s^2, embed_dim s^2) and Linear(embed_dim s^2, hidden_size), with biases.
     */
    static long qwen2Vl(ConfigJson v) {
        long e = v.positiveLong("embed_dim", 1280);
        long out = v.positiveLong("hidden_size", 3584);
        double ratio = v.positiveNumber("mlp_ratio", 4);
        double width = e * ratio; // Python's int(embed_dim * mlp_ratio): the same double product, truncated
        if (width >= 1L << 53) {
            throw v.error("mlp_ratio", "too large; expected embed_dim * mlp_ratio below 2^53");
        }
        long f = (long) width;
        long layer = sum(multiplyExact(2, Params.norm(e, LAYER_NORM)), Params.gqaAttention(e, 1, 1, e, true, true),
                Params.mlp(e, f, false, true));
        return qwenTower(v, e, layer, LAYER_NORM, out);
    }

    /**
     * Qwen2.5-VL's vision transformer (modeling_qwen2_5_vl.py Qwen2_5_VisionTransformerPretrainedModel), defaults
     * from Qwen2_5_VLVisionConfig: hidden_size is the tower's width and out_hidden_size the merger's output. As
     * Qwen2-VL, but RMSNorms (blocks and the merger's ln_q) and a gated MLP with biases of intermediate_size.
     */
    static long qwen25Vl(ConfigJson v) {
        long h = v.positiveLong("hidden_size", 3584);
        long f = v.positiveLong("intermediate_size", 3420);
        long out = v.positiveLong("out_hidden_size", 3584);
        long layer = sum(multiplyExact(2, Params.norm(h, RMS)), Params.gqaAttention(h, 1, 1, h, true, true),
                Params.mlp(h, f, true, true));
        return qwenTower(v, h, layer, RMS, out);
    }

    /** The Qwen2-VL / Qwen2.5-VL patch embedding, depth blocks and patch merger around one block's count. */
    private static long qwenTower(ConfigJson v, long width, long layer, int mergerNorm, long out) {
        int depth = v.positiveInt("depth", 32);
        long channels = v.positiveLong("in_channels", 3);
        long patch = v.positiveLong("patch_size", 14);
        long temporal = v.positiveLong("temporal_patch_size", 2);
        long merge = v.positiveLong("spatial_merge_size", 2);
        long patchEmbed = Params.linear(multiplyExact(multiplyExact(channels, temporal), multiplyExact(patch, patch)),
                width, false);
        long merged = multiplyExact(width, multiplyExact(merge, merge));
        long merger = sum(Params.norm(width, mergerNorm), Params.linear(merged, merged, true),
                Params.linear(merged, out, true));
        return sum(patchEmbed, multiplyExact(depth, layer), merger);
    }

    /** The exact sum of parameter counts (an overflow is an ArithmeticException, reported by {@link #of}). */
    private static long sum(long... terms) {
        long total = 0;
        for (long t : terms) {
            total = addExact(total, t);
        }
        return total;
    }
}
