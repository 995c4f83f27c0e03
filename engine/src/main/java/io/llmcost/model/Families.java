package io.llmcost.model;

import io.llmcost.io.ConfigJson;
import io.llmcost.io.InputException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Builds a {@link ModelSpec} from a Hugging Face {@code config.json}, one method per {@code model_type}, each
 * following that family's {@code transformers} modeling and configuration classes (defaults included) for the
 * tensors it creates and the layer patterns it uses.
 */
public final class Families {
    private Families() {}

    private static final Map<String, Function<ConfigJson, ModelSpec>> BUILDERS = new TreeMap<>(Map.ofEntries(
            Map.entry("llama", Families::llama),
            Map.entry("mistral", Families::mistral),
            Map.entry("mixtral", Families::mixtral),
            Map.entry("qwen2", Families::qwen2),
            Map.entry("qwen2_moe", Families::qwen2Moe),
            Map.entry("qwen3", c -> qwen3(c, false)),
            Map.entry("qwen3_moe", c -> qwen3(c, true)),
            Map.entry("deepseek_v2", c -> deepseek(c, false)),
            Map.entry("deepseek_v3", c -> deepseek(c, true)),
            // Kimi K2 publishes the DeepSeek-V3 architecture (architectures DeepseekV3ForCausalLM, hub code
            // configuration_deepseek.DeepseekV3Config) under its own model_type.
            Map.entry("kimi_k2", c -> deepseek(c, true)),
            Map.entry("glm4_moe", Families::glm4Moe),
            Map.entry("llama4_text", Families::llama4),
            Map.entry("nemotron", Families::nemotron),
            Map.entry("qwen3_next", Families::qwen3Next),
            Map.entry("nemotron_h", Families::nemotronH),
            Map.entry("qwen2_vl_text", Families::qwen2),
            Map.entry("qwen2_5_vl_text", Families::qwen2),
            Map.entry("gemma", Families::gemma),
            Map.entry("gemma2", Families::gemma2),
            Map.entry("gemma3_text", Families::gemma3),
            Map.entry("gpt2", Families::gpt2),
            Map.entry("gpt_neox", Families::gptNeox),
            Map.entry("olmo", c -> olmo(c, false)),
            Map.entry("olmo2", c -> olmo(c, true)),
            Map.entry("phi3", Families::phi3),
            Map.entry("gpt_oss", Families::gptOss)));

    /** Every model_type a config.json may have: the language models and the multimodal wrappers around them. */
    public static List<String> supported() {
        TreeMap<String, Boolean> all = new TreeMap<>();
        BUILDERS.keySet().forEach(t -> all.put(t, true));
        Checkpoint.wrapperTypes().forEach(t -> all.put(t, true));
        return List.copyOf(all.keySet());
    }

    static boolean isWrapper(String modelType) {
        return Checkpoint.isWrapper(modelType);
    }

    /** The language model of a config.json; a multimodal config's comes from its text_config ({@link Checkpoint}). */
    public static ModelSpec build(ConfigJson c) {
        if (isWrapper(c.string("model_type"))) {
            return Checkpoint.of(c).language();
        }
        return build(c, BUILDERS.get(c.string("model_type")));
    }

    /** A multimodal config's language model, with the lm_head tying its wrapper decides. */
    static ModelSpec buildText(ConfigJson text, boolean tied) {
        ModelSpec m = build(text, BUILDERS.get(text.string("model_type")));
        return new ModelSpec(m.modelType(), m.vocabSize(), m.hiddenSize(), tied, m.positionEmbeddings(), m.norm(),
                m.layers(), m.mtp());
    }

    private static ModelSpec build(ConfigJson c, Function<ConfigJson, ModelSpec> builder) {
        if (builder == null) {
            throw c.error("model_type", "unsupported; expected one of " + String.join(", ", supported()));
        }
        ModelSpec spec;
        try {
            spec = builder.apply(c);
            ParameterCount.of(spec); // fails on overflow now rather than in a later report
            spec.layers().forEach(l -> l.attention().recurrentStateElements()); // and so does the recurrent state
        } catch (ArithmeticException e) {
            throw new InputException(c.source() + ": sizes too large: the parameter count overflows a 64-bit integer");
        }
        return spec;
    }

