package io.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Multimodal configs (language model under text_config), the newer families, snapshot directories, and bad configs
 * of these families. Expected counts are written out by hand from the tensors the modeling code creates.
 */
class NestedAndNewFamiliesTest {

    @TempDir
    Path dir;

    private Path write(String name, String json) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, json);
        return file;
    }

    private JsonNode analyzeJson(Path file, String... extra) throws IOException {
        Cli.Run r = Cli.ok(new String[] {"analyze", "--json", "--config", file.toString()}, extra);
        return new ObjectMapper().readTree(r.out()).get("parameters");
    }

    private static void assertOneLineError(Cli.Run r, String... fragments) {
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
    }

    /** Gemma-3-4B's text_config and SigLIP vision_config (google/gemma-3-4b-it config.json). */
    private static final String GEMMA3_4B = """
            {"model_type": "gemma3",
             "text_config": {"model_type": "gemma3_text", "hidden_size": 2560, "intermediate_size": 10240,
               "num_attention_heads": 8, "num_hidden_layers": 34, "num_key_value_heads": 4, "head_dim": 256,
               "sliding_window": 1024, "vocab_size": 262208},
             "vision_config": {"model_type": "siglip_vision_model", "hidden_size": 1152, "image_size": 896,
               "intermediate_size": 4304, "num_attention_heads": 16, "num_hidden_layers": 27, "patch_size": 14,
               "vision_use_head": false}}""";

    @Test
    void gemma3CountsTheLanguageModelAndTheVisionTowerApart() throws IOException {
        Path file = write("gemma3.json", GEMMA3_4B);
        JsonNode p = analyzeJson(file);
        assertEquals(3_880_263_168L, p.get("total").asLong()); // the gemma-3-4b-text built-in's reference count
        // SigLIP: patch conv 3*14*14*1152 + 1152, 64^2 positions, 27 layers of (2 LayerNorms, q/k/v/o, fc1/fc2,
        // all with biases), post LayerNorm; projector 1152 x 2560 plus an RMSNorm of 1152.
        long h = 1152, f = 4304;
        long layer = 2 * 2 * h + 4 * (h * h + h) + (h * f + f) + (f * h + h);
        long vision = 3 * 14 * 14 * h + h + 4096 * h + 27 * layer + 2 * h + h * 2560 + h;
        assertEquals(vision, p.get("vision").asLong());
        // the published google/gemma-3-4b-it safetensors total, 4,300,079,472, is both together
        assertEquals(4_300_079_472L, analyzeJson(file, "--include-vision").get("total").asLong());
        assertTrue(p.get("counted").asText().contains("text_config"));
    }

    @Test
    void llama4ScoutTextModel() throws IOException {
        // Llama-4-Scout-17B-16E: 48 layers, all MoE (16 experts of 8192, top-1, one shared expert of 8192).
        Path file = write("scout.json", """
                {"model_type": "llama4", "tie_word_embeddings": false,
                 "text_config": {"model_type": "llama4_text", "hidden_size": 5120, "intermediate_size": 8192,
                   "intermediate_size_mlp": 16384, "num_hidden_layers": 48, "num_attention_heads": 40,
                   "num_key_value_heads": 8, "head_dim": 128, "num_local_experts": 16, "num_experts_per_tok": 1,
                   "interleave_moe_layer_step": 1, "attention_chunk_size": 8192, "vocab_size": 202048}}""");
        long h = 5120, attn = h * 40 * 128 * 2 + h * 8 * 128 * 2, expert = 3 * h * 8192;
        long perLayer = attn + 16 * expert + 16 * h + expert + 2 * h; // attention, routed, router, shared, norms
        long embeddings = 2 * 202048 * h + h;
        JsonNode p = analyzeJson(file);
        assertEquals(48 * perLayer + embeddings, p.get("total").asLong());
        assertEquals(48 * (perLayer - 15 * expert) + embeddings, p.get("active").asLong());
        assertTrue(p.get("vision").isNull());
    }

    @Test
    void nemotronIsUngatedWithLayerNormBiases() throws IOException {
        Path file = write("nemotron.json", """
                {"model_type": "nemotron", "hidden_size": 64, "intermediate_size": 256, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "vocab_size": 100}""");
        long h = 64, attn = h * 64 * 2 + h * 32 * 2, mlp = 2 * h * 256, norms = 2 * 2 * h;
        assertEquals(2 * (attn + mlp + norms) + 2 * h + 2 * 100 * h, analyzeJson(file).get("total").asLong());
    }

    @Test
    void glm4MoeDenseFirstLayersSharedExpertAndScoreBias() throws IOException {
        Path file = write("glm.json", """
                {"model_type": "glm4_moe", "hidden_size": 64, "intermediate_size": 256, "num_hidden_layers": 3,
                 "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 32, "vocab_size": 100,
                 "attention_bias": true, "use_qk_norm": true, "first_k_dense_replace": 1, "n_routed_experts": 8,
                 "num_experts_per_tok": 2, "n_shared_experts": 1, "moe_intermediate_size": 16,
                 "num_nextn_predict_layers": 1}""");
        long h = 64;
        long attn = (h * 128 + 128) + 2 * (h * 64 + 64) + 128 * h + 2 * 32; // q/k/v biased, o not, q/k norms
        long expert = 3 * h * 16, moe = 8 * expert + 8 * h + 8 + expert;    // routed, router + bias buffer, shared
        long total = 3 * (attn + 2 * h) + 3 * h * 256 + 2 * moe + h + 2 * 100 * h;
        JsonNode p = analyzeJson(file);
        assertEquals(total, p.get("total").asLong());
        assertEquals(total - 2 * 6 * expert, p.get("active").asLong());
        assertTrue(p.get("mtp").asLong() > 0); // the MTP layer is reported apart, never in the total
    }

    @Test
    void snapshotDirectoryIsRead() throws IOException {
        Path snapshot = Files.createDirectories(dir.resolve("snap"));
        Files.writeString(snapshot.resolve("config.json"), GEMMA3_4B);
        assertEquals(3_880_263_168L, analyzeJson(snapshot).get("total").asLong());
        assertOneLineError(Cli.run("analyze", "--config", dir.toString()), "without a config.json");
    }

    @Test
    void missingTextConfigNamesTheField() throws IOException {
        assertOneLineError(Cli.run("analyze", "--config", write("a.json", "{\"model_type\": \"llama4\"}").toString()),
                "a.json", "text_config", "missing");
    }

    @Test
    void fieldInsideTextConfigIsNamedWithItsPath() throws IOException {
        Path file = write("b.json", """
                {"model_type": "mistral3", "text_config": {"hidden_size": 64, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "intermediate_size": 128}}""");
        assertOneLineError(Cli.run("analyze", "--config", file.toString()), "text_config.vocab_size", "missing");
    }

    private static final String LLAMA4_TEXT = """
            {"model_type": "llama4_text", "hidden_size": 64, "intermediate_size": 32, "intermediate_size_mlp": 64,
             "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16,
             "vocab_size": 100, %s}""";

    @Test
    void layerTypesOfTheWrongLength() throws IOException {
        Path file = write("c.json", LLAMA4_TEXT.formatted("\"layer_types\": [\"full_attention\"]"));
        assertOneLineError(Cli.run("analyze", "--config", file.toString()), "layer_types", "one per layer");
    }

    @Test
    void unknownLayerType() throws IOException {
        Path file = write("d.json", LLAMA4_TEXT.formatted(
                "\"layer_types\": [\"full_attention\", \"chunked_attention\", \"mamba\", \"full_attention\"]"));
        assertOneLineError(Cli.run("analyze", "--config", file.toString()), "layer_types", "unknown layer type",
                "mamba");
    }

    @Test
    void includeVisionWhereTheTowerIsNotCountedIsRefused() throws IOException {
        Path file = write("e.json", """
                {"model_type": "mistral3", "text_config": {"hidden_size": 64, "num_hidden_layers": 2,
                 "num_attention_heads": 4, "intermediate_size": 128, "vocab_size": 100}}""");
        assertOneLineError(Cli.run("analyze", "--config", file.toString(), "--include-vision"), "--include-vision");
    }

    @Test
    void qwen3NextMatchesThePublishedSafetensorsTotal() throws IOException {
        // Qwen/Qwen3-Coder-Next config.json (the Qwen3-Next-80B-A3B architecture); its safetensors total is
        // 79,674,391,296 and total minus the inactive experts 3,874,929,408 (as quoted in a public test file).
        Path file = write("next.json", """
                {"model_type": "qwen3_next", "hidden_size": 2048, "num_hidden_layers": 48, "vocab_size": 151936,
                 "head_dim": 256, "num_attention_heads": 16, "num_key_value_heads": 2, "num_experts": 512,
                 "num_experts_per_tok": 10, "moe_intermediate_size": 512, "shared_expert_intermediate_size": 512,
                 "linear_num_key_heads": 16, "linear_key_head_dim": 128, "linear_num_value_heads": 32,
                 "linear_value_head_dim": 128, "linear_conv_kernel_dim": 4, "full_attention_interval": 4,
                 "tie_word_embeddings": false}""");
        JsonNode p = analyzeJson(file);
        assertEquals(79_674_391_296L, p.get("total").asLong());
        assertEquals(3_874_929_408L, p.get("active").asLong());
    }

    @Test
    void qwen3NextLinearLayersKeepAFixedStateAndNoCache() {
        var m = io.llmcost.memory.Configs.build("""
                {"model_type": "qwen3_next", "hidden_size": 2048, "num_hidden_layers": 4, "vocab_size": 100,
                 "num_attention_heads": 16, "num_key_value_heads": 2, "num_experts": 0, "intermediate_size": 64}""");
        var linear = m.layers().get(0).attention();
        var full = m.layers().get(3).attention();
        assertEquals(0, linear.kvCacheElementsPerToken());
        // 32 value heads of a 128 x 128 state, plus the conv's last 3 inputs of 2*16*128 + 32*128 channels
        assertEquals(32L * 128 * 128 + 3L * (2 * 16 * 128 + 32 * 128), linear.recurrentStateElements());
        assertEquals(2L * 2 * 256, full.kvCacheElementsPerToken());
        // the recurrence costs 3 d_k d_v multiply-adds per value head at any sequence length
        assertEquals(2.0 * 3 * 32 * 128 * 128, linear.scoreFlops(1 << 20, true));
        assertEquals(linear.scoreFlops(1024, true), linear.scoreFlops(1 << 20, true));
    }

    @Test
    void validatePassesAndExplainsEveryHeadlineDifference() {
        Cli.Run r = Cli.run("validate");
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("models exact to the parameter."), r.out());
        assertFalse(r.out().contains("UNEXPLAINED"), r.out());
    }

    @Test
    void modelsFiltersByNameRepoOrTypeAndPrintsJson() throws IOException {
        Cli.Run r = Cli.run("models", "META-LLAMA/llama-4", "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode list = new ObjectMapper().readTree(r.out()).get("models");
        assertEquals(2, list.size()); // Scout and Maverick
        for (JsonNode m : list) {
            assertEquals("llama4_text", m.get("model_type").asText());
            assertTrue(m.get("total").asLong() > m.get("active").asLong());
        }
    }

    @Test
    void nemotronHBlocksFollowThePattern() throws IOException {
        // Two Mamba-2 blocks, one attention, one MLP; each block one RMSNorm (h = 64).
        Path file = write("nh.json", """
                {"model_type": "nemotron_h", "hidden_size": 64, "num_hidden_layers": 4, "vocab_size": 100,
                 "hybrid_override_pattern": "M*M-", "num_attention_heads": 4, "num_key_value_heads": 2,
                 "head_dim": 16, "intermediate_size": 128, "mamba_num_heads": 4, "mamba_head_dim": 8,
                 "n_groups": 2, "ssm_state_size": 16, "conv_kernel": 4}""");
        long h = 64, inner = 4 * 8, conv = inner + 2 * 2 * 16;
        long mamba = conv * 4 + conv + h * (inner + conv + 4) + 3 * 4 + inner + inner * h; // conv w+b, in, dt/A/D, norm, out
        long attn = h * 64 + 2 * h * 32 + 64 * h;
        long mlp = 2 * h * 128;
        long total = 2 * mamba + attn + mlp + 4 * h + h + 2 * 100 * h;
        assertEquals(total, analyzeJson(file).get("total").asLong());
    }

    @Test
    void nemotronHRejectsAPatternOfTheWrongLengthAndUnknownBlocks() throws IOException {
        Path shortPattern = write("nh1.json", """
                {"model_type": "nemotron_h", "num_hidden_layers": 4, "hybrid_override_pattern": "M*-"}""");
        assertOneLineError(Cli.run("analyze", "--config", shortPattern.toString()), "hybrid_override_pattern",
                "one per layer");
        Path unknown = write("nh2.json", """
                {"model_type": "nemotron_h", "num_hidden_layers": 3, "hybrid_override_pattern": "M*X"}""");
        assertOneLineError(Cli.run("analyze", "--config", unknown.toString()), "hybrid_override_pattern", "X");
    }

    @Test
    void qwen3NextRejectsUnknownLayerTypes() throws IOException {
        Path file = write("qn.json", """
                {"model_type": "qwen3_next", "hidden_size": 64, "num_hidden_layers": 2, "vocab_size": 100,
                 "num_attention_heads": 4, "layer_types": ["linear_attention", "sliding_attention"]}""");
        assertOneLineError(Cli.run("analyze", "--config", file.toString()), "layer_types", "sliding_attention");
    }

    @Test
    void aRecurrentStateThatOverflowsIsOneLineLikeAParameterCountThatDoes() throws IOException {
        // One Gated DeltaNet layer with n_v d_v = 2^20 x 2^20 = 2^40 and d_k = 2^30: its state n_v d_v d_k = 2^70
        // elements overflows a long while its parameters (about 2^42 with h = 1) do not.
        Path file = write("state.json", """
                {"model_type": "qwen3_next", "hidden_size": 1, "num_hidden_layers": 1, "num_attention_heads": 1,
                 "num_key_value_heads": 1, "head_dim": 1, "vocab_size": 4, "intermediate_size": 1, "num_experts": 0,
                 "layer_types": ["linear_attention"], "linear_num_key_heads": 1, "linear_key_head_dim": 1073741824,
                 "linear_num_value_heads": 1048576, "linear_value_head_dim": 1048576, "linear_conv_kernel_dim": 2}""");
        assertOneLineError(Cli.run("analyze", "--config", file.toString(), "--json"), "sizes too large");
    }
}
