package io.llmcost.perf;

/**
 * The fitted constants of the training step model ({@link TrainingStep}), one set for every GPU, framework and model:
 * no constant per framework or per run. {@link #FITTED} was fitted on the 35 published runs of the calibration set
 * (engine/src/test/resources/calibration/runs.csv) by {@code StepTimeCalibration} in the tests, minimising the sum of
 * absolute log errors of tokens/s per GPU; docs/step-time.md gives the fit, its residuals and the plot.
 *
 * @param gemmPeak          fraction of the dense tensor peak a large BF16/FP16 GEMM reaches
 * @param gemmKnee          GEMM dimension (elements) at which efficiency is half of {@code gemmPeak}: a GEMM whose
 *                          smallest dimension is d runs at gemmPeak x d / (d + knee) (small per-GPU shapes after
 *                          TP, and small tokens-per-expert batches, are slower)
 * @param fp8GemmRatio      an FP8 GEMM's efficiency against the FP8 peak, relative to a BF16 GEMM's against the BF16
 *                          peak (scaling and casting of the inputs, Transformer Engine's delayed scaling)
 * @param flashAttention    fraction of the dense BF16 peak that FlashAttention forward + backward reaches
 * @param linkEfficiency    fraction of a link's bandwidth a collective achieves (NCCL bus bandwidth / link rate)
 * @param tpOverlap         fraction of the tensor-parallel collectives hidden behind GEMMs
 */
public record StepEfficiency(double gemmPeak, double gemmKnee, double fp8GemmRatio, double flashAttention,
                             double linkEfficiency, double tpOverlap) {

    public StepEfficiency {
        for (double f : new double[]{gemmPeak, fp8GemmRatio, flashAttention, linkEfficiency}) {
            if (!(f > 0 && f <= 1)) {
                throw new IllegalArgumentException("an efficiency must be in (0, 1]: " + f);
            }
        }
        if (!(gemmKnee >= 0) || Double.isInfinite(gemmKnee) || !(tpOverlap >= 0 && tpOverlap < 1)) {
            throw new IllegalArgumentException("knee must be finite and >= 0, overlap in [0, 1)");
        }
    }

    /** The calibrated values (see the class comment and docs/step-time.md). */
    public static final StepEfficiency FITTED = new StepEfficiency(0.745, 260, 0.76, 0.26, 0.93, 0.29);

    /** Achieved fraction of the peak for a GEMM whose smallest dimension is {@code minDim}. */
    public double gemm(double minDim, boolean fp8) {
        return gemmPeak * (fp8 ? fp8GemmRatio : 1) * minDim / (minDim + gemmKnee);
    }
}
