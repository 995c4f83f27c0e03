package io.llmcost.model;

import io.llmcost.io.ConfigJson;
import io.llmcost.io.InputException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vision towers and projectors of the multimodal wrappers. Small made-up configs are checked against hand
 * calculations written out tensor by tensor; the built-ins against {@code docs/reference-counts/count.py --vision}
 * (a separate tensor enumeration) and, with the language model, against the publishers' safetensors totals.
 */
class VisionTowersTest {

    private static ConfigJson json(String text) throws IOException {
        return ConfigJson.read("test.json", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static long vision(String type, String wrapper, long textHidden) throws IOException {
        return VisionTowers.of(type, json(wrapper), textHidden).orElseThrow().parameters();
    }

    @Test
    void llama4HandCount() throws IOException {
        long v = vision("llama4", """
                {"vision_config": {"hidden_size": 32, "intermediate_size": 128, "num_hidden_layers": 2,
                  "num_attention_heads": 5, "image_size": 56, "patch_size": 14, "projector_input_dim": 48,
                  "projector_output_dim": 40, "vision_output_dim": 40}}""", 64);
        long patch = 3 * 14 * 14 * 32;                  // patch_embedding.linear, no bias
        long cls = 32, positions = (4 * 4 + 1) * 32;     // class_embedding, positional_embedding_vlm
        long prePost = 2 * (32 + 32);                    // layernorm_pre, layernorm_post (weight + bias)
        // head_dim 32 // 5 = 6: q/k/v are 32 -> 30 with bias, o_proj 30 -> 32 with bias
        long attn = 3 * (32 * 30 + 30) + (30 * 32 + 32);
        long mlp = (32 * 128 + 128) + (128 * 32 + 32);   // fc1, fc2 with biases
        long layer = 2 * (32 + 32) + attn + mlp;         // input_layernorm, post_attention_layernorm
        long adapter = 128 * 48 + 40 * 40;               // vision_adapter.mlp.fc1, fc2, no biases
        long projector = 40 * 64;                        // multi_modal_projector.linear_1, no bias
        assertEquals(patch + cls + positions + prePost + 2 * layer + adapter + projector, v);
    }

    @Test
    void mistral3HandCount() throws IOException {
        long v = vision("mistral3", """
                {"spatial_merge_size": 2, "multimodal_projector_bias": true, "vision_feature_layer": [-1, -3],
                 "vision_config": {"hidden_size": 32, "intermediate_size": 96, "num_hidden_layers": 2,
                  "num_attention_heads": 4, "patch_size": 8}}""", 64);
        long patchConv = 3 * 8 * 8 * 32, lnPre = 32;
        long layer = 2 * 32 + 4 * 32 * 32 + 3 * 32 * 96;  // attention_norm, ffn_norm, q/k/v/o, gate/up/down
        long norm = 32, merging = (32 * 4) * 32;          // projector RMSNorm, patch_merger.merging_layer
        long linear1 = (32 * 2) * 64 + 64;                // two feature layers concatenated, with bias
        long linear2 = 64 * 64 + 64;
        assertEquals(patchConv + lnPre + 2 * layer + norm + merging + linear1 + linear2, v);
    }

    @Test
    void qwen2VlHandCountWithAFractionalMlpRatio() throws IOException {
        long v = vision("qwen2_vl", """
                {"vision_config": {"depth": 2, "embed_dim": 32, "hidden_size": 64, "mlp_ratio": 2.5,
                  "num_heads": 4, "patch_size": 4}}""", 999);
        long patch = 3 * 2 * 4 * 4 * 32;                  // Conv3d, temporal_patch_size 2, no bias
        long f = 80;                                       // int(32 * 2.5)
        long block = 2 * (32 + 32) + (32 * 96 + 96) + (32 * 32 + 32) + (32 * f + f) + (f * 32 + 32);
        long merger = (32 + 32) + (128 * 128 + 128) + (128 * 64 + 64); // ln_q LayerNorm, mlp.0, mlp.2 to hidden_size
        assertEquals(patch + 2 * block + merger, v);
    }

    @Test
    void qwen25VlHandCount() throws IOException {
        long v = vision("qwen2_5_vl", """
                {"vision_config": {"depth": 2, "hidden_size": 32, "intermediate_size": 48, "out_hidden_size": 64,
                  "num_heads": 4, "patch_size": 4, "in_chans": 7}}""", 999);
        long patch = 3 * 2 * 4 * 4 * 32;                  // in_chans is not a config key: in_channels stays 3
        long mlp = 2 * (32 * 48 + 48) + (48 * 32 + 32);   // gate/up/down with biases
        long block = 2 * 32 + (32 * 96 + 96) + (32 * 32 + 32) + mlp;
        long merger = 32 + (128 * 128 + 128) + (128 * 64 + 64);
        assertEquals(patch + 2 * block + merger, v);
    }

    @Test
    void gemma3WithTheAttentionPoolingHead() throws IOException {
        long v = vision("gemma3", """
                {"vision_config": {"hidden_size": 16, "intermediate_size": 32, "num_hidden_layers": 1,
                  "image_size": 32, "patch_size": 8}}""", 24);
        long embeddings = 3 * 8 * 8 * 16 + 16 + 16 * 16;  // patch conv with bias, 4^2 positions
        long ln = 2 * 16, mlp = (16 * 32 + 32) + (32 * 16 + 16);
        long layer = 2 * ln + 4 * (16 * 16 + 16) + mlp;
        long head = 16 + (3 * 16 * 16 + 3 * 16) + (16 * 16 + 16) + ln + mlp; // probe, in_proj, out_proj, norm, mlp
        long projector = 16 * 24 + 16;                    // mm_input_projection_weight, mm_soft_emb_norm
        assertEquals(embeddings + layer + ln + head + projector, v);
    }

    // Built-ins: the vision figure of count.py --vision, and language model + vision against the checkpoint.

    private static Checkpoint builtIn(String name) {
        return Checkpoint.of(Presets.config(name));
    }

    @Test
    void llama4ScoutAndMaverickMatchTheirSafetensorsTotals() {
        Checkpoint scout = builtIn("llama-4-scout-17b-16e");
        Checkpoint maverick = builtIn("llama-4-maverick-17b-128e");
        assertEquals(871_932_416L, scout.vision().getAsLong());
        assertEquals(871_932_416L, maverick.vision().getAsLong());
        // Hugging Face model API safetensors totals: meta-llama/Llama-4-Scout-17B-16E-Instruct 108,641,793,536 and
        // Llama-4-Maverick-17B-128E-Instruct 401,583,781,376 (Meta's "109B" and "400B")
        assertEquals(108_641_793_536L, ParameterCount.of(scout.language()).total() + scout.vision().getAsLong());
        assertEquals(401_583_781_376L, ParameterCount.of(maverick.language()).total() + maverick.vision().getAsLong());
    }

    @Test
    void mistralSmall32MatchesItsSafetensorsTotalWithItsStoredLmHead() {
        Checkpoint m = builtIn("mistral-small-3.2-24b-instruct");
        assertEquals(438_958_080L, m.vision().getAsLong());
        // The published 24,011,361,280 (Mistral-Small-3.1/3.2-24B safetensors) stores an lm_head of 131072 x 5120
        // that transformers 5 ties for this file (Mistral3Config's tie_word_embeddings default is true).
        long storedLmHead = 131_072L * 5120;
        assertEquals(24_011_361_280L,
                ParameterCount.of(m.language()).total() + storedLmHead + m.vision().getAsLong());
    }

    @Test
    void qwen25Vl7bMatchesItsSafetensorsTotal() {
        Checkpoint q = builtIn("qwen2.5-vl-7b-instruct");
        assertEquals(676_550_144L, q.vision().getAsLong());
        // Qwen/Qwen2.5-VL-7B-Instruct safetensors total 8,292,166,656 (the visual module alone is 676,550,144)
        assertEquals(8_292_166_656L, ParameterCount.of(q.language()).total() + q.vision().getAsLong());
    }

    @Test
    void gemma3With27bMatchesItsSafetensorsTotal() {
        Checkpoint g = builtIn("gemma-3-27b-it");
        assertEquals(423_060_336L, g.vision().getAsLong());
        assertEquals(27_432_406_640L, ParameterCount.of(g.language()).total() + g.vision().getAsLong());
    }

    @Test
    void gemma3With12bMatchesItsSafetensorsTotal() {
        // The 27B's SigLIP tower (416,866,032 = 423,060,336 - its 5376-wide projector 1152 x 5376 + 1152) with a
        // projector to 3840: 416,866,032 + 1152 x 3840 + 1152 = 421,290,864. google/gemma-3-12b-it's safetensors
        // total is 12,187,325,040.
        Checkpoint g = builtIn("gemma-3-12b-it");
        assertEquals(416_866_032L + 1152L * 3840 + 1152, g.vision().getAsLong());
        assertEquals(12_187_325_040L, ParameterCount.of(g.language()).total() + g.vision().getAsLong());
    }

    @Test
    void qwen2Vl7bMatchesItsSafetensorsTotal() throws IOException {
        // Qwen2-VL-7B-Instruct: the text keys of Qwen2.5-VL-7B and Qwen2VLVisionConfig's defaults (written out);
        // count.py --vision gives 675,759,104 and the published total is 8,291,375,616.
        Checkpoint q = Checkpoint.of(json("""
                {"model_type": "qwen2_vl", "hidden_size": 3584, "intermediate_size": 18944,
                 "num_attention_heads": 28, "num_hidden_layers": 28, "num_key_value_heads": 4, "vocab_size": 152064,
                 "vision_config": {"depth": 32, "embed_dim": 1280, "mlp_ratio": 4, "num_heads": 16, "in_chans": 3,
                   "hidden_size": 3584, "patch_size": 14, "spatial_merge_size": 2, "temporal_patch_size": 2}}"""));
        assertEquals(675_759_104L, q.vision().getAsLong());
        assertEquals(8_291_375_616L, ParameterCount.of(q.language()).total() + q.vision().getAsLong());
    }

    @Test
    void qwen25Vl72bTowerIsTheSevenBsWithAWiderMlpAndMerger() {
        // The 7B's tower is 676,550,144 with MLP width 3420 and merger output 3584. The 72B's file has 3456 and 8192:
        // 32 blocks x 3 gated-MLP matrices x 1280 x 36 more + 32 x 2 x 36 gate and up biases = 4,425,984 more,
        // and the merger's second linear 5120 x (8192 - 3584) + (8192 - 3584) = 23,597,568 more.
        Checkpoint q = builtIn("qwen2.5-vl-72b-instruct");
        long blocks = 32L * 3 * 1280 * 36 + 32L * 2 * 36;
        long merger = 5120L * (8192 - 3584) + (8192 - 3584);
        assertEquals(676_550_144L + blocks + merger, q.vision().getAsLong());
        assertEquals(704_573_696L, q.vision().getAsLong()); // count.py --vision
    }

    @Test
    void aConfigWithoutVisionConfigSaysSo() throws IOException {
        Checkpoint q = Checkpoint.of(json("""
                {"model_type": "qwen2_5_vl", "hidden_size": 64, "intermediate_size": 128, "num_attention_heads": 4,
                 "num_hidden_layers": 2, "num_key_value_heads": 2, "vocab_size": 100}"""));
        assertTrue(q.vision().isEmpty());
        assertTrue(q.counted().contains("no vision_config"), q.counted());
    }

    @Test
    void anotherMistral3VisionModelIsNotCounted() throws IOException {
        Checkpoint c = Checkpoint.of(json("""
                {"model_type": "mistral3", "text_config": {"hidden_size": 64, "num_hidden_layers": 1,
                  "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100},
                 "vision_config": {"model_type": "siglip_vision_model"}}"""));
        assertTrue(c.vision().isEmpty());
        assertTrue(c.counted().contains("siglip_vision_model"), c.counted());
    }

    @Test
    void badFieldsNameTheField() {
        InputException e = assertThrows(InputException.class, () -> vision("qwen2_vl",
                "{\"vision_config\": {\"mlp_ratio\": -1}}", 8));
        assertTrue(e.getMessage().contains("vision_config.mlp_ratio"), e.getMessage());
        e = assertThrows(InputException.class, () -> vision("qwen2_vl",
                "{\"vision_config\": {\"mlp_ratio\": 1e300}}", 8)); // int(embed_dim * ratio) would not be exact
        assertTrue(e.getMessage().contains("vision_config.mlp_ratio"), e.getMessage());
        e = assertThrows(InputException.class, () -> vision("mistral3",
                "{\"vision_feature_layer\": \"last\", \"vision_config\": {}}", 8));
        assertTrue(e.getMessage().contains("vision_feature_layer"), e.getMessage());
        e = assertThrows(InputException.class, () -> vision("llama4",
                "{\"vision_config\": {\"hidden_size\": 1.5}}", 8));
        assertTrue(e.getMessage().contains("vision_config.hidden_size"), e.getMessage());
    }

    @Test
    void aTowerThatFitsButOverflowsWithTheLanguageModelIsOneInputError() throws IOException {
        // Text: vocab 2^40 x hidden 2^21, embedding and lm_head, 2^62 = 4.61e18 parameters. Vision: width 5e8, one
        // block: qkv and proj 4 x 2.5e17, the merger's (4 x 5e8)^2 = 4e18, about 5e18 in all, which fits a long
        // alone (below 9.22e18) but not together with the language model.
        String config = """
                {"model_type": "qwen2_5_vl", "hidden_size": 2097152, "intermediate_size": 4,
                 "num_attention_heads": 1, "num_hidden_layers": 1, "vocab_size": 1099511627776,
                 "vision_config": {"hidden_size": 500000000, "depth": 1, "intermediate_size": 1,
                   "out_hidden_size": 1}}""";
        long tower = VisionTowers.of("qwen2_5_vl", json(config), 2097152).orElseThrow().parameters();
        assertTrue(tower > 4.9e18 && tower < 5.1e18, Long.toString(tower));
        InputException e = assertThrows(InputException.class, () -> Checkpoint.of(json(config)));
        assertEquals("test.json: vision_config sizes too large: with the language model the parameter count "
                + "overflows a 64-bit integer", e.getMessage());
    }

    @Test
    void sizesWhoseCountOverflowsAreOneInputErrorInEveryFamily() {
        // 2^61 + 1: 3 x h (Gemma 3's attention-pooling in_proj) wraps a long, and so does every h x h matrix.
        String huge = "{\"vision_config\": {\"hidden_size\": 2305843009213693953, \"embed_dim\": 2305843009213693953,"
                + " \"num_attention_heads\": 1, \"intermediate_size\": 4}}";
        for (String type : new String[] {"gemma3", "llama4", "mistral3", "qwen2_vl", "qwen2_5_vl"}) {
            InputException e = assertThrows(InputException.class, () -> vision(type, huge, 8), type);
            // Qwen2-VL's MLP width embed_dim x mlp_ratio is refused first, naming mlp_ratio and embed_dim.
            assertEquals(type.equals("qwen2_vl")
                    ? "test.json: vision_config.mlp_ratio: too large; expected embed_dim * mlp_ratio below 2^53"
                    : "test.json: vision_config sizes too large: the parameter count overflows a 64-bit integer",
                    e.getMessage(), type);
        }
    }
}
