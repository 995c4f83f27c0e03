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

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * {@link Frontier#offer} of {@value #POINTS} objective vectors into an empty frontier, ns per offer, with 2, 3 and 4
 * objectives, against the baseline {@link ScanFrontier} (the sorted scan the engine used for three or more
 * objectives before the k-d tree) in the same run. {@code impl}: {@code frontier} is the engine's (the staircase
 * with 2 objectives, {@code BoxTree} with 3 and 4), {@code scan} the baseline. Orders: {@code sweep} is the valid
 * points of bench/mid.yaml in index order, from the middle of the grid, with objectives loss,
 * flops_forward_per_token (then kv_cache_bytes_per_token, then memory_training_bytes): most are rejected, as in a
 * real sweep. {@code shuffled} is the same vectors in a seeded random order. {@code adversarial} is {@value #POINTS}
 * mutually non-dominated vectors offered by decreasing first objective, so every offer is kept and inserted at the
 * front: the frontier grows to {@value #POINTS}, and each offer is a dominance test that fails.
 *
 * <p>Run: {@code java -jar bench/target/bench.jar FrontierBench} (quick: {@code -f 1 -wi 2 -i 3}). Results in
 * bench/README.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FrontierBench {
    static final int POINTS = 1 << 14;

    @Param({"2", "3", "4"})
    int objectives;

    @Param({"sweep", "shuffled", "adversarial"})
    String order;

    @Param({"frontier", "scan"})
    String impl;

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
                double[] v = {x, 1 / x, i % 7, i % 5};
                vectors[i] = Arrays.copyOf(v, objectives);
                indices[i] = i;
            }
            return;
        }
        Grid grid = MidSpec.grid();
        int n = 0;
        for (long index = grid.size() / 2; n < POINTS; index++) {
            Row r = Sweep.row(grid, index);
            if (r != null) {
                double[] v = {r.loss(), r.flopsForwardPerToken(), r.kvCacheBytesPerToken(), r.memoryTrainingBytes()};
                vectors[n] = Arrays.copyOf(v, objectives);
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
    public int offer() {
        if (impl.equals("scan")) {
            ScanFrontier frontier = new ScanFrontier(objectives);
            for (int i = 0; i < POINTS; i++) {
                frontier.offer(indices[i], vectors[i]);
            }
            return frontier.size();
        }
        Frontier frontier = new Frontier(objectives);
        for (int i = 0; i < POINTS; i++) {
            frontier.offer(indices[i], vectors[i]);
        }
        return frontier.size();
    }
}
