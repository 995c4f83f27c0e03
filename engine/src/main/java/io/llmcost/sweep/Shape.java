package io.llmcost.sweep;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * A resolved LLaMA-style decoder shape, whatever axes the spec used. A dense model has experts = 1, top_k = 1 and
 * no MoE fields (shared_experts = expert_ffn = first_dense_layers = 0); a MoE model with no dense layers has ffn = 0.
 *
 * @param sharedExperts    always-on experts of width expertFfn each (DeepSeek-MoE style)
 * @param firstDenseLayers leading layers with a dense MLP of width ffn (DeepSeek-V3 {@code first_k_dense_replace})
 */
public record Shape(long hidden, long layers, long heads, long kvHeads, long headDim, long ffn, long experts,
                    long topK, long sharedExperts, long expertFfn, long firstDenseLayers, long seqLen, long vocab,
                    boolean tied) {

    /** The integer shape columns of {@code frontier.csv} by name, for colouring plots by an axis. */
    public static final Map<String, ToLongFunction<Shape>> INTEGER_COLUMNS = columns();

    private static Map<String, ToLongFunction<Shape>> columns() {
        Map<String, ToLongFunction<Shape>> c = new LinkedHashMap<>();
        c.put("hidden", Shape::hidden);
        c.put("layers", Shape::layers);
        c.put("heads", Shape::heads);
        c.put("kv_heads", Shape::kvHeads);
        c.put("head_dim", Shape::headDim);
        c.put("ffn", Shape::ffn);
        c.put("experts", Shape::experts);
        c.put("top_k", Shape::topK);
        c.put("shared_experts", Shape::sharedExperts);
        c.put("expert_ffn", Shape::expertFfn);
        c.put("first_dense_layers", Shape::firstDenseLayers);
        c.put("seq_len", Shape::seqLen);
        c.put("vocab", Shape::vocab);
        return Collections.unmodifiableMap(c);
    }

    public boolean isMoe() {
        return experts > 1;
    }
}
