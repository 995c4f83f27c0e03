package io.llmcost.perf;

/**
 * The fitted constants of the inference step model ({@link InferenceStep}), one set for every model and GPU.
 *
 * <p>{@link #FITTED} comes from a least-squares fit of log(predicted / measured) over the 24 published results of
 * NVIDIA TensorRT-LLM v0.9.0 on H200 (docs/source/performance.md of that release; FP8 weights and KV cache; static
 * batching). The fit is re-run by {@code ServingCalibrationTest}, which also prints the residuals; docs/serving.md
 * lists them. No constant depends on the model, the GPU or the row.
 *
 * @param bandwidthFraction    achieved fraction of the HBM peak for weight, KV-cache and element-wise traffic
 * @param gemmEfficiency       achieved fraction of the dense tensor peak by a GEMM with many token rows
 * @param gemmHalfTokens       token rows (GEMM M) at which a GEMM reaches half of {@code gemmEfficiency}: small-M
 *                             GEMMs fill few tiles of the GPU
 * @param layerOverheadSeconds fixed time per decoder layer and forward pass (kernel launches, synchronisation,
 *                             small kernels the byte and FLOP terms do not see)
 * @param moeGemmFactor        efficiency of the experts' grouped GEMM relative to a dense GEMM of the same size
 */
public record ServingCalibration(double bandwidthFraction, double gemmEfficiency, double gemmHalfTokens,
                                 double layerOverheadSeconds, double moeGemmFactor) {

    /** Fitted by ServingCalibrationTest on the TensorRT-LLM v0.9.0 H200 set (docs/serving.md, "Calibration"). */
    public static final ServingCalibration FITTED = new ServingCalibration(0.773, 0.589, 29.1, 146e-6, 0.268);

    public ServingCalibration {
        if (!(bandwidthFraction > 0 && bandwidthFraction <= 1) || !(gemmEfficiency > 0 && gemmEfficiency <= 1)
                || !(gemmHalfTokens >= 0) || Double.isInfinite(gemmHalfTokens) || !(layerOverheadSeconds >= 0)
                || Double.isInfinite(layerOverheadSeconds) || !(moeGemmFactor > 0 && moeGemmFactor <= 1)) {
            throw new IllegalArgumentException("calibration constants out of range: " + this);
        }
    }

    /**
     * Achieved fraction of the tensor peak of a GEMM with {@code tokens} rows: e M / (M + M_half), a saturating
     * curve (tiles of 64-128 rows leave most of the GPU idle when M is small, as cuBLAS/CUTLASS profiles show).
     */
    public double gemmEfficiency(double tokens) {
        return gemmEfficiency * tokens / (tokens + gemmHalfTokens);
    }
}
