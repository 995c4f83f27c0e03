package io.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.io.AtomicFile;
import io.llmcost.plot.Plot;
import io.llmcost.plot.Plots;
import io.llmcost.plot.Points;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import io.llmcost.io.FrontierCsv;
import io.llmcost.io.InputException;
import io.llmcost.io.SweepFile;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Objective;
import io.llmcost.sweep.Partial;
import io.llmcost.sweep.Row;
import io.llmcost.sweep.Shape;
import io.llmcost.sweep.Sweep;
import io.llmcost.sweep.SweepRunner;
import io.llmcost.sweep.SweepSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import java.util.function.ToLongFunction;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Evaluate a grid of model shapes and write the exact Pareto frontier of loss against cost.")
public final class SweepCommand implements Callable<Integer> {

    /** Sweeps shipped in the jar (the files of sweeps/), runnable by name from any directory. */
    static final List<String> BUILT_IN = List.of("default", "moe-vs-dense", "long-context", "billion");
    /** Rows of the frontier printed on stdout; the CSV has all of them. */
    static final int PRINTED_ROWS = 10;
    /** The progress bar appears only for sweeps longer than this and is redrawn at this period. */
    static final long PROGRESS_MILLIS = 1000;
    static final String LOCAL_ENGINE = "local";
    /** Provided by the spark module through {@link SweepRunner}; named here for the message when it is absent. */
    static final String SPARK_ENGINE = "spark";

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC", defaultValue = "default",
            description = "A sweep file (YAML) or the name of a built-in sweep (default, moe-vs-dense, long-context, "
                    + "billion). Default: ${DEFAULT-VALUE}.")
    String specArg;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory. Default: out/<spec name>/. With "
            + "--engine spark also a Hadoop URI such as hdfs://namenode/dir (written locally, then copied).")
    String outDir;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads. Default: available processors.")
    Integer threads;

    @Option(names = "--engine", paramLabel = "NAME", defaultValue = LOCAL_ENGINE,
            description = "local (this JVM's threads) or spark (Apache Spark, the same frontier; see "
                    + "docs/spark.md). Default: ${DEFAULT-VALUE}.")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master for --engine spark. Default: spark-submit's, else local[*].")
    String master;

    @Option(names = "--partitions", paramLabel = "N",
            description = "Index ranges for --engine spark. Default: about 10 core-seconds each, at least 4 per "
                    + "core.")
    Integer partitions;

    @Option(names = "--all-points", paramLabel = "FILE",
            description = "Also write every valid point (same columns, index order). For small grids.")
    Path allPoints;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--no-plot", description = "Do not write frontier.png and frontier.svg.")
    boolean noPlot;

    @Option(names = "--color-by", paramLabel = "COLUMN", defaultValue = "experts",
            description = "Shape column that colours the frontier plot (default: ${DEFAULT-VALUE}, so dense and MoE "
                    + "differ).")
    String colorBy;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SweepRunner runner = runner();
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Options.requirePositive(spec, "--threads", threadCount);
        ToLongFunction<Shape> category = Shape.INTEGER_COLUMNS.get(colorBy);
        if (category == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--color-by=" + colorBy
                    + ": expected one of " + String.join(", ", Shape.INTEGER_COLUMNS.keySet()));
        }
        SweepSpec sweep = readSpec(specArg);
        Grid grid = new Grid(sweep);
        if (partitions != null && partitions > grid.size()) {
            throw new InputException("--partitions " + partitions + ": expected at most the grid's " + grid.size()
                    + " points");
        }
        String outName = outDir != null ? outDir : Path.of("out", sweep.name()).toString();
        boolean remote = runner != null && runner.ownsOutput(outName);
        Path dir = remote ? Files.createTempDirectory("llmcost-sweep-") : Path.of(outName);
        try {
            if (!remote) {
                createWritable(dir, "--out " + dir);
            }
            if (allPoints != null) {
                createWritable(allPoints.toAbsolutePath().getParent(), "--all-points " + allPoints);
            }
            write(sweep, grid, runner, threadCount, category, dir, remote ? outName + "/frontier.csv" : null);
            if (remote) {
                runner.publish(dir, outName);
            }
        } finally {
            if (remote) {
                deleteTree(dir);
            }
        }
        return Main.EXIT_OK;
    }

    /**
     * Runs the sweep and writes its files into {@code dir}.
     *
     * @param shownCsv where frontier.csv ends up when that is not in dir (a runner's own output), else null
     */
    private void write(SweepSpec sweep, Grid grid, SweepRunner runner, int threadCount,
                       ToLongFunction<Shape> category, Path dir, String shownCsv) throws IOException {
        SweepRunner.Run run = runner == null ? runLocally(grid, threadCount)
                : runner.run(grid, new SweepRunner.Settings(sweep.name(), master, partitions,
                        !quiet && System.console() != null));
        Partial result = run.result();
        double seconds = run.seconds();
        List<Row> rows = Sweep.frontierRows(grid, result.frontier());

        Path frontierCsv = dir.resolve("frontier.csv");
        AtomicFile.writeText(frontierCsv, out -> {
            try (FrontierCsv csv = new FrontierCsv(out)) {
                rows.forEach(csv::write);
            }
        });
        Points cloud = Points.NONE;
        if (allPoints != null) {
            DoubleArrayList x = new DoubleArrayList(), y = new DoubleArrayList();
            List<Objective> axes = grid.objectives();
            AtomicFile.writeText(allPoints, out -> {
                try (FrontierCsv csv = new FrontierCsv(out)) {
                    Sweep.forEachValidRow(grid, row -> {
                        csv.write(row);
                        x.add(axes.get(1).of(row));
                        y.add(axes.get(0).of(row));
                    });
                }
            });
            cloud = new Points(x.toDoubleArray(), y.toDoubleArray());
        }
        if (!noPlot) {
            Plot plot = frontierPlot(sweep, grid, rows, category, cloud);
            plot.write(dir.resolve("frontier.png"));
            plot.write(dir.resolve("frontier.svg"));
        }
        ObjectNode summary = summary(sweep, grid, result, run.threads(), seconds);
        run.summary().forEach((key, value) -> summary.putPOJO(key, value));
        AtomicFile.writeText(dir.resolve("summary.json"),
                out -> out.write(Json.MAPPER.writeValueAsString(summary) + "\n"));
        print(spec.commandLine().getOut(), sweep, grid, result, rows, run.describe(), seconds,
                shownCsv != null ? shownCsv : frontierCsv.toString());
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(dir);
    }

    private SweepRunner.Run runLocally(Grid grid, int threadCount) {
        Progress progress = new Progress(grid.size(), !quiet && System.console() != null);
        long start = System.nanoTime();
        Partial result;
        try {
            result = Sweep.run(grid, threadCount, progress::update);
        } finally {
            progress.finish();
        }
        return new SweepRunner.Run(result, threadCount, (System.nanoTime() - start) / 1e9, Map.of(),
                threadCount + " threads");
    }

    /** The runner of --engine, or null for the local engine; checks the options that only one engine reads. */
    private SweepRunner runner() {
        if (engine.equals(LOCAL_ENGINE)) {
            if (master != null || partitions != null) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        (master != null ? "--master" : "--partitions") + ": only with --engine spark");
            }
            return null;
        }
        if (threads != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads: only with --engine local (the "
                    + "cluster's cores set the parallelism of --engine " + engine + ")");
        }
        if (partitions != null) {
            Options.requirePositive(spec, "--partitions", partitions);
        }
        List<String> known = new ArrayList<>(List.of(LOCAL_ENGINE));
        for (SweepRunner r : ServiceLoader.load(SweepRunner.class)) {
            if (r.engine().equals(engine)) {
                return r;
            }
            known.add(r.engine());
        }
        if (engine.equals(SPARK_ENGINE)) {
            throw new InputException("--engine spark: Spark is not on the class path; run it through ./llmcost "
                    + "(which adds Spark's jars) or spark-submit spark/target/llmcost-spark.jar (docs/spark.md)");
        }
        throw new CommandLine.ParameterException(spec.commandLine(), "--engine " + engine + ": expected one of "
                + String.join(", ", known) + (known.contains(SPARK_ENGINE) ? "" : " or " + SPARK_ENGINE));
    }

    /** A file when one exists at that path, else a built-in sweep of that name. */
    static SweepSpec readSpec(String arg) {
        Path file = Path.of(arg);
        if (Files.exists(file) || !BUILT_IN.contains(arg)) {
            if (!Files.exists(file)) {
                throw new InputException(arg + ": no such sweep file and no built-in sweep of that name; built-in: "
                        + String.join(", ", BUILT_IN));
            }
            return SweepFile.read(file);
        }
        try (InputStream in = SweepCommand.class.getResourceAsStream("/sweeps/" + arg + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("built-in sweep " + arg + " is not packaged");
            }
            return SweepFile.parse("sweeps/" + arg + ".yaml (built-in)", arg, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first two objectives, the first (quality) on y and the second (cost) on x, coloured by a shape column. */
    static Plot frontierPlot(SweepSpec sweep, Grid grid, List<Row> rows, ToLongFunction<Shape> category,
                             Points cloud) {
        Objective quality = grid.objectives().get(0), cost = grid.objectives().get(1);
        double[] x = new double[rows.size()], y = new double[rows.size()];
        long[] colour = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = cost.of(rows.get(i));
            y[i] = quality.of(rows.get(i));
            colour[i] = category.applyAsLong(rows.get(i).shape());
        }
        LongFunction<String> label = category == Shape.INTEGER_COLUMNS.get("experts")
                ? e -> e == 1 ? "dense" : e + " experts" : Long::toString;
        String title = sweep.name() + " (" + Format.thousands(grid.size()) + " points)";
        return Plots.frontier(title, cost.title, quality.title, new Points(x, y), colour, label, cloud);
    }

    private static void createWritable(Path dir, String what) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InputException(what + ": cannot create directory (" + e.getClass().getSimpleName() + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new InputException(what + ": directory is not writable");
        }
    }

    static ObjectNode summary(SweepSpec sweep, Grid grid, Partial result, int threads, double seconds) {
        ObjectNode s = Json.object();
        ArrayNode objectives = s.putArray("objectives");
        grid.objectives().forEach(o -> objectives.add(o.column));
        s.put("law", grid.law().key);
        s.put("points_total", grid.size());
        s.put("points_valid", result.pointsValid());
        s.put("points_evaluated", result.pointsEvaluated());
        s.put("frontier_size", result.frontier().size());
        s.put("threads", threads);
        s.put("seconds", seconds);
        s.put("points_per_second", result.pointsValid() / seconds);
        s.set("spec", sweep.echo());
        return s;
    }

    private static void print(PrintWriter out, SweepSpec sweep, Grid grid, Partial result, List<Row> rows,
                              String ran, double seconds, String frontierCsv) {
        out.printf(Locale.ROOT, "%s: %s points, %s valid, %s fully evaluated, %s, %.2f s (%s valid points/s)%n",
                sweep.source(), Format.thousands(grid.size()), Format.thousands(result.pointsValid()),
                Format.thousands(result.pointsEvaluated()), ran, seconds,
                Format.suffixed(result.pointsValid() / seconds));
        out.printf("law %s; minimising %s; frontier: %d points -> %s%n%n", grid.law().key,
                String.join(", ", grid.objectives().stream().map(o -> o.column).toList()), rows.size(), frontierCsv);
        Table t = new Table("hidden", "layers", "heads", "kv", "ffn", "experts", "top_k", "seq", "vocab", "params", "active",
                "tokens", "fwd FLOPs/tok", "loss");
        int step = Math.max(1, (rows.size() + PRINTED_ROWS - 1) / PRINTED_ROWS);
        for (int i = 0; i < rows.size(); i += step) {
            Row r = rows.get(i);
            var s = r.shape();
            t.row(Long.toString(s.hidden()), Long.toString(s.layers()), Long.toString(s.heads()),
                    Long.toString(s.kvHeads()), Long.toString(s.ffn()), Long.toString(s.experts()),
                    Long.toString(s.topK()), Long.toString(s.seqLen()), Long.toString(s.vocab()),
                    Format.suffixed(r.paramsTotal()),
                    Format.suffixed(r.paramsActive()), Format.suffixed(r.tokens()),
                    Format.suffixed(r.flopsForwardPerToken()), String.format(Locale.ROOT, "%.4f", r.loss()));
        }
        if (rows.size() > PRINTED_ROWS) {
            out.printf("every %d%s frontier point, by %s:%n", step, ordinalSuffix(step),
                    grid.objectives().get(0).column);
        }
        t.print(out);
        out.flush();
    }

    private static String ordinalSuffix(int n) {
        return n == 1 ? "st" : n == 2 ? "nd" : n == 3 ? "rd" : "th";
    }

    /** A one-line progress bar on stderr (points/s, ETA), drawn only on a terminal and after the first second. */
    static final class Progress {
        private final long total;
        private final boolean enabled;
        private final long start = System.nanoTime();
        private final AtomicLong lastDraw = new AtomicLong(System.nanoTime());
        private volatile boolean drawn;

        Progress(long total, boolean enabled) {
            this.total = total;
            this.enabled = enabled;
        }

        void update(long done) {
            long now = System.nanoTime();
            long last = lastDraw.get();
            if (!enabled || now - last < PROGRESS_MILLIS * 1_000_000 || !lastDraw.compareAndSet(last, now)) {
                return;
            }
            double seconds = (now - start) / 1e9;
            double rate = done / seconds;
            int width = 30;
            int filled = (int) (width * done / total);
            System.err.printf(Locale.ROOT, "\r[%s%s] %5.1f%% %s points/s, ETA %.0f s ",
                    "#".repeat(filled), " ".repeat(width - filled), 100.0 * done / total, Format.suffixed(rate),
                    (total - done) / rate);
            System.err.flush();
            drawn = true;
        }

        void finish() {
            if (drawn) {
                System.err.print("\r" + " ".repeat(70) + "\r");
                System.err.flush();
            }
        }
    }
}
