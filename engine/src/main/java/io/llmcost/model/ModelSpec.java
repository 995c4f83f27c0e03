package io.llmcost.model;

import java.util.List;

/**
 * A decoder-only language model as the accounting sees it: embeddings, a list of layers, a final norm and
 * the LM head. Built from a Hugging Face config by {@link Families}.
 *
 * @param positionEmbeddings rows of a learned absolute position table (GPT-2), 0 for rotary models
 * @param mtp                DeepSeek-V3 multi-token-prediction modules, or null; never inside the main totals
 */
public record ModelSpec(String modelType, long vocabSize, long hiddenSize, boolean tiedEmbeddings,
                        long positionEmbeddings, NormKind norm, List<Layer> layers, Mtp mtp) {

    public ModelSpec {
        layers = List.copyOf(layers);
    }

    public int numLayers() {
        return layers.size();
    }

    public boolean isMoe() {
        return layers.stream().anyMatch(l -> l.ffn() instanceof Ffn.Moe);
    }

    /**
     * DeepSeek-V3 multi-token prediction (arXiv:2412.19437 section 2.2): per module enorm and hnorm (h each),
     * eh_proj (2h x h), one full decoder layer and the shared head's own norm; embedding and LM head are shared
     * with the main model.
     */
    public record Mtp(int modules, Layer layer) {}
}
