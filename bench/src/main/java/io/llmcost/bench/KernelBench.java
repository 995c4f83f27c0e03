package io.llmcost.bench;

import io.llmcost.sweep.Frontier;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Partial;
import io.llmcost.sweep.Sweep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The kernel's inner loop against the per-point reference evaluator, on the same grid points: one chunk of
 * {@link Sweep#CHUNK_POINTS} consecutive indices of bench/mid.yaml (the unit of work a sweep thread takes), from the
 * chunk at the middle of the grid. {@code kernel} is {@link Sweep#evaluateRange} (decode, odometer, hoisted stages,
 * loss lower-bound rejection, frontier insert) into a fresh frontier; {@code reference} evaluates each index with
 * {@code ReferenceEvaluator} (a ModelSpec and the model layer per point) and offers each valid row to a frontier.
 * Both report ns per grid point (valid or not); reference / kernel is the speed-up bench/guard.sh checks.
 * {@code kernelOnTwoThreads} is a control for the 2-core machine: two JMH threads each run the same chunk
 * independently (nothing shared but the immutable grid), so 2 x kernel / kernelOnTwoThreads is the throughput the
 * machine allowed two threads during the run (2.0 on two idle cores). A thread that another process displaces only
 * lowers its own count here, so this overstates what a joined job can get: SweepBench.control measures that.
 *
 * <p>Run: {@code java -jar bench/target/bench.jar KernelBench} (quick: {@code -f 1 -wi 2 -i 3}).
 *
 * <p>Result (AMD EPYC, 2 virtual cores, JDK 17, 2026-11-29 08:15, -f 2; noisy: see bench/README.md):
 * <pre>
 * Benchmark                       (threads)  Mode  Cnt     Score     Error  Units
 * KernelBench.kernel                    N/A  avgt   10     4.911 ±   0.763  ns/op
 * KernelBench.kernelOnTwoThreads        N/A  avgt   10     4.741 ±   0.977  ns/op
 * KernelBench.reference                 N/A  avgt   10   822.658 ± 193.843  ns/op
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KernelBench {
    static final int POINTS = (int) Sweep.CHUNK_POINTS;

    Grid grid;
    long from;

    @Setup
    public void setup() {
        grid = MidSpec.grid();
        from = grid.size() / 2 / POINTS * POINTS;
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public Partial kernel() {
        return Sweep.evaluateRange(grid, from, from + POINTS);
    }

    @Benchmark
    @OperationsPerInvocation(POINTS)
    public Frontier reference() {
        return MidSpec.referenceFrontier(grid, from, from + POINTS, 1);
    }

    @Benchmark
    @Threads(2)
    @OperationsPerInvocation(POINTS)
    public Partial kernelOnTwoThreads() {
        return Sweep.evaluateRange(grid, from, from + POINTS);
    }
}
