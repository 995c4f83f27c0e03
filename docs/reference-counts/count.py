#!/usr/bin/env python3
"""Independent tensor-enumeration parameter counter for HF causal LMs.

Enumerates every parameter / persistent buffer of <X>ForCausalLM as listed in
hf-tensors.md (read from transformers 5.18.0 sources), sums numel.
Rules: tied lm_head counted once; rotary inv_freq (non-persistent) excluded;
persistent buffers (DeepSeek-V3 e_score_correction_bias) included.
Active/token: everything except routed experts not selected (i.e. only top-k of
E routed experts per MoE layer count; router, shared experts, attention,
embeddings and lm_head all count).
Usage: count.py config.json [...]   -> prints name,total,active (and --tensors to list)
       count.py --vision config.json -> also path,vision,N: a multimodal wrapper's vision tower + projector
       count.py --check counts.csv  -> recount every row (configs beside the CSV); exit 1 on any difference
"""
import json, sys
from math import prod

def g(c, k, d=None):
    v = c.get(k, d)
    return d if v is None else v

def linear(out_f, in_f, bias):
    t = [("weight", (out_f, in_f))]
    if bias: t.append(("bias", (out_f,)))
    return t

def enumerate_tensors(c):
    """Yield (name, shape, kind) with kind in {'dense','expert'}; expert tensors
    have leading dim E (routed experts) and are scaled by k/E for active."""
    # Kimi K2 ships the DeepSeek-V3 architecture (DeepseekV3ForCausalLM) under model_type kimi_k2; the Qwen2-VL /
    # Qwen2.5-VL text model is Qwen2's decoder (q/k/v bias, o_proj none, tie default False).
    mt = {"kimi_k2": "deepseek_v3", "qwen2_vl_text": "qwen2", "qwen2_5_vl_text": "qwen2"}.get(c["model_type"],
                                                                                           c["model_type"])
    T = []
    def add(prefix, lst, kind="dense"):
        for n, s in lst: T.append((f"{prefix}.{n}", s, kind))
    H = c.get("hidden_size", c.get("n_embd"))
    # configuration_gemma3.py Gemma3TextConfig: vocab_size 262208 (the Gemma 3 4B-27B text_configs leave it out)
    V = c["vocab_size"] if "vocab_size" in c else {"gemma3_text": 262208}[mt]
    L = c.get("num_hidden_layers", c.get("n_layer"))
    nh = c.get("num_attention_heads", c.get("n_head"))

    if mt == "gpt2":
        npos = g(c, "n_positions", 1024)
        inner = g(c, "n_inner", 4 * H)
        add("transformer.wte", [("weight", (V, H))]); add("transformer.wpe", [("weight", (npos, H))])
        for i in range(L):
            p = f"transformer.h.{i}"
            add(p + ".ln_1", [("weight", (H,)), ("bias", (H,))])
            add(p + ".attn.c_attn", [("weight", (H, 3 * H)), ("bias", (3 * H,))])
            add(p + ".attn.c_proj", [("weight", (H, H)), ("bias", (H,))])
            add(p + ".ln_2", [("weight", (H,)), ("bias", (H,))])
            if g(c, "add_cross_attention", False):
                add(p + ".crossattention.c_attn", [("weight", (H, 2 * H)), ("bias", (2 * H,))])
                add(p + ".crossattention.q_attn", [("weight", (H, H)), ("bias", (H,))])
                add(p + ".crossattention.c_proj", [("weight", (H, H)), ("bias", (H,))])
                add(p + ".ln_cross_attn", [("weight", (H,)), ("bias", (H,))])
            add(p + ".mlp.c_fc", [("weight", (H, inner)), ("bias", (inner,))])
            add(p + ".mlp.c_proj", [("weight", (inner, H)), ("bias", (H,))])
        add("transformer.ln_f", [("weight", (H,)), ("bias", (H,))])
        if not g(c, "tie_word_embeddings", True): add("lm_head", [("weight", (V, H))])
        return T

    if mt == "gpt_neox":
        I = c["intermediate_size"]; ab = g(c, "attention_bias", True)
        add("gpt_neox.embed_in", [("weight", (V, H))])
        for i in range(L):
            p = f"gpt_neox.layers.{i}"
            add(p + ".input_layernorm", [("weight", (H,)), ("bias", (H,))])
            add(p + ".post_attention_layernorm", [("weight", (H,)), ("bias", (H,))])
            add(p + ".attention.query_key_value", linear(3 * H, H, ab))
            add(p + ".attention.dense", linear(H, H, ab))
            add(p + ".mlp.dense_h_to_4h", linear(I, H, True))
            add(p + ".mlp.dense_4h_to_h", linear(H, I, True))
        add("gpt_neox.final_layer_norm", [("weight", (H,)), ("bias", (H,))])
        if not g(c, "tie_word_embeddings", False): add("embed_out", [("weight", (V, H))])
        return T

    if mt == "nemotron":
        # modeling_nemotron.py: NemotronLayerNorm1P = nn.LayerNorm (weight + bias); q/k/v/o bias = attention_bias;
        # NemotronMLP up_proj/down_proj (relu2, no gate) bias = mlp_bias; head_dim = config.head_dim or H/nh.
        nkv = g(c, "num_key_value_heads", nh); hd = g(c, "head_dim", H // nh)
        ab = g(c, "attention_bias", False); mb = g(c, "mlp_bias", False); I = c["intermediate_size"]
        ln = [("weight", (H,)), ("bias", (H,))]
        add("model.embed_tokens", [("weight", (V, H))])
        for i in range(L):
            p = f"model.layers.{i}"
            add(p + ".self_attn.q_proj", linear(nh * hd, H, ab))
            add(p + ".self_attn.k_proj", linear(nkv * hd, H, ab))
            add(p + ".self_attn.v_proj", linear(nkv * hd, H, ab))
            add(p + ".self_attn.o_proj", linear(H, nh * hd, ab))
            add(p + ".mlp.up_proj", linear(I, H, mb))
            add(p + ".mlp.down_proj", linear(H, I, mb))
            add(p + ".input_layernorm", ln); add(p + ".post_attention_layernorm", ln)
        add("model.norm", ln)
        if not g(c, "tie_word_embeddings", False): add("lm_head", [("weight", (V, H))])
        return T

    if mt == "llama4_text":
        # modeling_llama4.py / configuration_llama4.py (Llama4TextConfig defaults). Attention: q/k/v/o with
        # bias=attention_bias; Llama4TextL2Norm has no weight. Layer i is MoE iff i in moe_layers
        # (default range(step-1, L, step)): router Linear(H,E) no bias, experts gate_up_proj [E,H,2I],
        # down_proj [E,I,H], shared_expert = Llama4TextMLP(intermediate_size). Else feed_forward =
        # Llama4TextMLP(intermediate_size_mlp). Two RMSNorms per layer, final norm, lm_head (tie default False).
        nkv = g(c, "num_key_value_heads", 8); hd = g(c, "head_dim", 128); ab = g(c, "attention_bias", False)
        I = g(c, "intermediate_size", 8192); Imlp = g(c, "intermediate_size_mlp", 16384)
        E = g(c, "num_local_experts", 16); step = g(c, "interleave_moe_layer_step", 1)
        moe_layers = g(c, "moe_layers", list(range(step - 1, L, step)))
        add("model.embed_tokens", [("weight", (V, H))])
        for i in range(L):
            p = f"model.layers.{i}"
            add(p + ".self_attn.q_proj", linear(nh * hd, H, ab))
            add(p + ".self_attn.k_proj", linear(nkv * hd, H, ab))
            add(p + ".self_attn.v_proj", linear(nkv * hd, H, ab))
            add(p + ".self_attn.o_proj", linear(H, nh * hd, ab))
            f = p + ".feed_forward"
            if i in moe_layers:
                add(f + ".router", [("weight", (E, H))])
                add(f + ".experts", [("gate_up_proj", (E, H, 2 * I)), ("down_proj", (E, I, H))], "expert")
                for n, shape in (("gate_proj", (I, H)), ("up_proj", (I, H)), ("down_proj", (H, I))):
                    add(f + ".shared_expert." + n, [("weight", shape)])
            else:
                for n, shape in (("gate_proj", (Imlp, H)), ("up_proj", (Imlp, H)), ("down_proj", (H, Imlp))):
                    add(f + "." + n, [("weight", shape)])
            add(p + ".input_layernorm", [("weight", (H,))]); add(p + ".post_attention_layernorm", [("weight", (H,))])
        add("model.norm", [("weight", (H,))])
        if not g(c, "tie_word_embeddings", False): add("lm_head", [("weight", (V, H))])
        return T

    if mt == "glm4_moe":
        # modeling_glm4_moe.py / configuration_glm4_moe.py defaults. q/k/v bias=attention_bias, o_proj no bias;
        # q_norm/k_norm RMSNorm(head_dim) iff use_qk_norm. Layer i >= first_k_dense_replace: Glm4MoeMoE =
        # gate (Glm4MoeTopkRouter: weight [E,H] + persistent buffer e_score_correction_bias [E]), experts
        # gate_up_proj [E,2I,H], down_proj [E,H,I], shared_experts Glm4MoeMLP(moe_intermediate_size *
        # n_shared_experts); else Glm4MoeMLP(intermediate_size). MTP layers are not loaded.
        nkv = g(c, "num_key_value_heads", 8); hd = g(c, "head_dim", H // nh); ab = g(c, "attention_bias", False)
        E = g(c, "n_routed_experts", 128); Ie = g(c, "moe_intermediate_size", 1408)
        fk = g(c, "first_k_dense_replace", 1); ns = g(c, "n_shared_experts", 1); I = g(c, "intermediate_size", 10944)
        add("model.embed_tokens", [("weight", (V, H))])
        def mlp3(prefix, inter):
            add(prefix + ".gate_proj", [("weight", (inter, H))]); add(prefix + ".up_proj", [("weight", (inter, H))])
            add(prefix + ".down_proj", [("weight", (H, inter))])
        for i in range(L):
            p = f"model.layers.{i}"
            add(p + ".self_attn.q_proj", linear(nh * hd, H, ab))
            add(p + ".self_attn.k_proj", linear(nkv * hd, H, ab))
            add(p + ".self_attn.v_proj", linear(nkv * hd, H, ab))
            add(p + ".self_attn.o_proj", linear(H, nh * hd, False))
            if g(c, "use_qk_norm", False):
                add(p + ".self_attn.q_norm", [("weight", (hd,))]); add(p + ".self_attn.k_norm", [("weight", (hd,))])
            if i >= fk:
                add(p + ".mlp.gate", [("weight", (E, H)), ("e_score_correction_bias", (E,))])
                add(p + ".mlp.experts", [("gate_up_proj", (E, 2 * Ie, H)), ("down_proj", (E, H, Ie))], "expert")
                mlp3(p + ".mlp.shared_experts", Ie * ns)
            else:
                mlp3(p + ".mlp", I)
            add(p + ".input_layernorm", [("weight", (H,))]); add(p + ".post_attention_layernorm", [("weight", (H,))])
        add("model.norm", [("weight", (H,))])
        if not g(c, "tie_word_embeddings", False): add("lm_head", [("weight", (V, H))])
        return T

    if mt == "qwen3_next":
        # modeling_qwen3_next.py / configuration_qwen3_next.py defaults. layer_types default: full_attention
        # where (i+1) % full_attention_interval == 0, else linear_attention.
        # full: Qwen3NextAttention q_proj Linear(H, nh*hd*2) (query + output gate), k/v Linear(H, nkv*hd),
        #   o_proj Linear(nh*hd, H), all bias=attention_bias; q_norm/k_norm RMSNorm(hd).
        # linear: Qwen3NextGatedDeltaNet conv1d weight [conv_dim, 1, K] (no bias), conv_dim = 2*nk*dk + nv*dv;
        #   in_proj_qkvz Linear(H, 2*nk*dk + 2*nv*dv), in_proj_ba Linear(H, 2*nv), dt_bias [nv], A_log [nv],
        #   norm (RMSNormGated) [dv], out_proj Linear(nv*dv, H); no biases.
        # mlp: Qwen3NextSparseMoeBlock when i not in mlp_only_layers and num_experts > 0 and
        #   (i+1) % decoder_sparse_step == 0: gate [E,H], experts gate_up_proj [E,2I,H], down_proj [E,H,I],
        #   shared_expert MLP(shared_expert_intermediate_size), shared_expert_gate Linear(H,1); else MLP(intermediate).
        nkv = g(c, "num_key_value_heads", 2); hd = g(c, "head_dim", 256); ab = g(c, "attention_bias", False)
        nk = g(c, "linear_num_key_heads", 16); nv = g(c, "linear_num_value_heads", 32)
        dk = g(c, "linear_key_head_dim", 128); dv = g(c, "linear_value_head_dim", 128)
        K = g(c, "linear_conv_kernel_dim", 4); E = g(c, "num_experts", 512); Ie = g(c, "moe_intermediate_size", 512)
        Is = g(c, "shared_expert_intermediate_size", 512); I = g(c, "intermediate_size", 5632)
        step = g(c, "decoder_sparse_step", 1); only = g(c, "mlp_only_layers", [])
        interval = g(c, "full_attention_interval", 4)
        types = g(c, "layer_types", ["linear_attention" if (i + 1) % interval else "full_attention"
                                     for i in range(L)])
        add("model.embed_tokens", [("weight", (V, H))])
        def mlp3(prefix, inter):
            add(prefix + ".gate_proj", [("weight", (inter, H))]); add(prefix + ".up_proj", [("weight", (inter, H))])
            add(prefix + ".down_proj", [("weight", (H, inter))])
        for i in range(L):
            p = f"model.layers.{i}"
            if types[i] == "full_attention":
                a = p + ".self_attn"
                add(a + ".q_proj", linear(nh * hd * 2, H, ab)); add(a + ".k_proj", linear(nkv * hd, H, ab))
                add(a + ".v_proj", linear(nkv * hd, H, ab)); add(a + ".o_proj", linear(H, nh * hd, ab))
                add(a + ".q_norm", [("weight", (hd,))]); add(a + ".k_norm", [("weight", (hd,))])
            else:
                a = p + ".linear_attn"; conv_dim = 2 * nk * dk + nv * dv
                add(a + ".conv1d", [("weight", (conv_dim, 1, K))])
                add(a + ".in_proj_qkvz", [("weight", (2 * nk * dk + 2 * nv * dv, H))])
                add(a + ".in_proj_ba", [("weight", (2 * nv, H))])
                add(a, [("dt_bias", (nv,)), ("A_log", (nv,))])
                add(a + ".norm", [("weight", (dv,))])
                add(a + ".out_proj", [("weight", (H, nv * dv))])
            if i not in only and E > 0 and (i + 1) % step == 0:
                add(p + ".mlp.gate", [("weight", (E, H))])
                add(p + ".mlp.experts", [("gate_up_proj", (E, 2 * Ie, H)), ("down_proj", (E, H, Ie))], "expert")
                mlp3(p + ".mlp.shared_expert", Is)
                add(p + ".mlp.shared_expert_gate", [("weight", (1, H))])
            else:
                mlp3(p + ".mlp", I)
            add(p + ".input_layernorm", [("weight", (H,))]); add(p + ".post_attention_layernorm", [("weight", (H,))])
        add("model.norm", [("weight", (H,))])
        if not g(c, "tie_word_embeddings", False): add("lm_head", [("weight", (V, H))])
        return T

    if mt == "nemotron_h":
        # modeling_nemotron_h.py / configuration_nemotron_h.py defaults. backbone.embeddings [V,H]; one block per
        # layer: norm RMSNorm(H) + mixer by hybrid_override_pattern (M mamba, * attention, - mlp).
        # NemotronHMamba2Mixer: I = mamba_num_heads * mamba_head_dim, conv_dim = I + 2*n_groups*ssm_state_size;
        #   conv1d weight [conv_dim,1,K] (+ bias if use_conv_bias), in_proj Linear(H, I + conv_dim + nh, use_bias),
        #   dt_bias, A_log, D [nh], norm (Zamba2RMSNormGated) [I], out_proj Linear(I, H, use_bias).
        # NemotronHAttention: q/k/v/o without bias, head_dim (default 128). NemotronHMLP: up/down, bias=mlp_bias.
        # backbone.norm_f RMSNorm(H); lm_head unless tied (default False).
        pattern = c["hybrid_override_pattern"]
        kinds = {"M": "mamba", "*": "attention", "-": "mlp"}
        nkv = g(c, "num_key_value_heads", 8); hd = g(c, "head_dim", 128); nh_att = g(c, "num_attention_heads", 32)
        mh = g(c, "mamba_num_heads", 128); mhd = g(c, "mamba_head_dim", 64); N = g(c, "ssm_state_size", 128)
        G = g(c, "n_groups", 8); K = g(c, "conv_kernel", 4); ub = g(c, "use_bias", False)
        cb = g(c, "use_conv_bias", True); mb = g(c, "mlp_bias", False); I = g(c, "intermediate_size", 21504)
        add("backbone.embeddings", [("weight", (V, H))])
        for i, ch in enumerate(pattern):
            p = f"backbone.layers.{i}"
            add(p + ".norm", [("weight", (H,))])
            k = kinds[ch]
            if k == "mamba":
                inner = mh * mhd; conv_dim = inner + 2 * G * N
                add(p + ".mixer.conv1d", [("weight", (conv_dim, 1, K))] + ([("bias", (conv_dim,))] if cb else []))
                add(p + ".mixer.in_proj", linear(inner + conv_dim + mh, H, ub))
                add(p + ".mixer", [("dt_bias", (mh,)), ("A_log", (mh,)), ("D", (mh,))])
                add(p + ".mixer.norm", [("weight", (inner,))])
                add(p + ".mixer.out_proj", linear(H, inner, ub))
            elif k == "attention":
                add(p + ".mixer.q_proj", linear(nh_att * hd, H, False))
                add(p + ".mixer.k_proj", linear(nkv * hd, H, False))
                add(p + ".mixer.v_proj", linear(nkv * hd, H, False))
                add(p + ".mixer.o_proj", linear(H, nh_att * hd, False))
            else:
                add(p + ".mixer.up_proj", linear(I, H, mb)); add(p + ".mixer.down_proj", linear(H, I, mb))
        add("backbone.norm_f", [("weight", (H,))])
        if not g(c, "tie_word_embeddings", False): add("lm_head", [("weight", (V, H))])
        return T

    # ---- llama-like decoders ----
    defaults_tie = {"gemma": True, "gemma2": True, "gemma3_text": True}
    tie = g(c, "tie_word_embeddings", defaults_tie.get(mt, False))
    nkv = g(c, "num_key_value_heads", nh)
    if mt in ("qwen2", "qwen2_moe") and "num_key_value_heads" not in c:
        nkv = nh  # config default 32/16 resp.; kept = nh for sane fallback
    hd_default = {"qwen3": 128, "gemma": 256, "gemma2": 256, "gemma3_text": 256, "gpt_oss": 64}
    hd = g(c, "head_dim", hd_default.get(mt, H // nh))
    I = c.get("intermediate_size")
    add("model.embed_tokens", [("weight", (V, H))])
    rms = lambda n: [("weight", (n,))]

    for i in range(L):
        p = f"model.layers.{i}"
        # ---- attention ----
        if mt in ("deepseek_v2", "deepseek_v3"):
            ab = g(c, "attention_bias", False)
            # DeepseekV2Config/V3Config: q_lora_rank: int | None = 1536. A key left out takes 1536; an explicit
            # null (DeepSeek-V2-Lite) is None, i.e. a full-rank q_proj. So g() (null -> default) is wrong here.
            qlr = c["q_lora_rank"] if "q_lora_rank" in c else 1536
            nope = g(c, "qk_nope_head_dim", 128); rope = g(c, "qk_rope_head_dim", 64); vd = g(c, "v_head_dim", 128)
            kvr = g(c, "kv_lora_rank", 512); qh = nope + rope
            if qlr is None:
                add(p + ".self_attn.q_proj", linear(nh * qh, H, False))
            else:
                add(p + ".self_attn.q_a_proj", linear(qlr, H, ab))
                add(p + ".self_attn.q_a_layernorm", rms(qlr))
                add(p + ".self_attn.q_b_proj", linear(nh * qh, qlr, False))
            add(p + ".self_attn.kv_a_proj_with_mqa", linear(kvr + rope, H, ab))
            add(p + ".self_attn.kv_a_layernorm", rms(kvr))
            add(p + ".self_attn.kv_b_proj", linear(nh * (nope + vd), kvr, False))
            add(p + ".self_attn.o_proj", linear(H, nh * vd, ab))
        elif mt == "phi3":
            add(p + ".self_attn.qkv_proj", linear(nh * hd + 2 * nkv * hd, H, False))
            add(p + ".self_attn.o_proj", linear(H, nh * hd, False))
        else:
            if mt == "qwen2":
                qkvb, ob = True, False
            elif mt == "qwen2_moe":
                qkvb, ob = g(c, "qkv_bias", True), False
            elif mt in ("mistral", "mixtral"):
                qkvb = ob = False
            elif mt == "gpt_oss":
                qkvb = ob = g(c, "attention_bias", True)
            else:
                qkvb = ob = g(c, "attention_bias", False)
            add(p + ".self_attn.q_proj", linear(nh * hd, H, qkvb))
            add(p + ".self_attn.k_proj", linear(nkv * hd, H, qkvb))
            add(p + ".self_attn.v_proj", linear(nkv * hd, H, qkvb))
            add(p + ".self_attn.o_proj", linear(H, nh * hd, ob))
            if mt in ("qwen3", "qwen3_moe", "gemma3_text"):
                add(p + ".self_attn.q_norm", rms(hd)); add(p + ".self_attn.k_norm", rms(hd))
            if mt == "olmo2":
                add(p + ".self_attn.q_norm", rms(nh * hd)); add(p + ".self_attn.k_norm", rms(nkv * hd))
            if mt == "gpt_oss":
                add(p + ".self_attn", [("sinks", (nh,))])
        # ---- norms ----
        if mt == "olmo":
            pass  # OlmoLayerNorm has no parameters
        elif mt == "olmo2":
            add(p + ".post_attention_layernorm", rms(H)); add(p + ".post_feedforward_layernorm", rms(H))
        else:
            add(p + ".input_layernorm", rms(H)); add(p + ".post_attention_layernorm", rms(H))
            if mt in ("gemma2", "gemma3_text"):
                add(p + ".pre_feedforward_layernorm", rms(H)); add(p + ".post_feedforward_layernorm", rms(H))
        # ---- MLP ----
        def mlp(prefix, inter, bias=False):
            add(prefix + ".gate_proj", linear(inter, H, bias))
            add(prefix + ".up_proj", linear(inter, H, bias))
            add(prefix + ".down_proj", linear(H, inter, bias))
        if mt == "phi3":
            add(p + ".mlp.gate_up_proj", linear(2 * I, H, False)); add(p + ".mlp.down_proj", linear(H, I, False))
        elif mt == "mixtral":
            E = g(c, "num_local_experts", 8); Ie = I
            add(p + ".block_sparse_moe.gate", [("weight", (E, H))])
            add(p + ".mlp.experts", [("gate_up_proj", (E, 2 * Ie, H)), ("down_proj", (E, H, Ie))], "expert")
        elif mt in ("qwen2_moe", "qwen3_moe"):
            E = g(c, "num_experts", 60 if mt == "qwen2_moe" else 128)
            step = g(c, "decoder_sparse_step", 1); only = g(c, "mlp_only_layers", [])
            if i not in only and E > 0 and (i + 1) % step == 0:
                Ie = g(c, "moe_intermediate_size", 1408 if mt == "qwen2_moe" else 768)
                add(p + ".mlp.gate", [("weight", (E, H))])
                add(p + ".mlp.experts", [("gate_up_proj", (E, 2 * Ie, H)), ("down_proj", (E, H, Ie))], "expert")
                if mt == "qwen2_moe":
                    mlp(p + ".mlp.shared_expert", g(c, "shared_expert_intermediate_size", 5632))
                    add(p + ".mlp.shared_expert_gate", [("weight", (1, H))])
            else:
                mlp(p + ".mlp", I)
        elif mt in ("deepseek_v2", "deepseek_v3"):
            fk = g(c, "first_k_dense_replace", 0 if mt == "deepseek_v2" else 3)
            freq = g(c, "moe_layer_freq", 1)  # remote-code key; HF ignores it
            E = g(c, "n_routed_experts", 64 if mt == "deepseek_v2" else 256)
            if E and i >= fk and i % freq == 0:
                Ie = g(c, "moe_intermediate_size", 1407 if mt == "deepseek_v2" else 2048)
                add(p + ".mlp.gate", [("weight", (E, H))])
                if mt == "deepseek_v3" or g(c, "topk_method") == "noaux_tc":
                    add(p + ".mlp.gate", [("e_score_correction_bias", (E,))])
                add(p + ".mlp.experts", [("gate_up_proj", (E, 2 * Ie, H)), ("down_proj", (E, H, Ie))], "expert")
                ns = g(c, "n_shared_experts", 2 if mt == "deepseek_v2" else 1)
                if ns: mlp(p + ".mlp.shared_experts", Ie * ns, g(c, "mlp_bias", False) if mt == "deepseek_v2" else False)
            else:
                mlp(p + ".mlp", I, g(c, "mlp_bias", False) if mt == "deepseek_v2" else False)
        elif mt == "gpt_oss":
            E = g(c, "num_local_experts", 128)
            add(p + ".mlp.router", [("weight", (E, H)), ("bias", (E,))])
            add(p + ".mlp.experts", [("gate_up_proj", (E, H, 2 * I)), ("gate_up_proj_bias", (E, 2 * I)),
                                     ("down_proj", (E, I, H)), ("down_proj_bias", (E, H))], "expert")
        else:
            mb = g(c, "mlp_bias", False) if mt == "llama" else False
            mlp(p + ".mlp", I, mb)
    if mt != "olmo":
        add("model.norm", rms(H))
    if not tie:
        add("lm_head", [("weight", (V, H))])
    return T

def topk(c):
    return g(c, "num_experts_per_tok", g(c, "experts_per_token", 2))

def count(c):
    T = enumerate_tensors(c)
    total = sum(prod(s) for _, s, _ in T)
    active = 0
    for n, s, kind in T:
        if kind == "expert":
            active += prod(s) // s[0] * topk(c)
        else:
            active += prod(s)
    return total, active, T

# Multimodal wrappers (configuration_<family>.py): text model_type when text_config names none, the outer
# tie_word_embeddings default (the ForConditionalGeneration ties by the OUTER flag; pre-v5 files keep it inside
# text_config), and whether flat text keys at the top level are read (Qwen2-VL / Qwen2.5-VL hub files).
WRAPPERS = {"gemma3": ("gemma3_text", True, False), "llama4": ("llama4_text", False, False),
            "mistral3": ("mistral", True, False), "qwen2_5_vl": ("qwen2_5_vl_text", False, True),
            "qwen2_vl": ("qwen2_vl_text", False, True)}

def load(path):
    """The language model's config: a wrapper's text_config with the wrapper's tying decided."""
    c = json.load(open(path))
    if c.get("model_type") not in WRAPPERS:
        return c
    text_type, tie_default, flat_ok = WRAPPERS[c["model_type"]]
    text = dict(c) if flat_ok and "text_config" not in c else dict(c["text_config"])
    if flat_ok and "text_config" not in c or "model_type" not in text:
        text["model_type"] = text_type
    text["tie_word_embeddings"] = g(c, "tie_word_embeddings", g(text, "tie_word_embeddings", tie_default))
    return text

# Vision towers and projectors of the multimodal wrappers, tensor by tensor (names as in the checkpoints), from the
# transformers modeling / configuration classes; the defaults are the vision config classes'.
def vision_tensors(c):
    """Yield (name, shape) of the vision tower and projector of wrapper config c (with vision_config)."""
    v = c["vision_config"]
    mt = c["model_type"]
    T = []
    def add(prefix, lst):
        for n, s in lst: T.append((f"{prefix}.{n}", s))
    def ln(w): return [("weight", (w,)), ("bias", (w,))]
    def rms(w): return [("weight", (w,))]
    text = c.get("text_config", c)
    TH = text.get("hidden_size")

    if mt == "gemma3":
        # modeling_siglip.py SiglipVisionTransformer (SiglipVisionConfig defaults), modeling_gemma3.py
        # Gemma3MultiModalProjector: mm_input_projection_weight [vision h, text h], mm_soft_emb_norm (Gemma3RMSNorm).
        H = g(v, "hidden_size", 768); I = g(v, "intermediate_size", 3072); L = g(v, "num_hidden_layers", 12)
        C = g(v, "num_channels", 3); img = g(v, "image_size", 224); P = g(v, "patch_size", 16)
        p = "vision_tower.vision_model"
        add(p + ".embeddings.patch_embedding", [("weight", (H, C, P, P)), ("bias", (H,))])
        add(p + ".embeddings.position_embedding", [("weight", ((img // P) ** 2, H))])
        for i in range(L):
            q = f"{p}.encoder.layers.{i}"
            add(q + ".layer_norm1", ln(H)); add(q + ".layer_norm2", ln(H))
            for n in ("q_proj", "k_proj", "v_proj", "out_proj"): add(q + ".self_attn." + n, linear(H, H, True))
            add(q + ".mlp.fc1", linear(I, H, True)); add(q + ".mlp.fc2", linear(H, I, True))
        add(p + ".post_layernorm", ln(H))
        if g(v, "vision_use_head", True):
            add(p + ".head", [("probe", (1, 1, H)), ("attention.in_proj_weight", (3 * H, H)),
                              ("attention.in_proj_bias", (3 * H,))])
            add(p + ".head.attention.out_proj", linear(H, H, True))
            add(p + ".head.layernorm", ln(H))
            add(p + ".head.mlp.fc1", linear(I, H, True)); add(p + ".head.mlp.fc2", linear(H, I, True))
        add("multi_modal_projector", [("mm_input_projection_weight", (H, TH))])
        add("multi_modal_projector.mm_soft_emb_norm", rms(H))
    elif mt == "llama4":
        # modeling_llama4.py Llama4VisionModel + Llama4MultiModalProjector (Llama4VisionConfig defaults); the vision
        # rotary freqs_ci is a plain attribute, not a parameter or buffer.
        H = g(v, "hidden_size", 768); I = g(v, "intermediate_size", 5632); L = g(v, "num_hidden_layers", 34)
        nh = g(v, "num_attention_heads", 16); C = g(v, "num_channels", 3); img = g(v, "image_size", 448)
        P = g(v, "patch_size", 14); hd = H // nh
        p = "vision_model"
        add(p, [("class_embedding", (H,)), ("positional_embedding_vlm", ((img // P) ** 2 + 1, H))])
        add(p + ".patch_embedding.linear", linear(H, C * P * P, False))
        add(p + ".layernorm_pre", ln(H)); add(p + ".layernorm_post", ln(H))
        for i in range(L):
            q = f"{p}.model.layers.{i}"
            for n in ("q_proj", "k_proj", "v_proj"): add(q + ".self_attn." + n, linear(nh * hd, H, True))
            add(q + ".self_attn.o_proj", linear(H, nh * hd, True))
            add(q + ".mlp.fc1", linear(I, H, True)); add(q + ".mlp.fc2", linear(H, I, True))
            add(q + ".input_layernorm", ln(H)); add(q + ".post_attention_layernorm", ln(H))
        pin = g(v, "projector_input_dim", 4096); pout = g(v, "projector_output_dim", 4096)
        add(p + ".vision_adapter.mlp.fc1", linear(pin, I, False))
        add(p + ".vision_adapter.mlp.fc2", linear(pout, pout, False))
        add("multi_modal_projector.linear_1", linear(TH, g(v, "vision_output_dim", 7680), False))
    elif mt == "mistral3":
        # modeling_pixtral.py PixtralVisionModel (PixtralVisionConfig defaults; head_dim = hidden_size // heads, so
        # q/k/v/o are H x H) + modeling_mistral3.py Mistral3MultiModalProjector (Mistral3Config defaults).
        H = g(v, "hidden_size", 1024); I = g(v, "intermediate_size", 4096); L = g(v, "num_hidden_layers", 24)
        C = g(v, "num_channels", 3); P = g(v, "patch_size", 16)
        p = "vision_tower"
        add(p + ".patch_conv", [("weight", (H, C, P, P))])
        add(p + ".ln_pre", rms(H))
        for i in range(L):
            q = f"{p}.transformer.layers.{i}"
            add(q + ".attention_norm", rms(H)); add(q + ".ffn_norm", rms(H))
            for n in ("q_proj", "k_proj", "v_proj", "o_proj"): add(q + ".attention." + n, linear(H, H, False))
            for n in ("gate_proj", "up_proj"): add(q + ".feed_forward." + n, linear(I, H, False))
            add(q + ".feed_forward.down_proj", linear(H, I, False))
        S = g(c, "spatial_merge_size", 2); bias = g(c, "multimodal_projector_bias", False)
        fl = g(c, "vision_feature_layer", -1); nfl = 1 if isinstance(fl, int) else len(fl)
        add("multi_modal_projector.norm", rms(H))
        add("multi_modal_projector.patch_merger.merging_layer", linear(H, H * S * S, False))
        add("multi_modal_projector.linear_1", linear(TH, H * nfl, bias))
        add("multi_modal_projector.linear_2", linear(TH, TH, bias))
    elif mt in ("qwen2_vl", "qwen2_5_vl"):
        # modeling_qwen2_vl.py Qwen2VisionTransformerPretrainedModel (Qwen2VLVisionConfig: embed_dim wide, merger to
        # hidden_size; LayerNorms, fc1/fc2 of int(embed_dim * mlp_ratio)) and modeling_qwen2_5_vl.py
        # Qwen2_5_VisionTransformerPretrainedModel (Qwen2_5_VLVisionConfig: hidden_size wide, merger to
        # out_hidden_size; RMSNorms, gated MLP of intermediate_size with biases). in_chans is not a config key.
        v25 = mt == "qwen2_5_vl"
        W = g(v, "hidden_size", 3584) if v25 else g(v, "embed_dim", 1280)
        OUT = g(v, "out_hidden_size", 3584) if v25 else g(v, "hidden_size", 3584)
        D = g(v, "depth", 32); C = g(v, "in_channels", 3); P = g(v, "patch_size", 14)
        TP = g(v, "temporal_patch_size", 2); S = g(v, "spatial_merge_size", 2)
        norm = rms if v25 else ln
        p = "visual"
        add(p + ".patch_embed.proj", [("weight", (W, C, TP, P, P))])
        for i in range(D):
            q = f"{p}.blocks.{i}"
            add(q + ".norm1", norm(W)); add(q + ".norm2", norm(W))
            add(q + ".attn.qkv", linear(3 * W, W, True)); add(q + ".attn.proj", linear(W, W, True))
            if v25:
                I = g(v, "intermediate_size", 3420)
                for n in ("gate_proj", "up_proj"): add(q + ".mlp." + n, linear(I, W, True))
                add(q + ".mlp.down_proj", linear(W, I, True))
            else:
                I = int(W * g(v, "mlp_ratio", 4))
                add(q + ".mlp.fc1", linear(I, W, True)); add(q + ".mlp.fc2", linear(W, I, True))
        M = W * S * S
        add(p + ".merger.ln_q", norm(W))
        add(p + ".merger.mlp.0", linear(M, M, True)); add(p + ".merger.mlp.2", linear(OUT, M, True))
    else:
        raise ValueError(f"no vision tower for model_type {mt}")
    return T

def vision_count(path):
    """The vision tower and projector of a wrapper config file, or None when it has no vision_config."""
    c = json.load(open(path))
    if c.get("model_type") not in WRAPPERS or "vision_config" not in c:
        return None, []
    T = vision_tensors(c)
    return sum(prod(s) for _, s in T), T

def check(csv_path):
    """Recount every row of counts.csv from its config (same folder); return the number of mismatches."""
    import csv, os
    folder = os.path.dirname(csv_path)
    bad = rows = 0
    with open(csv_path, newline="") as f:
        for r in csv.DictReader(f):
            rows += 1
            c = load(os.path.join(folder, r["model"] + ".json"))
            total, active, _ = count(c)
            want = (int(r["total_params"]), int(r["active_params_per_token"]))
            if (total, active) != want or c["model_type"] != r["model_type"]:
                bad += 1
                print(f"MISMATCH {r['model']}: count.py {c['model_type']},{total},{active}; "
                      f"counts.csv {r['model_type']},{want[0]},{want[1]}")
    print(f"count.py: {rows - bad} of {rows} rows of {csv_path} reproduced")
    return bad

if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check":
        sys.exit(1 if check(sys.argv[2]) else 0)
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    for path in args:
        c = load(path)
        total, active, T = count(c)
        if "--tensors" in sys.argv:
            for n, s, k in T: print(f"  {n} {list(s)} {k}")
        print(f"{path},{c['model_type']},{total},{active}")
        if "--vision" in sys.argv:
            vision, VT = vision_count(path)
            if "--tensors" in sys.argv:
                for n, s in VT: print(f"  {n} {list(s)} vision")
            print(f"{path},vision,{vision if vision is not None else 'none'}")