    /** The per-family values every decoder shares: h, L, a, g and head_dim. */
    private record Dims(long h, int layers, int heads, int kvHeads, int headDim) {}

    private static Dims dims(ConfigJson c, String hKey, String layersKey, String headsKey, int defaultHeadDim) {
        long h = c.positiveLong(hKey);
        int layers = c.positiveInt(layersKey);
        int heads = c.positiveInt(headsKey);
        int kvHeads = c.positiveInt("num_key_value_heads", heads);
        if (heads % kvHeads != 0) {
            throw c.error("num_key_value_heads", "must divide " + headsKey + "=" + heads);
        }
        int headDim;
        if (c.has("head_dim")) {
            headDim = c.positiveInt("head_dim");
        } else if (defaultHeadDim > 0) {
            headDim = defaultHeadDim;
        } else {
            if (h % heads != 0) {
                throw c.error(headsKey, "must divide " + hKey + "=" + h + " (no head_dim given)");
            }
            headDim = Math.toIntExact(h / heads);
        }
        return new Dims(h, layers, heads, kvHeads, headDim);
    }

    private static Dims dims(ConfigJson c) {
        return dims(c, "hidden_size", "num_hidden_layers", "num_attention_heads", 0);
    }

    private static ModelSpec spec(ConfigJson c, Dims d, boolean tiedDefault, NormKind norm, List<Layer> layers) {
        return spec(c, d, c.positiveLong("vocab_size"), tiedDefault, norm, layers);
    }

    private static ModelSpec spec(ConfigJson c, Dims d, long vocab, boolean tiedDefault, NormKind norm,
                                  List<Layer> layers) {
        return new ModelSpec(c.string("model_type"), vocab, d.h(), c.bool("tie_word_embeddings", tiedDefault), 0, norm,
                layers, null);
    }

