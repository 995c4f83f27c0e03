package io.llmcost.sweep;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The axes a sweep spec may name. Names in one {@link #group} are alternative spellings of the same shape field
 * (e.g. {@code head_dim} or {@code heads}); a spec gives at most one of a group, and the absent field takes its
 * group's default. Integer axes hold exact counts; the others are real numbers.
 */
public enum AxisName {
    HIDDEN("hidden", "hidden", true, 1),
    LAYERS("layers", "layers", true, 1),
    HEAD_DIM("head_dim", "heads", true, 1),
    HEADS("heads", "heads", true, 1),
    KV_HEADS("kv_heads", "kv", true, 1),
    /** Query heads per key/value head (the GQA group size): kv_heads = heads / kv_ratio. */
    KV_RATIO("kv_ratio", "kv", true, 1),
    FFN("ffn", "ffn", true, 1),
    /** ffn = ffn_multiple_of * ceil(ffn_mult * hidden / ffn_multiple_of), LLaMA's rounding. */
    FFN_MULT("ffn_mult", "ffn", false, Double.MIN_VALUE),
    EXPERTS("experts", "experts", true, 1),
    TOP_K("top_k", "top_k", true, 1),
    SHARED_EXPERTS("shared_experts", "shared_experts", true, 0),
    EXPERT_FFN("expert_ffn", "expert_ffn", true, 1),
    FIRST_DENSE_LAYERS("first_dense_layers", "first_dense_layers", true, 0),
    SEQ_LEN("seq_len", "seq_len", true, 1),
    VOCAB("vocab", "vocab", true, 1),
    TOKENS("tokens", "tokens", false, Double.MIN_VALUE),
    /** Training FLOPs per point: tokens = budget_flops / training FLOPs per token of that shape. */
    BUDGET_FLOPS("budget_flops", "tokens", false, Double.MIN_VALUE);

    /** The largest value of an integer axis: the model layer holds heads and experts in an {@code int}. */
    public static final double MAX_INTEGER_VALUE = Integer.MAX_VALUE;

    public final String key;
    public final String group;
    public final boolean integer;
    public final double min;

    AxisName(String key, String group, boolean integer, double min) {
        this.key = key;
        this.group = group;
        this.integer = integer;
        this.min = min;
    }

    /** The axis with this spec key, or null. */
    public static AxisName ofKey(String key) {
        for (AxisName a : values()) {
            if (a.key.equals(key)) {
                return a;
            }
        }
        return null;
    }

    public static String keys() {
        return Arrays.stream(values()).map(a -> a.key).collect(Collectors.joining(", "));
    }

    @Override
    public String toString() {
        return key.toLowerCase(Locale.ROOT);
    }
}
