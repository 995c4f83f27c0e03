package io.llmcost.hardware;

/** Time from FLOPs and bytes on a GPU: utilisation-scaled compute time and the roofline bound (Williams et al. 2009). */
public final class Roofline {
    private Roofline() {}

    public static final double SECONDS_PER_HOUR = 3600;

    /** GPU-hours to execute {@code flops} model FLOPs at model-FLOPs utilisation {@code mfu} of the dense peak. */
    public static double gpuHours(double flops, double peakFlopsPerSecond, double mfu) {
        return flops / (peakFlopsPerSecond * mfu) / SECONDS_PER_HOUR;
    }

    /** MFU = model FLOPs / (GPU-seconds x dense peak) (PaLM, arXiv:2204.02311 Appendix B; formulas.md section 5). */
    public static double impliedMfu(double flops, double gpuHours, double peakFlopsPerSecond) {
        return flops / (gpuHours * SECONDS_PER_HOUR * peakFlopsPerSecond);
    }

    /** What limits a kernel: its FLOPs at peak or its bytes at full bandwidth. */
    public enum Bound { compute, memory }

    public static double computeSeconds(double flops, double peakFlopsPerSecond) {
        return flops / peakFlopsPerSecond;
    }

    public static double memorySeconds(double bytes, double bytesPerSecond) {
        return bytes / bytesPerSecond;
    }

    /** The roofline time: the slower of the two. */
    public static double seconds(double flops, double bytes, double peakFlopsPerSecond, double bytesPerSecond) {
        return Math.max(computeSeconds(flops, peakFlopsPerSecond), memorySeconds(bytes, bytesPerSecond));
    }

    public static Bound bound(double flops, double bytes, double peakFlopsPerSecond, double bytesPerSecond) {
        return computeSeconds(flops, peakFlopsPerSecond) >= memorySeconds(bytes, bytesPerSecond)
                ? Bound.compute : Bound.memory;
    }
}
