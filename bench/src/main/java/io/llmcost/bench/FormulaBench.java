package io.llmcost.bench;

import io.llmcost.model.ForwardFlops;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;
import io.llmcost.model.Presets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * One evaluation on the model layer, the path of {@code llmcost analyze}: {@link ParameterCount#of} and
 * {@link ForwardFlops#of} (causal, 4096 tokens) on a preset's {@link ModelSpec}, built in setup. Dense
 * (llama-3-8b, 32 layers) and MoE (deepseek-v3, 61 layers, MLA): the cost is per layer object.
 *
 * <p>Run: {@code java -jar bench/target/bench.jar FormulaBench} (quick: {@code -f 1 -wi 2 -i 3}).
 *
 * <p>Result (AMD EPYC, 2 cores, JDK 17, 2026-11-29, load average about 3, so noisy: see bench/README.md):
 * <pre>
 * Benchmark                       (objectives)      (order)     (preset)  (threads)  Mode  Cnt      Score       Error  Units
 * FormulaBench.paramsAndFlops              N/A          N/A   llama-3-8b        N/A  avgt    5    688.121 ±   166.038  ns/op
 * FormulaBench.paramsAndFlops              N/A          N/A  deepseek-v3        N/A  avgt    5   2557.572 ±   255.123  ns/op
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class FormulaBench {
    @Param({"llama-3-8b", "deepseek-v3"})
    String preset;

    long seqLen;
    ModelSpec model;

    @Setup
    public void setup() {
        model = Presets.spec(preset);
        seqLen = 4096;
    }

    @Benchmark
    public void paramsAndFlops(Blackhole bh) {
        bh.consume(ParameterCount.of(model));
        bh.consume(ForwardFlops.of(model, seqLen, true));
    }
}
