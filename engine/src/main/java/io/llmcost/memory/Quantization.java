package io.llmcost.memory;

import java.util.List;

/**
 * Weight and KV-cache storage formats and their default group layouts (formulas.md 2.5-2.6).
 */
public final class Quantization {
    private Quantization() {}

    /** No per-group metadata. */
    private static final long UNGROUPED = 1;

    /** bits_per_param = w_bits + (scale_bits + zp_bits) / group_size (formulas.md 2.6; GPTQ/AWQ group layout). */
    public static double bitsPerElement(double valueBits, double scaleBits, double zeroPointBits, double groupSize) {
        return valueBits + (scaleBits + zeroPointBits) / groupSize;
    }

    public static final QuantFormat BF16 = new QuantFormat("bf16", 16, 0, 0, UNGROUPED);
    public static final QuantFormat FP16 = new QuantFormat("fp16", 16, 0, 0, UNGROUPED);
    /** DeepSeek-V3's FP8 weights: 128 x 128 blocks with one fp32 scale (arXiv:2412.19437 section 3.3.2). */
    public static final QuantFormat FP8_WEIGHTS = new QuantFormat("fp8", 8, 32, 0, 128 * 128);
    /** int8, symmetric, one fp16 scale per group of 128. */
    public static final QuantFormat INT8_WEIGHTS = new QuantFormat("int8", 8, 16, 0, 128);
    /** int4 GPTQ/AWQ layout: groups of 128 with an fp16 scale and a packed 4-bit zero point. */
    public static final QuantFormat INT4_WEIGHTS = new QuantFormat("int4", 4, 16, 4, 128);
    /** OCP Microscaling (MX) v1.0 MXFP4: FP4 E2M1 elements sharing one 8-bit E8M0 scale per block of 32. */
    public static final QuantFormat MXFP4_WEIGHTS = new QuantFormat("mxfp4", 4, 8, 0, 32);
    /**
     * NVIDIA NVFP4 (Blackwell): FP4 E2M1 elements with one FP8 E4M3 scale per block of 16; the second-level fp32
     * scale is one per tensor, negligible per element.
     */
    public static final QuantFormat NVFP4_WEIGHTS = new QuantFormat("nvfp4", 4, 8, 0, 16);

    /** fp8/int8 KV cache with a per-tensor scale, negligible per element (formulas.md 2.5). */
    public static final QuantFormat FP8_KV = new QuantFormat("fp8", 8, 0, 0, UNGROUPED);
    public static final QuantFormat INT8_KV = new QuantFormat("int8", 8, 0, 0, UNGROUPED);
    /** int4 KV cache: groups of 128 with an fp16 scale and an fp16 zero point (KIVI-style asymmetric). */
    public static final QuantFormat INT4_KV = new QuantFormat("int4", 4, 16, 16, 128);

    public static final List<QuantFormat> WEIGHT_FORMATS = List.of(BF16, FP8_WEIGHTS, INT8_WEIGHTS, INT4_WEIGHTS,
            MXFP4_WEIGHTS, NVFP4_WEIGHTS);
    public static final List<QuantFormat> KV_FORMATS = List.of(BF16, FP16, FP8_KV, INT8_KV, INT4_KV);

    public static QuantFormat weights(String label) {
        return find(WEIGHT_FORMATS, label);
    }

    public static QuantFormat kv(String label) {
        return find(KV_FORMATS, label);
    }

    private static QuantFormat find(List<QuantFormat> formats, String label) {
        return formats.stream().filter(f -> f.label().equalsIgnoreCase(label)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + label + "': expected one of "
                        + String.join(", ", formats.stream().map(QuantFormat::label).toList())));
    }

    /**
     * Weight bytes when the matmul weights of the decoder layers are stored in {@code format} and the rest
     * (embeddings, LM head, norms) stays 16-bit, as GPTQ, AWQ and FP8 checkpoints keep them.
     */
    public static double weightBytes(double quantizedParams, double sixteenBitParams, QuantFormat format) {
        return quantizedParams * format.bytesPerElement() + sixteenBitParams * BF16.bytesPerElement();
    }
}
