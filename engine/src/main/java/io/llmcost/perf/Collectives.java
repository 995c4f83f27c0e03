package io.llmcost.perf;

/**
 * Time of the collectives a parallel step uses, ring algorithms in the alpha-beta model: bytes each GPU sends over
 * its link, plus one latency per step. Volumes per GPU for a message of M bytes on n ranks (Patarasuk and Yuan
 * 2009; NCCL's "bus bandwidth" notes): all-reduce 2(n-1)/n M in 2(n-1) steps, reduce-scatter and all-gather
 * (n-1)/n M in n-1 steps each, all-to-all (n-1)/n M (every rank keeps 1/n of its data), point-to-point M in one step.
 * M is the full tensor (all-reduce, all-to-all input) or the gathered result (all-gather, reduce-scatter input).
 */
public final class Collectives {
    private Collectives() {
    }

    public static double allReduceSeconds(double bytes, int n, Link link) {
        return n <= 1 ? 0 : link.seconds(2.0 * (n - 1) / n * bytes, 2L * (n - 1)); // 2(n-1) passes a long: n may near 2^31
    }

    public static double reduceScatterSeconds(double bytes, int n, Link link) {
        return n <= 1 ? 0 : link.seconds((double) (n - 1) / n * bytes, n - 1);
    }

    public static double allGatherSeconds(double bytes, int n, Link link) {
        return reduceScatterSeconds(bytes, n, link);
    }

    public static double allToAllSeconds(double bytes, int n, Link link) {
        return n <= 1 ? 0 : link.seconds((double) (n - 1) / n * bytes, n - 1);
    }

    public static double pointToPointSeconds(double bytes, Link link) {
        return link.seconds(bytes, 1);
    }
}
