package io.llmcost.bench;

import io.llmcost.sweep.Frontier;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Row;
import io.llmcost.sweep.Sweep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@link Frontier#offer} of {@value #POINTS} objective vectors into an empty frontier, ns per offer, with 2
 * objectives (the staircase: binary search and one shift) and 3 (sorted scan with the recent-dominator cache).
 * Orders: {@code sweep} is the valid points of bench/mid.yaml in index order, from the middle of the grid, with
 * objectives loss, flops_forward_per_token (and kv_cache_bytes_per_token for 3): most are rejected, as in a real
 * sweep. {@code shuffled} is the same vectors in a seeded random order. {@code adversarial} is {@value #POINTS}
 * mutually non-dominated vectors offered by decreasing first objective, so every offer is kept and inserted at the
 * front: the frontier grows to {@value #POINTS} and each insert shifts (and with 3 objectives scans) all of it.
 *
 * <p>Run: {@code java -jar bench/target/bench.jar FrontierBench} (quick: {@code -f 1 -wi 2 -i 3}).
 *
 * <p>Result (AMD EPYC, 2 cores, JDK 17, 2026-11-29, load average about 3, so noisy: see bench/README.md):
 * <pre>
 * Benchmark                       (objectives)      (order)     (preset)  (threads)  Mode  Cnt      Score       Error  Units
 * FrontierBench.offer                        2        sweep          N/A        N/A  avgt    5     23.608 ±    13.437  ns/op
 * FrontierBench.offer                        2     shuffled          N/A        N/A  avgt    5     45.702 ±    16.665  ns/op
 * FrontierBench.offer                        2  adversarial          N/A        N/A  avgt    5   2441.376 ±   297.554  ns/op
 * FrontierBench.offer                        3        sweep          N/A        N/A  avgt    5     71.346 ±    33.170  ns/op
 * FrontierBench.offer                        3     shuffled          N/A        N/A  avgt    5     62.416 ±    16.152  ns/op
 * FrontierBench.offer                        3  adversarial          N/A        N/A  avgt    5  33176.388 ± 20419.324  ns/op
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FrontierBench {
    static final int POINTS = 1 << 14;

    @Param({"2", "3"})
    int objectives;

    @Param({"sweep", "shuffled", "adversarial"})
    String order;

    double[][] vectors;
    long[] indices;

    @Setup
    public void setup() {
        vectors = new double[POINTS][];
        indices = new long[POINTS];
        if (order.equals("adversarial")) {
            // (x, 1/x, ...) for x = POINTS down to 1: no vector dominates another.
            for (int i = 0; i < POINTS; i++) {
                double x = POINTS - i;
                vectors[i] = objectives == 2 ? new double[] {x, 1 / x} : new double[] {x, 1 / x, i % 7};
                indices[i] = i;
            }
            return;
        }
        Grid grid = MidSpec.grid();
        int n = 0;
        for (long index = grid.size() / 2; n < POINTS; index++) {
            Row r = Sweep.row(grid, index);
            if (r != null) {
                vectors[n] = objectives == 2 ? new double[] {r.loss(), r.flopsForwardPerToken()}
                        : new double[] {r.loss(), r.flopsForwardPerToken(), r.kvCacheBytesPerToken()};
                indices[n] = index;
                n++;
            }
        }
        if (order.equals("shuffled")) {
            Random random = new Random(42);
            for (int i = POINTS - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                double[] v = vectors[i];
                vectors[i] = vectors[j];
                vectors[j] = v;
                long x = indices[i];
                indices[i] = indices[j];
                indices[j] = x;
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public Frontier offer() {
        Frontier frontier = new Frontier(objectives);
        for (int i = 0; i < POINTS; i++) {
            frontier.offer(indices[i], vectors[i]);
        }
        return frontier;
    }
}
