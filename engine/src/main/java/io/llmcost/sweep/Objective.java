package io.llmcost.sweep;

import java.util.Arrays;
import java.util.stream.Collectors;

/** A quantity a sweep can minimise; {@link #column} is its name in the spec and in {@code frontier.csv}. */
public enum Objective {
    LOSS("loss", "predicted loss [nats/token]"),
    FLOPS_TRAINING("flops_training", "training FLOPs [FLOP]"),
    FLOPS_FORWARD_PER_TOKEN("flops_forward_per_token", "forward FLOPs per token [FLOP]"),
    PARAMS_TOTAL("params_total", "total parameters"),
    PARAMS_ACTIVE("params_active", "active parameters per token"),
    MEMORY_TRAINING_BYTES("memory_training_bytes", "training memory per GPU [bytes]"),
    KV_CACHE_BYTES_PER_TOKEN("kv_cache_bytes_per_token", "KV cache per token [bytes]"),
    /** Training FLOPs plus forward FLOPs per token x the spec's inference_tokens (Sardana et al. 2024, §2). */
    FLOPS_LIFETIME("flops_lifetime", "training + inference FLOPs [FLOP]");

    public static final int MIN_COUNT = 2;
    public static final int MAX_COUNT = 4;

    public final String column;
    /** Axis title with its unit, for plots. */
    public final String title;

    Objective(String column, String title) {
        this.column = column;
        this.title = title;
    }

    /** The objective with this column name, or null. */
    public static Objective ofColumn(String column) {
        for (Objective o : values()) {
            if (o.column.equals(column)) {
                return o;
            }
        }
        return null;
    }

    public static String columns() {
        return Arrays.stream(values()).map(o -> o.column).collect(Collectors.joining(", "));
    }

    /** The value of this objective in a row, as the frontier compares it. */
    public double of(Row r) {
        return switch (this) {
            case LOSS -> r.loss();
            case FLOPS_TRAINING -> r.flopsTraining();
            case FLOPS_FORWARD_PER_TOKEN -> r.flopsForwardPerToken();
            case PARAMS_TOTAL -> r.paramsTotal();
            case PARAMS_ACTIVE -> r.paramsActive();
            case MEMORY_TRAINING_BYTES -> r.memoryTrainingBytes();
            case KV_CACHE_BYTES_PER_TOKEN -> r.kvCacheBytesPerToken();
            case FLOPS_LIFETIME -> r.flopsLifetime();
        };
    }
}
