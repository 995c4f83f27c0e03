package io.llmcost.scaling;

/** Converting a budget in GPU-hours or dollars into training FLOPs. */
public final class TrainingBudget {
    private TrainingBudget() {}

    public static final double SECONDS_PER_HOUR = 3600;

    /**
     * C = H · 3600 · peak · MFU: model FLOPs delivered by {@code gpuHours} GPU-hours at a dense peak of
     * {@code peakFlopsPerSecond} and a model-FLOPs utilisation {@code mfu} (formulas.md 5, MFU definition).
     */
    public static double flopsFromGpuHours(double gpuHours, double peakFlopsPerSecond, double mfu) {
        return gpuHours * SECONDS_PER_HOUR * peakFlopsPerSecond * mfu;
    }

    /** H = X / P: GPU-hours bought by {@code usd} dollars at {@code usdPerGpuHour}. */
    public static double gpuHoursFromUsd(double usd, double usdPerGpuHour) {
        return usd / usdPerGpuHour;
    }
}
