package io.llmcost.bench;

import io.llmcost.sweep.Frontier;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Partial;
import io.llmcost.sweep.Sweep;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * End to end: the whole exact frontier of bench/mid.yaml (2.85 million grid points, 684,930 valid), three ways in
 * one run. {@code sweep} is {@link Sweep#run} on 1 and 2 threads (chunks, per-thread frontiers, deterministic
 * merge). {@code numpy} is bench/numpy/sweep_numpy.py, the same grid and formulas vectorised with numpy, timed per
 * sweep through a pipe to a python process started in setup (no interpreter start-up or imports in the timing);
 * setup first checks that its frontier equals llmcost's, index for index. {@code reference} is the per-point
 * ReferenceEvaluator on every grid index, each valid row offered to a frontier, on one thread. {@code control}
 * is a fixed joined job on 1 and 2 threads: what the machine allowed sweep's 2 threads vs 1 during the run.
 *
 * <p>Run: {@code java -jar bench/target/bench.jar SweepBench} (quick: {@code -f 1 -wi 2 -i 3}). Without python3,
 * numpy or PyYAML, {@code numpy} prints why it is skipped and times an empty call (not a measurement).
 *
 * <p>Result (AMD EPYC, 2 virtual cores, JDK 17, 2026-11-29 08:15, -f 2; noisy: see bench/README.md):
 * <pre>
 * Benchmark                       (threads)  Mode  Cnt     Score     Error  Units
 * SweepBench.control                      1  avgt   10     5.373 ±   0.910  ms/op
 * SweepBench.control                      2  avgt   10     2.939 ±   0.679  ms/op
 * SweepBench.numpy                      N/A  avgt   10   163.135 ±  13.121  ms/op
 * SweepBench.reference                  N/A  avgt   10  2968.370 ± 269.306  ms/op
 * SweepBench.sweep                        1  avgt   10     6.134 ±   0.626  ms/op
 * SweepBench.sweep                        2  avgt   10     3.417 ±   0.176  ms/op
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SweepBench {
    @State(Scope.Benchmark)
    public static class Spec {
        Grid grid;

        @Setup
        public void setup() {
            grid = MidSpec.grid();
        }
    }

    @State(Scope.Benchmark)
    public static class Threads {
        @Param({"1", "2"})
        int threads;
    }

    /** A python process that sweeps once per line it reads; null when python3, numpy or PyYAML is missing. */
    @State(Scope.Benchmark)
    public static class Numpy {
        Process process;
        PrintWriter toPython;
        BufferedReader fromPython;
        Path dir;

        @Setup(Level.Trial)
        public void start(Spec spec) throws IOException, InterruptedException {
            dir = Files.createTempDirectory("llmcost-bench");
            Path script = MidSpec.extract(MidSpec.NUMPY_SCRIPT, dir);
            Path specFile = MidSpec.extract(MidSpec.SPEC, dir);
            Path frontierCsv = dir.resolve("frontier.csv");
            Frontier frontier = Sweep.run(spec.grid, 1, done -> {}).frontier();
            try (Writer w = Files.newBufferedWriter(frontierCsv)) {
                w.write("index\n");
                for (int i : frontier.outputOrder()) {
                    w.write(frontier.index(i) + "\n");
                }
            }
            try {
                process = new ProcessBuilder("python3", script.toString(), specFile.toString(), "--check",
                        frontierCsv.toString(), "--serve").redirectError(ProcessBuilder.Redirect.INHERIT).start();
            } catch (IOException e) {
                System.err.println("SweepBench.numpy SKIPPED: cannot start python3 (" + e.getMessage()
                        + "); its score is an empty call, not a measurement.");
                return;
            }
            toPython = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            fromPython = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = fromPython.readLine();
            if (ready == null || !ready.startsWith("ready ")) {
                int exit = process.waitFor();
                process = null;
                if (exit == 3) { // sweep_numpy.py --check: a different frontier is a bug in one of the two
                    throw new IllegalStateException("numpy frontier differs from llmcost's (see stderr)");
                }
                System.err.println("SweepBench.numpy SKIPPED: python3 with numpy and PyYAML is needed (exit "
                        + exit + ", see stderr); its score is an empty call, not a measurement.");
                return;
            }
            System.err.println("SweepBench.numpy: frontier equal to llmcost's; " + ready);
        }

        @TearDown(Level.Trial)
        public void stop() throws IOException, InterruptedException {
            if (process != null) {
                toPython.close();
                process.waitFor();
            }
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    @Benchmark
    public Partial sweep(Spec spec, Threads threads) {
        return Sweep.run(spec.grid, threads.threads, done -> {});
    }

    /** A second thread for {@code control}, started once like the sweep's worker pool. */
    @State(Scope.Benchmark)
    public static class Helper {
        ExecutorService thread;
        long chunk;

        @Setup
        public void start(Spec spec) {
            thread = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "control");
                t.setDaemon(true);
                return t;
            });
            chunk = spec.grid.size() / 2 / Sweep.CHUNK_POINTS * Sweep.CHUNK_POINTS;
        }

        @TearDown
        public void stop() {
            thread.shutdownNow();
        }
    }

    /**
     * Control for sweep's 2 threads vs 1: a fixed job of {@value #CONTROL_CHUNKS} evaluations of the middle chunk
     * (about as long as a sweep), all on the calling thread (threads = 1), or half on it and half on a second
     * thread, joined (threads = 2). Its 1-thread / 2-thread ratio is the speed-up the machine allowed a joined
     * two-thread job during the run: 2.0 on two idle cores, less when other processes take a core for a while,
     * which delays whichever thread they displace (a fairer ceiling than KernelBench's independent threads).
     */
    @Benchmark
    public long control(Spec spec, Threads threads, Helper helper) throws Exception {
        Callable<Long> half = () -> {
            long valid = 0;
            for (int i = 0; i < CONTROL_CHUNKS / 2; i++) {
                valid += Sweep.evaluateRange(spec.grid, helper.chunk, helper.chunk + Sweep.CHUNK_POINTS).pointsValid();
            }
            return valid;
        };
        if (threads.threads == 1) {
            return half.call() + half.call();
        }
        Future<Long> other = helper.thread.submit(half);
        return half.call() + other.get();
    }

    static final int CONTROL_CHUNKS = 16;

    @Benchmark
    public String numpy(Numpy numpy) throws IOException {
        if (numpy.process == null) {
            return null;
        }
        numpy.toPython.println("run");
        return numpy.fromPython.readLine();
    }

    @Benchmark
    public Frontier reference(Spec spec) {
        return MidSpec.referenceFrontier(spec.grid, 0, spec.grid.size(), 1);
    }
}
