package io.llmcost.bench;

import io.llmcost.hardware.Gpu;
import io.llmcost.memory.Optimizer;
import io.llmcost.memory.Precision;
import io.llmcost.memory.Recompute;
import io.llmcost.memory.TrainSetup;
import io.llmcost.memory.TrainingMemory;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.Presets;
import io.llmcost.perf.Cluster;
import io.llmcost.perf.LayoutPlanner;
import io.llmcost.perf.TrainingStep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * {@code llmcost plan} for Llama-2-70B (80 layers) on 512 H100 at 4K with a 1,024-sequence global batch:
 * {@code plan} enumerates every layout under the default bounds (tp up to 8, pp up to 80, cp and vp up to 8,
 * micro-batch up to 8, three recompute modes, ZeRO 0-3, sp), costs each one's memory and, when it fits, its step, and
 * keeps the frontier. {@code oneLayout} is the baseline measured in the same run: one layout's memory and step
 * (tp 8, pp 4, vp 2, ZeRO-1, selective recompute). Layouts evaluated per second = layouts / plan time; the ratio
 * plan / oneLayout is how many single-layout evaluations a whole plan costs.
 *
 * <p>Run: {@code java -jar bench/target/bench.jar PlanBench} (quick: {@code -f 1 -wi 2 -i 3}).
 *
 * <p>Results (2 shared cores, JDK 17, 2026-11-30 16:00 UTC, load average about 3.7; 15,308 layouts fit), before the
 * planner's hoisting (commit ea6e0ee) and after, one run each, back to back:
 * <pre>
 * before: PlanBench.oneLayout  avgt  5       4.919 ±     2.373  us/op
 *         PlanBench.plan       avgt  5  126599.888 ± 30207.790  us/op
 * after:  PlanBench.oneLayout  avgt  5       0.868 ±     0.291  us/op
 *         PlanBench.plan       avgt  5   25682.019 ±  6122.308  us/op
 * </pre>
 * Cold, the first plan in a fresh JVM as the CLI runs it ({@code -bm ss -tu ms -f 5 -wi 0 -i 1}): 1,429 ± 1,318 ms
 * before, 525 ± 239 ms after.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PlanBench {
    ModelSpec model;
    Cluster cluster;
    LayoutPlanner.Problem problem;
    LayoutPlanner.Bounds bounds;
    TrainSetup one;

    @Setup
    public void setup() {
        model = Presets.spec("llama-2-70b");
        cluster = Cluster.of(Gpu.find("h100-sxm"), 8);
        problem = new LayoutPlanner.Problem(model, 512, 4096, 1024, Precision.BF16_MIXED, true, cluster);
        bounds = new LayoutPlanner.Bounds(8, model.numLayers(), 8, 1, 8, 8);
        one = new TrainSetup(4096, 1, Precision.BF16_MIXED, Optimizer.ADAMW, 2, 1, 16, 8, 4, true, 1,
                Recompute.selective, true, false, 1, 2);
    }

    @Benchmark
    public void plan(Blackhole bh) {
        bh.consume(LayoutPlanner.frontier(LayoutPlanner.fitting(problem, bounds)));
    }

    @Benchmark
    public void oneLayout(Blackhole bh) {
        bh.consume(TrainingMemory.of(model, one).totalBytes());
        bh.consume(TrainingStep.of(model, one, 1024, cluster).stepSeconds());
    }
}
