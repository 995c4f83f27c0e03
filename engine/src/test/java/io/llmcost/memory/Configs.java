package io.llmcost.memory;

import io.llmcost.io.ConfigJson;
import io.llmcost.model.Families;
import io.llmcost.model.ModelSpec;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Hugging Face configs written out in tests for models that are not presets. */
public final class Configs {
    private Configs() {}

    /** Llama-3-70B shape (meta-llama/Meta-Llama-3-70B config.json). */
    public static final String LLAMA_3_70B = "{\"model_type\":\"llama\",\"hidden_size\":8192,\"num_hidden_layers\":80,"
            + "\"num_attention_heads\":64,\"num_key_value_heads\":8,\"intermediate_size\":28672,\"vocab_size\":128256}";

    /** Llama-3.1-405B shape (meta-llama/Llama-3.1-405B config.json). */
    public static final String LLAMA_31_405B = "{\"model_type\":\"llama\",\"hidden_size\":16384,"
            + "\"num_hidden_layers\":126,\"num_attention_heads\":128,\"num_key_value_heads\":8,"
            + "\"intermediate_size\":53248,\"vocab_size\":128256}";

    public static ModelSpec build(String json) {
        try {
            return Families.build(ConfigJson.read("test.json",
                    new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
