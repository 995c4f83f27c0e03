package io.llmcost.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A model's decoder layers grouped into kinds of equal layers (a uniform stack is one kind; DeepSeek-V3's dense
 * and MoE layers are two), so that a per-layer term that depends only on the layer is evaluated once per kind and
 * then summed over the layers in their order. The step and memory models cost thousands of layouts of one model;
 * comparing layer records per layout and layout was most of plan's time.
 */
public final class LayerKinds {
    private final ModelSpec model;
    private final List<Layer> kinds;
    private final int[] kindOf;

    /** The last model grouped: a planner asks for the same model once per layout. */
    private static volatile LayerKinds last;

    private LayerKinds(ModelSpec model) {
        this.model = model;
        this.kinds = new ArrayList<>();
        this.kindOf = new int[model.numLayers()];
        for (int i = 0; i < kindOf.length; i++) {
            Layer layer = model.layers().get(i);
            int k = kinds.indexOf(layer);
            if (k < 0) {
                k = kinds.size();
                kinds.add(layer);
            }
            kindOf[i] = k;
        }
    }

    /** The kinds of {@code m}'s layers (remembered for the last model asked, by identity). */
    public static LayerKinds of(ModelSpec m) {
        LayerKinds k = last;
        if (k == null || k.model != m) {
            k = new LayerKinds(m);
            last = k;
        }
        return k;
    }

    /** Distinct layers, in order of first appearance. */
    public int count() {
        return kinds.size();
    }

    /** The {@code k}-th distinct layer. */
    public Layer kind(int k) {
        return kinds.get(k);
    }

    /** Index among the kinds of decoder layer {@code layer}. */
    public int kindOf(int layer) {
        return kindOf[layer];
    }
}