    private static List<Layer> repeat(int n, Function<Integer, Layer> layer) {
        List<Layer> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(layer.apply(i));
        }
        return out;
    }

    /** Hugging Face {@code layer_types} ("sliding_attention" / "full_attention"), when the config lists them. */
    private static long windowFromLayerTypes(ConfigJson c, int i, long window) {
        List<String> types = c.stringList("layer_types");
        if (types.size() != c.positiveInt("num_hidden_layers")) {
            throw c.error("layer_types", "expected one entry per layer (num_hidden_layers)");
        }
        return "sliding_attention".equals(types.get(i)) ? window : 0;
    }

    private static Attention.Gqa gqa(Dims d, boolean qkvBias, boolean outBias, QkNorm qkNorm, long window) {
        return new Attention.Gqa(d.heads(), d.kvHeads(), d.headDim(), qkvBias, outBias, qkNorm, window, false);
    }

    // modeling_llama.py: q/k/v/o bias = attention_bias, gate/up/down bias = mlp_bias; LlamaConfig ties nothing.
    static ModelSpec llama(ConfigJson c) {
        Dims d = dims(c);
        boolean attnBias = c.bool("attention_bias", false);
        Ffn mlp = new Ffn.Mlp(c.positiveLong("intermediate_size"), true, c.bool("mlp_bias", false));
        return spec(c, d, false, NormKind.RMS,
                repeat(d.layers(), i -> new Layer(gqa(d, attnBias, attnBias, QkNorm.NONE, 0), mlp, 2)));
    }

    // modeling_mistral.py: no biases; sliding_window on every layer (null = global).
    static ModelSpec mistral(ConfigJson c) {
        Dims d = dims(c);
        long window = c.nonNegativeLong("sliding_window", 0);
        Ffn mlp = new Ffn.Mlp(c.positiveLong("intermediate_size"), true, false);
        return spec(c, d, false, NormKind.RMS,
                repeat(d.layers(), i -> new Layer(gqa(d, false, false, QkNorm.NONE, window), mlp, 2)));
    }

    // modeling_mixtral.py: every layer is a sparse MoE block, router gate Linear(h, E) without bias.
    static ModelSpec mixtral(ConfigJson c) {
        Dims d = dims(c);
        long window = c.nonNegativeLong("sliding_window", 0);
        Ffn moe = moe(c, c.positiveInt("num_local_experts", 8), c.positiveInt("num_experts_per_tok", 2),
                c.positiveLong("intermediate_size"), false, 0, false);
        return spec(c, d, false, NormKind.RMS,
                repeat(d.layers(), i -> new Layer(gqa(d, false, false, QkNorm.NONE, window), moe, 2)));
    }

    /** Routed experts without biases, as all families but gpt-oss have them. */
    private static Ffn.Moe moe(ConfigJson c, int experts, int topK, long expertFfn, boolean scoreCorrection,
                               long sharedFfn, boolean sharedGate) {
        checkTopK(c, experts, topK);
        return new Ffn.Moe(experts, topK, expertFfn, false, false, scoreCorrection, sharedFfn, sharedGate);
    }

    private static void checkTopK(ConfigJson c, int experts, int topK) {
        if (topK > experts) {
            throw c.error("num_experts_per_tok", "must not exceed the number of experts (" + experts + ")");
        }
    }

    /** Qwen2/Qwen3 sliding window: layers at or past max_window_layers when use_sliding_window is on. */
    private static long qwenWindow(ConfigJson c, int i) {
        if (c.has("layer_types")) {
            return windowFromLayerTypes(c, i, c.nonNegativeLong("sliding_window", 0));
        }
        if (!c.bool("use_sliding_window", false)) {
            return 0;
        }
        return i >= c.nonNegativeLong("max_window_layers", 28) ? c.nonNegativeLong("sliding_window", 4096) : 0;
    }

    // modeling_qwen2.py: q/k/v have biases, o_proj none.
    static ModelSpec qwen2(ConfigJson c) {
        Dims d = dims(c);
        Ffn mlp = new Ffn.Mlp(c.positiveLong("intermediate_size"), true, false);
        return spec(c, d, false, NormKind.RMS,
                repeat(d.layers(), i -> new Layer(gqa(d, true, false, QkNorm.NONE, qwenWindow(c, i)), mlp, 2)));
    }

    /** Qwen2-MoE / Qwen3-MoE: sparse when not in mlp_only_layers and (i + 1) % decoder_sparse_step == 0. */
    private static boolean qwenSparse(ConfigJson c, int i, int experts) {
        List<Long> mlpOnly = c.longList("mlp_only_layers");
        return experts > 0 && !mlpOnly.contains((long) i)
                && (i + 1) % c.positiveInt("decoder_sparse_step", 1) == 0;
    }

    // modeling_qwen2_moe.py: qkv biases (qkv_bias), routed experts, one shared expert with a sigmoid gate Linear(h, 1).
    static ModelSpec qwen2Moe(ConfigJson c) {
        Dims d = dims(c);
        boolean qkvBias = c.bool("qkv_bias", true);
        int experts = c.nonNegativeInt("num_experts", 60);
        Ffn dense = new Ffn.Mlp(c.positiveLong("intermediate_size", 5632), true, false);
        long sharedFfn = c.nonNegativeLong("shared_expert_intermediate_size", 5632);
        Ffn sparse = experts == 0 ? dense : moe(c, experts, c.positiveInt("num_experts_per_tok", 4),
                c.positiveLong("moe_intermediate_size", 1408), false, sharedFfn, sharedFfn > 0);
        return spec(c, d, false, NormKind.RMS, repeat(d.layers(), i -> new Layer(
                gqa(d, qkvBias, false, QkNorm.NONE, qwenWindow(c, i)), qwenSparse(c, i, experts) ? sparse : dense, 2)));
    }

    // modeling_qwen3.py / modeling_qwen3_moe.py: per-head q_norm and k_norm; head_dim defaults to 128 in
    // Qwen3Config, while Qwen3MoeConfig has no such field and falls back to h / a.
    static ModelSpec qwen3(ConfigJson c, boolean moe) {
        Dims d = dims(c, "hidden_size", "num_hidden_layers", "num_attention_heads", moe ? 0 : 128);
        boolean bias = c.bool("attention_bias", false);
        Ffn dense = new Ffn.Mlp(c.positiveLong("intermediate_size"), true, false);
        int experts = moe ? c.nonNegativeInt("num_experts", 128) : 0;
        Ffn sparse = experts == 0 ? dense : moe(c, experts, c.positiveInt("num_experts_per_tok", 8),
                c.positiveLong("moe_intermediate_size", 768), false, 0, false);
        return spec(c, d, false, NormKind.RMS, repeat(d.layers(), i -> new Layer(
                gqa(d, bias, bias, QkNorm.PER_HEAD, qwenWindow(c, i)), qwenSparse(c, i, experts) ? sparse : dense, 2)));
    }

    // modeling_deepseek_v3.py: MLA; dense for i < first_k_dense_replace, MoE where i % moe_layer_freq == 0 (the
    // DeepSeek hub code's rule; transformers ignores moe_layer_freq, which is 1 in every published config); shared
    // experts form one MLP of moe_intermediate_size * n_shared_experts; the V3 router keeps the persistent
    // e_score_correction_bias buffer (the hub code only under topk_method "noaux_tc", transformers always).
    static ModelSpec deepseek(ConfigJson c, boolean v3) {
        long h = c.positiveLong("hidden_size");
        int layers = c.positiveInt("num_hidden_layers");
        // q_lora_rank: null (V2-Lite) is a full-rank q_proj; absent takes the config class default 1536.
        int qLoraRank = c.isNull("q_lora_rank") ? 0 : c.positiveInt("q_lora_rank", 1536);
        Attention mla = new Attention.Mla(c.positiveInt("num_attention_heads"), qLoraRank,
                c.positiveInt("kv_lora_rank"), c.positiveInt("qk_nope_head_dim"), c.positiveInt("qk_rope_head_dim"),
                c.positiveInt("v_head_dim"), c.bool("attention_bias", false));
        Ffn dense = new Ffn.Mlp(c.positiveLong("intermediate_size"), true, false);
        int experts = c.nonNegativeInt("n_routed_experts", 0);
        long moeFfn = c.positiveLong("moe_intermediate_size");
        long sharedFfn = Math.multiplyExact(moeFfn, c.nonNegativeLong("n_shared_experts", 0));
        Ffn sparse = experts == 0 ? dense
                : moe(c, experts, c.positiveInt("num_experts_per_tok"), moeFfn, v3 && scoreCorrectionBias(c), sharedFfn,
                false);
        int firstDense = c.nonNegativeInt("first_k_dense_replace", 0);
        int freq = c.positiveInt("moe_layer_freq", 1);
        List<Layer> stack = repeat(layers, i -> new Layer(mla, i >= firstDense && i % freq == 0 ? sparse : dense, 2));
        int mtpModules = v3 ? c.nonNegativeInt("num_nextn_predict_layers", 0) : 0;
        return new ModelSpec(c.string("model_type"), c.positiveLong("vocab_size"), h,
                c.bool("tie_word_embeddings", false), 0, NormKind.RMS, stack,
                mtpModules > 0 ? new ModelSpec.Mtp(mtpModules, new Layer(mla, sparse, 2)) : null);
    }

    // modeling_glm4_moe.py: q/k/v biases (attention_bias), o_proj none, optional per-head q/k norms (use_qk_norm);
    // dense MLP for i < first_k_dense_replace, then routed experts with the e_score_correction_bias buffer and
    // n_shared_experts shared experts as one MLP; the MTP layers (num_nextn_predict_layers, stored past the last
    // layer) are skipped on load (_keys_to_ignore_on_load_unexpected) and reported apart.
    static ModelSpec glm4Moe(ConfigJson c) {
        Dims d = dims(c);
        boolean bias = c.bool("attention_bias", false);
        QkNorm qk = c.bool("use_qk_norm", false) ? QkNorm.PER_HEAD : QkNorm.NONE;
        Attention attn = gqa(d, bias, false, qk, 0);
        Ffn dense = new Ffn.Mlp(c.positiveLong("intermediate_size", 10944), true, false);
        long moeFfn = c.positiveLong("moe_intermediate_size", 1408);
        Ffn sparse = moe(c, c.positiveInt("n_routed_experts", 128), c.positiveInt("num_experts_per_tok", 8), moeFfn,
                true, Math.multiplyExact(moeFfn, c.nonNegativeLong("n_shared_experts", 1)), false);
        int firstDense = c.nonNegativeInt("first_k_dense_replace", 1);
        int mtpModules = c.nonNegativeInt("num_nextn_predict_layers", 0);
        return new ModelSpec(c.string("model_type"), c.positiveLong("vocab_size"), d.h(),
                c.bool("tie_word_embeddings", false), 0, NormKind.RMS,
                repeat(d.layers(), i -> new Layer(attn, i >= firstDense ? sparse : dense, 2)),
                mtpModules > 0 ? new ModelSpec.Mtp(mtpModules, new Layer(attn, sparse, 2)) : null);
    }

    // modeling_llama4.py (Llama4TextConfig defaults: head_dim 128, 16 experts, top-1): MoE on the layers in
    // moe_layers (default every interleave_moe_layer_step-th), routed experts of intermediate_size plus one shared
    // expert of the same width, router without bias; other layers a dense MLP of intermediate_size_mlp. The qk
    // L2 norm has no weights. layer_types (default: chunked_attention where no_rope_layers is 1, i.e. RoPE layers,
    // every no_rope_layer_interval-th layer NoPE and global) give chunked layers attention_chunk_size.
    static ModelSpec llama4(ConfigJson c) {
        Dims d = dims(c, "hidden_size", "num_hidden_layers", "num_attention_heads", 128);
        int layers = d.layers();
        boolean bias = c.bool("attention_bias", false);
        long chunk = c.nonNegativeLong("attention_chunk_size", 8192);
        List<String> types = c.has("layer_types") ? c.stringList("layer_types") : null;
        List<Long> noRope = c.longList("no_rope_layers");
        int interval = c.positiveInt("no_rope_layer_interval", 4);
        if (types != null) {
            checkLayerTypes(c, "layer_types", types, layers, List.of("chunked_attention", "full_attention"));
        } else if (!noRope.isEmpty() && noRope.size() < layers) {
            throw c.error("no_rope_layers", "expected at least one entry per layer (num_hidden_layers=" + layers + ")");
        }
        List<Long> moeLayers = c.longList("moe_layers");
        int step = c.positiveInt("interleave_moe_layer_step", 1);
        int experts = c.positiveInt("num_local_experts", 16);
        long f = c.positiveLong("intermediate_size", 8192);
        Ffn sparse = moe(c, experts, c.positiveInt("num_experts_per_tok", 1), f, false, f, false);
        Ffn dense = new Ffn.Mlp(c.positiveLong("intermediate_size_mlp", 16384), true, false);
        return spec(c, d, false, NormKind.RMS, repeat(layers, i -> {
            boolean chunked = types != null ? types.get(i).equals("chunked_attention")
                    : noRope.isEmpty() ? (i + 1) % interval != 0 : noRope.get(i) != 0;
            boolean isMoe = c.has("moe_layers") ? moeLayers.contains((long) i) : (i + 1) % step == 0;
            Attention attn = new Attention.Gqa(d.heads(), d.kvHeads(), d.headDim(), bias, bias, QkNorm.NONE,
                    chunked ? chunk : 0, false, chunked, false);
            return new Layer(attn, isMoe ? sparse : dense, 2);
        }));
    }

    // modeling_nemotron.py: LayerNorm1P (weight and bias) everywhere, biases on q/k/v/o by attention_bias, a
    // non-gated squared-ReLU MLP (up_proj, down_proj) with mlp_bias.
    static ModelSpec nemotron(ConfigJson c) {
        Dims d = dims(c);
        boolean bias = c.bool("attention_bias", false);
        Ffn mlp = new Ffn.Mlp(c.positiveLong("intermediate_size"), false, c.bool("mlp_bias", false));
        return spec(c, d, false, NormKind.LAYER_NORM,
                repeat(d.layers(), i -> new Layer(gqa(d, bias, bias, QkNorm.NONE, 0), mlp, 2)));
    }

    // modeling_qwen3_next.py (Qwen3NextConfig defaults): layer_types (default: full_attention every
    // full_attention_interval-th layer, linear_attention otherwise). Full layers: gated attention (q_proj emits
    // query and gate), per-head q/k norms, biases by attention_bias. Linear layers: Gated DeltaNet. MLP as Qwen2-MoE
    // (mlp_only_layers, decoder_sparse_step): routed experts, a shared expert with a sigmoid gate Linear(h, 1).
    // The MTP weights (mtp.*) are not loaded (_keys_to_ignore_on_load_unexpected) and not counted.
    static ModelSpec qwen3Next(ConfigJson c) {
        Dims d = dims(c, "hidden_size", "num_hidden_layers", "num_attention_heads", 256);
        int layers = d.layers();
        List<String> types;
        if (c.has("layer_types")) {
            types = c.stringList("layer_types");
            checkLayerTypes(c, "layer_types", types, layers, List.of("linear_attention", "full_attention"));
        } else {
            int interval = c.positiveInt("full_attention_interval", 4);
            types = new ArrayList<>();
            for (int i = 0; i < layers; i++) {
                types.add((i + 1) % interval != 0 ? "linear_attention" : "full_attention");
            }
        }
        boolean bias = c.bool("attention_bias", false);
        Attention full = new Attention.Gqa(d.heads(), d.kvHeads(), d.headDim(), bias, bias, QkNorm.PER_HEAD, 0, false,
                false, true);
        int keyHeads = c.positiveInt("linear_num_key_heads", 16);
        int valueHeads = c.positiveInt("linear_num_value_heads", 32);
        if (valueHeads % keyHeads != 0) {
            throw c.error("linear_num_value_heads", "must be a multiple of linear_num_key_heads=" + keyHeads);
        }
        Attention linear = new Attention.GatedDeltaNet(keyHeads, valueHeads, c.positiveInt("linear_key_head_dim", 128),
                c.positiveInt("linear_value_head_dim", 128), c.positiveInt("linear_conv_kernel_dim", 4));
        int experts = c.nonNegativeInt("num_experts", 512);
        Ffn dense = new Ffn.Mlp(c.positiveLong("intermediate_size", 5632), true, false);
        long sharedFfn = c.nonNegativeLong("shared_expert_intermediate_size", 512);
        Ffn sparse = experts == 0 ? dense : moe(c, experts, c.positiveInt("num_experts_per_tok", 10),
                c.positiveLong("moe_intermediate_size", 512), false, sharedFfn, true);
        return spec(c, d, false, NormKind.RMS, repeat(layers, i -> new Layer(
                types.get(i).equals("full_attention") ? full : linear, qwenSparse(c, i, experts) ? sparse : dense, 2)));
    }

    // modeling_nemotron_h.py / configuration_nemotron_h.py (NemotronHConfig defaults): a stack of blocks, each one
    // RMSNorm and one mixer, by hybrid_override_pattern ("M" Mamba-2, "*" attention, "-" MLP; "E" MoE is not
    // supported here) or layers_block_type / layer_types. Attention without biases; the MLP non-gated squared ReLU
    // (up_proj, down_proj, mlp_bias); final norm_f; lm_head untied by default.
    static ModelSpec nemotronH(ConfigJson c) {
        long h = c.positiveLong("hidden_size", 4096);
        List<String> types;
        String typesKey;
        if (c.has("hybrid_override_pattern")) {
            typesKey = "hybrid_override_pattern";
            types = new ArrayList<>();
            for (char ch : c.string(typesKey).toCharArray()) {
                types.add(switch (ch) {
                    case 'M' -> "linear_attention";
                    case '*' -> "full_attention";
                    case '-' -> "mlp";
                    case 'E' -> "moe";
                    default -> throw c.error(typesKey, "unknown block '" + ch + "'; expected M, *, - or E");
                });
            }
        } else {
            typesKey = c.has("layers_block_type") ? "layers_block_type" : "layer_types";
            if (!c.has(typesKey)) {
                throw c.error("hybrid_override_pattern", "missing; expected the block pattern (or layers_block_type)");
            }
            types = c.stringList(typesKey);
        }
        int layers = c.positiveInt("num_hidden_layers", types.size());
        if (types.contains("moe")) {
            throw c.error(typesKey, "MoE blocks (\"E\", Nemotron 3) are not supported; expected M, * and - blocks");
        }
        checkLayerTypes(c, typesKey, types, layers, List.of("linear_attention", "full_attention", "mlp"));
        int heads = c.positiveInt("num_attention_heads", 32);
        int kvHeads = c.isNull("num_key_value_heads") ? heads : c.positiveInt("num_key_value_heads", 8);
        if (heads % kvHeads != 0) {
            throw c.error("num_key_value_heads", "must divide num_attention_heads=" + heads);
        }
        Attention attn = new Attention.Gqa(heads, kvHeads, c.positiveInt("head_dim", 128), false, false, QkNorm.NONE,
                0, false);
        int mambaHeads = c.positiveInt("mamba_num_heads", 128);
        int groups = c.positiveInt("n_groups", c.positiveInt("mamba_n_groups", 8));
        Attention mamba = new Attention.Mamba2(mambaHeads, c.positiveInt("mamba_head_dim", 64), groups,
                c.positiveInt("ssm_state_size", 128), c.positiveInt("conv_kernel", c.positiveInt("mamba_d_conv", 4)),
                c.bool("use_conv_bias", c.bool("mamba_conv_bias", true)), c.bool("use_bias", false));
        Ffn mlp = new Ffn.Mlp(c.positiveLong("intermediate_size", 21504), false, c.bool("mlp_bias", false));
        Ffn none = new Ffn.Absent();
        List<Layer> stack = repeat(layers, i -> switch (types.get(i)) {
            case "linear_attention" -> new Layer(mamba, none, 1);
            case "full_attention" -> new Layer(attn, none, 1);
            default -> new Layer(new Attention.Absent(), mlp, 1);
        });
        return new ModelSpec(c.string("model_type"), c.positiveLong("vocab_size", 131072), h,
                c.bool("tie_word_embeddings", false), 0, NormKind.RMS, stack, null);
    }

    /** A list of layer types under {@code key}: one entry per layer, each one of {@code allowed}. */
    private static void checkLayerTypes(ConfigJson c, String key, List<String> types, int layers,
                                        List<String> allowed) {
        if (types.size() != layers) {
            throw c.error(key, "has " + types.size() + " entries; expected one per layer (num_hidden_layers="
                    + layers + ")");
        }
        for (String t : types) {
            if (!allowed.contains(t)) {
                throw c.error(key, "unknown layer type \"" + t + "\"; expected one of " + String.join(", ", allowed));
            }
        }
    }

    private static boolean scoreCorrectionBias(ConfigJson c) {
        return !c.has("topk_method") || "noaux_tc".equals(c.string("topk_method"));
    }

    // modeling_gemma.py: GeGLU MLP, head_dim 256 by default, embeddings tied.
    static ModelSpec gemma(ConfigJson c) {
        Dims d = dims(c, "hidden_size", "num_hidden_layers", "num_attention_heads", 256);
        boolean bias = c.bool("attention_bias", false);
        Ffn mlp = new Ffn.Mlp(c.positiveLong("intermediate_size"), true, false);
        return spec(c, d, true, NormKind.RMS,
                repeat(d.layers(), i -> new Layer(gqa(d, bias, bias, QkNorm.NONE, 0), mlp, 2)));
    }

    // modeling_gemma2.py: pre and post norms around attention and MLP (4 per layer); even layers slide.
    static ModelSpec gemma2(ConfigJson c) {
        Dims d = dims(c, "hidden_size", "num_hidden_layers", "num_attention_heads", 256);
        boolean bias = c.bool("attention_bias", false);
        long window = c.nonNegativeLong("sliding_window", 4096);
        Ffn mlp = new Ffn.Mlp(c.positiveLong("intermediate_size"), true, false);
        return spec(c, d, true, NormKind.RMS, repeat(d.layers(), i -> new Layer(gqa(d, bias, bias, QkNorm.NONE,
                c.has("layer_types") ? windowFromLayerTypes(c, i, window) : (i % 2 == 0 ? window : 0)), mlp, 4)));
    }

    // modeling_gemma3.py (Gemma3ForCausalLM): Gemma-2 layout plus per-head q/k norms; every
    // sliding_window_pattern-th layer is global.
    static ModelSpec gemma3(ConfigJson c) {
        Dims d = dims(c, "hidden_size", "num_hidden_layers", "num_attention_heads", 256);
        boolean bias = c.bool("attention_bias", false);
        long window = c.nonNegativeLong("sliding_window", 4096);
        int pattern = c.positiveInt("sliding_window_pattern", 6);
        Ffn mlp = new Ffn.Mlp(c.positiveLong("intermediate_size"), true, false);
        long vocab = c.positiveLong("vocab_size", 262208); // Gemma3TextConfig default; Gemma 3 4B-27B files omit it
        return spec(c, d, vocab, true, NormKind.RMS, repeat(d.layers(), i -> new Layer(gqa(d, bias, bias, QkNorm.PER_HEAD,
                c.has("layer_types") ? windowFromLayerTypes(c, i, window) : ((i + 1) % pattern != 0 ? window : 0)),
                mlp, 4)));
    }

    // modeling_gpt2.py: fused c_attn and c_proj with biases, 4h GELU MLP (n_inner), learned positions, LayerNorm,
    // lm_head tied to wte.
    static ModelSpec gpt2(ConfigJson c) {
        Dims d = dims(c, "n_embd", "n_layer", "n_head", 0);
        long inner = c.positiveLong("n_inner", Math.multiplyExact(4, d.h()));
        Ffn mlp = new Ffn.Mlp(inner, false, true);
        List<Layer> layers = repeat(d.layers(), i -> new Layer(gqa(d, true, true, QkNorm.NONE, 0), mlp, 2));
        return new ModelSpec("gpt2", c.positiveLong("vocab_size"), d.h(), c.bool("tie_word_embeddings", true),
                c.positiveLong("n_positions"), NormKind.LAYER_NORM, layers, null);
    }

    // modeling_gpt_neox.py: fused query_key_value and dense with biases (attention_bias), GELU MLP with biases,
    // separate embed_out.
    static ModelSpec gptNeox(ConfigJson c) {
        Dims d = dims(c);
        boolean bias = c.bool("attention_bias", true);
        Ffn mlp = new Ffn.Mlp(c.positiveLong("intermediate_size"), false, true);
        return spec(c, d, false, NormKind.LAYER_NORM,
                repeat(d.layers(), i -> new Layer(gqa(d, bias, bias, QkNorm.NONE, 0), mlp, 2)));
    }

    // modeling_olmo.py: LayerNorm without parameters; modeling_olmo2.py: RMSNorm after attention and after the MLP,
    // q_norm/k_norm over the whole projection width.
    static ModelSpec olmo(ConfigJson c, boolean olmo2) {
        Dims d = dims(c);
        boolean bias = c.bool("attention_bias", false);
        Ffn mlp = new Ffn.Mlp(c.positiveLong("intermediate_size"), true, false);
        QkNorm qk = olmo2 ? QkNorm.FULL_WIDTH : QkNorm.NONE;
        return spec(c, d, false, olmo2 ? NormKind.RMS : NormKind.NON_PARAMETRIC,
                repeat(d.layers(), i -> new Layer(gqa(d, bias, bias, qk, 0), mlp, 2)));
    }

    // modeling_phi3.py: fused qkv_proj and gate_up_proj without biases; sliding_window on every layer.
    static ModelSpec phi3(ConfigJson c) {
        Dims d = dims(c);
        long window = c.nonNegativeLong("sliding_window", 0);
        Ffn mlp = new Ffn.Mlp(c.positiveLong("intermediate_size"), true, false);
        return spec(c, d, false, NormKind.RMS,
                repeat(d.layers(), i -> new Layer(gqa(d, false, false, QkNorm.NONE, window), mlp, 2)));
    }

    // modeling_gpt_oss.py: q/k/v/o with biases, per-head sinks, router with bias, fused experts with biases,
    // sliding and full attention alternating (layer_types).
    static ModelSpec gptOss(ConfigJson c) {
        Dims d = dims(c, "hidden_size", "num_hidden_layers", "num_attention_heads", 64);
        boolean bias = c.bool("attention_bias", true);
        long window = c.nonNegativeLong("sliding_window", 128);
        int experts = c.positiveInt("num_local_experts", 128);
        int topK = c.positiveInt("num_experts_per_tok", 4);
        checkTopK(c, experts, topK);
        Ffn moe = new Ffn.Moe(experts, topK, c.positiveLong("intermediate_size"), true, true, false, 0, false);
        return spec(c, d, false, NormKind.RMS, repeat(d.layers(), i -> new Layer(
                new Attention.Gqa(d.heads(), d.kvHeads(), d.headDim(), bias, bias, QkNorm.NONE,
                        c.has("layer_types") ? windowFromLayerTypes(c, i, window) : (i % 2 == 0 ? window : 0), true),
                moe, 2)));
    }
}
