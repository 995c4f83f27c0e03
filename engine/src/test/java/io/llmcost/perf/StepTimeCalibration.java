package io.llmcost.perf;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The fit of {@link StepEfficiency}: coordinate descent on the sum of |log error| of tokens/s per GPU over
 * the calibration runs, each constant searched on a fine grid inside physical bounds while the others are held,
 * until no constant moves. Run it (docs/step-time.md gives the commands that build DEPS) as
 * <pre>
 *   java -cp engine/target/classes:engine/target/test-classes:DEPS io.llmcost.perf.StepTimeCalibration [PLOT.png]
 * </pre>
 * It prints each run under {@link StepEfficiency#FITTED}, the summary figures, the constants the fit finds from
 * FITTED, a leave-one-source-out check (fit on four publications, predict the fifth) and, given a file, the
 * predicted-vs-measured plot of docs/step-time.md.
 */
public final class StepTimeCalibration {

    /** Bounds of each constant, in StepEfficiency's component order. */
    private static final double[][] BOUNDS = {{0.3, 1}, {0, 2000}, {0.3, 1}, {0.2, 1}, {0.5, 0.95}, {0, 0.95}};
    private static final int GRID_STEPS = 200;
    private static final int MAX_ROUNDS = 20;

    public static void main(String[] args) throws IOException {
        List<CalibrationRuns.Run> runs = CalibrationRuns.load();
        StepEfficiency k = StepEfficiency.FITTED;
        for (CalibrationRuns.Run r : runs) {
            TrainingStep step = TrainingStep.of(r.model(), r.setup(), r.globalBatch(), r.cluster(), k);
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %+.1f%% | %.3f |%n", r.id(),
                    r.measuredTokensPerSecondPerGpu(), step.tokensPerSecondPerGpu(),
                    100 * (step.tokensPerSecondPerGpu() / r.measuredTokensPerSecondPerGpu() - 1), step.mfu());
        }
        print("FITTED", runs, k);
        // the baseline the step model replaces: a fixed MFU of 0.4 against the dense peak of the GEMM dtype
        double[] fixed = runs.stream().mapToDouble(r -> {
            var gpu = r.cluster().gpu();
            double perToken = io.llmcost.model.TrainingFlops.of(r.model(), r.setup().seqLen(), true,
                    r.setup().recompute(), r.setup().flash()).modelPerToken();
            double predicted = 0.4 * gpu.peakFlopsPerSecond(r.setup().precision().computeDtype) / perToken;
            return Math.abs(predicted / r.measuredTokensPerSecondPerGpu() - 1);
        }).sorted().toArray();
        System.out.printf(Locale.ROOT, "fixed MFU 0.4: median |err| %.1f%%, within 25%%: %.0f%%, max %.0f%%%n",
                100 * fixed[fixed.length / 2], 100.0 * java.util.Arrays.stream(fixed).filter(e -> e <= 0.25).count()
                        / fixed.length, 100 * fixed[fixed.length - 1]);
        StepEfficiency refit = fit(runs, k);
        System.out.println("refit from FITTED: " + refit);
        print("refit", runs, refit);
        System.out.println("leave one source out (fit on the others, predict the held-out publication):");
        List<CalibrationRuns.Run> heldOutAll = new ArrayList<>();
        List<Double> heldOutRatios = new ArrayList<>();
        for (String group : runs.stream().map(CalibrationRuns.Run::group).distinct().toList()) {
            Predicate<CalibrationRuns.Run> in = r -> r.group().equals(group);
            List<CalibrationRuns.Run> train = runs.stream().filter(in.negate()).toList();
            List<CalibrationRuns.Run> test = runs.stream().filter(in).toList();
            StepEfficiency f = fit(train, k);
            print("  held out " + group + " " + f, test, f);
            for (CalibrationRuns.Run r : test) {
                heldOutAll.add(r);
                heldOutRatios.add(r.predicted(f) / r.measuredTokensPerSecondPerGpu());
            }
        }
        double[] errors = heldOutRatios.stream().mapToDouble(x -> Math.abs(x - 1)).sorted().toArray();
        System.out.printf(Locale.ROOT, "  all held-out predictions: median |err| %.1f%%, within 25%%: %.0f%%%n",
                100 * errors[errors.length / 2], 100.0 * java.util.Arrays.stream(errors).filter(e -> e <= 0.25)
                        .count() / errors.length);
        if (args.length > 0) {
            plot(runs, k, Path.of(args[0]));
        }
    }

    private static void print(String label, List<CalibrationRuns.Run> runs, StepEfficiency k) {
        CalibrationRuns.Fit f = CalibrationRuns.fit(runs, k);
        System.out.printf(Locale.ROOT, "%s: %d runs, median |pred/meas - 1| %.1f%%, within 25%%: %.0f%%, "
                + "sum of |log error| %.4f%n", label, runs.size(), 100 * f.medianError(),
                100 * f.shareWithin25(), loss(runs, k));
    }

    static double loss(List<CalibrationRuns.Run> runs, StepEfficiency k) {
        double sum = 0;
        for (CalibrationRuns.Run r : runs) {
            sum += Math.abs(Math.log(r.predicted(k) / r.measuredTokensPerSecondPerGpu()));
        }
        return sum;
    }

    /** Coordinate descent from {@code start} (see the class comment). */
    static StepEfficiency fit(List<CalibrationRuns.Run> runs, StepEfficiency start) {
        double[] x = values(start);
        double best = loss(runs, start);
        for (int round = 0; round < MAX_ROUNDS; round++) {
            boolean moved = false;
            for (int i = 0; i < x.length; i++) {
                double keep = x[i];
                for (int step = 0; step <= GRID_STEPS; step++) {
                    double[] y = x.clone();
                    y[i] = BOUNDS[i][0] + (BOUNDS[i][1] - BOUNDS[i][0]) * step / GRID_STEPS;
                    if (y[i] <= 0 && i != 1 && i != 5) {
                        continue;
                    }
                    double l = loss(runs, of(y));
                    if (l < best - 1e-12) {
                        best = l;
                        x = y;
                    }
                }
                moved |= x[i] != keep;
            }
            if (!moved) {
                break;
            }
        }
        return of(x);
    }

    private static double[] values(StepEfficiency k) {
        return new double[]{k.gemmPeak(), k.gemmKnee(), k.fp8GemmRatio(), k.flashAttention(), k.linkEfficiency(),
                k.tpOverlap()};
    }

    private static StepEfficiency of(double[] x) {
        return new StepEfficiency(x[0], x[1], x[2], x[3], x[4], x[5]);
    }

    private static void plot(List<CalibrationRuns.Run> runs, StepEfficiency k, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(900).height(800)
                .title("Predicted vs measured training throughput (35 published runs)")
                .xAxisTitle("measured tokens/s per GPU").yAxisTitle("predicted tokens/s per GPU").build();
        chart.getStyler().setXAxisLogarithmic(true).setYAxisLogarithmic(true).setMarkerSize(9)
                .setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        Map<String, List<double[]>> byGroup = new LinkedHashMap<>();
        for (CalibrationRuns.Run r : runs) {
            byGroup.computeIfAbsent(r.source().replaceAll(" \\(.*", "").replaceAll(" Table.*", ""),
                    s -> new ArrayList<>()).add(new double[]{r.measuredTokensPerSecondPerGpu(), r.predicted(k)});
        }
        for (var e : byGroup.entrySet()) {
            double[] xs = e.getValue().stream().mapToDouble(p -> p[0]).toArray();
            double[] ys = e.getValue().stream().mapToDouble(p -> p[1]).toArray();
            XYSeries s = chart.addSeries(e.getKey(), xs, ys);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
        }
        double lo = 10, hi = 30000;
        for (double[] band : new double[][]{{1, 1}, {1.25, 1.25}, {0.75, 0.75}}) {
            XYSeries s = chart.addSeries(band[0] == 1 ? "predicted = measured" : (band[0] > 1 ? "+25%" : "-25%"),
                    new double[]{lo, hi}, new double[]{lo * band[0], hi * band[1]});
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            s.setMarker(SeriesMarkers.NONE);
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
