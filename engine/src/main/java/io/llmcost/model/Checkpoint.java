package io.llmcost.model;

import io.llmcost.io.ConfigJson;
import io.llmcost.io.InputException;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one {@code config.json} describes: the language model and, for a multimodal config whose language model sits
 * under {@code text_config}, the vision tower and projector, which are counted apart (never in the language model's
 * totals) and only where this code knows every tensor.
 *
 * @param vision  exact parameters of the vision tower and projector, or empty when they are not counted
 * @param counted which parts of the checkpoint the counts cover, in words
 */
public record Checkpoint(ModelSpec language, String modelType, OptionalLong vision, String counted) {

    /** A multimodal wrapper's text model type (used when text_config names none) and its tie default. */
    private record Wrapper(String textType, boolean tiedDefault, boolean flatTextAllowed) {}

    // Gemma3Config, Llama4Config, Mistral3Config, Qwen2_5_VLConfig / Qwen2VLConfig (configuration_*.py): the
    // ForConditionalGeneration ties lm_head to the language model's embed_tokens by the OUTER tie_word_embeddings.
    // Qwen2-VL / Qwen2.5-VL hub configs are flat (the text keys at the top level), which transformers still reads.
    private static final Map<String, Wrapper> WRAPPERS = Map.of(
            "gemma3", new Wrapper("gemma3_text", true, false),
            "llama4", new Wrapper("llama4_text", false, false),
            "mistral3", new Wrapper("mistral", true, false),
            "qwen2_5_vl", new Wrapper("qwen2_5_vl_text", false, true),
            "qwen2_vl", new Wrapper("qwen2_vl_text", false, true));

    static boolean isWrapper(String modelType) {
        return WRAPPERS.containsKey(modelType);
    }

    static java.util.Set<String> wrapperTypes() {
        return WRAPPERS.keySet();
    }

    public static Checkpoint of(ConfigJson c) {
        String type = c.string("model_type");
        Wrapper w = WRAPPERS.get(type);
        if (w == null) {
            return new Checkpoint(Families.build(c), type, OptionalLong.empty(), "language model");
        }
        boolean flat = w.flatTextAllowed() && !c.has("text_config");
        ConfigJson text = flat ? c : c.child("text_config");
        // pre-v5 files keep tie_word_embeddings inside text_config; transformers forwards it to the outer config
        boolean tied = c.bool("tie_word_embeddings", text.bool("tie_word_embeddings", w.tiedDefault()));
        if (!flat && text.has("model_type") && Families.isWrapper(text.string("model_type"))) {
            throw text.error("model_type", "expected a language model's model_type inside text_config");
        }
        ConfigJson textWithType = flat || !text.has("model_type") ? text.withString("model_type", w.textType()) : text;
        ModelSpec lm = Families.buildText(textWithType, tied);
        String where = flat ? "top-level text keys" : "text_config";
        Optional<VisionTowers.Tower> tower = c.has("vision_config")
                ? VisionTowers.of(type, c, lm.hiddenSize()) : Optional.empty();
        if (tower.isPresent()) {
            // --include-vision adds the two: an overflow is bad input here, not a failure in a report later
            if (tower.get().parameters() > Long.MAX_VALUE - ParameterCount.of(lm).total()) {
                throw new InputException(c.source() + ": vision_config sizes too large: with the language model the "
                        + "parameter count overflows a 64-bit integer");
            }
            return new Checkpoint(lm, type, OptionalLong.of(tower.get().parameters()),
                    "language model (" + where + "); " + tower.get().parts() + " counted apart");
        }
        String why = c.has("vision_config")
                ? "vision_config.model_type " + c.child("vision_config").string("model_type") + " is not counted"
                : "no vision_config";
        return new Checkpoint(lm, type, OptionalLong.empty(), "language model (" + where
                + ") only; the vision tower and projector are not counted (" + why + ")");
    }
}
