package io.llmcost.perf;

import java.util.List;
import java.util.Locale;

/** Prints every calibration run with its prediction under the fitted constants, and the two summary figures. */
public final class StepTimeCalibration {
    public static void main(String[] args) {
        List<CalibrationRuns.Run> runs = CalibrationRuns.load();
        StepEfficiency k = StepEfficiency.FITTED;
        for (CalibrationRuns.Run r : runs) {
            TrainingStep step = TrainingStep.of(r.model(), r.setup(), r.globalBatch(), r.cluster(), k);
            System.out.printf(Locale.ROOT, "%-34s meas %9.1f pred %9.1f  %+6.1f%%  mfu %.3f %s%n", r.id(),
                    r.measuredTokensPerSecondPerGpu(), step.tokensPerSecondPerGpu(),
                    100 * (step.tokensPerSecondPerGpu() / r.measuredTokensPerSecondPerGpu() - 1), step.mfu(),
                    step.breakdown().seconds());
        }
        CalibrationRuns.Fit f = CalibrationRuns.fit(runs, k);
        System.out.printf(Locale.ROOT, "median |err| %.1f%%, within 25%%: %.0f%%%n", 100 * f.medianError(),
                100 * f.shareWithin25());
    }
}
