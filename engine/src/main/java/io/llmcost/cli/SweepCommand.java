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
import io.llmcost.io.InputFiles;
import io.llmcost.io.JsonTree;
import io.llmcost.io.OutputSet;
import io.llmcost.io.SweepFile;
import io.llmcost.io.TempPaths;
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
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    /**
     * Most worker threads: more than any machine this runs on has cores (the sweep gains nothing beyond the core
     * count) and few enough that their stacks and chunk buffers always fit in memory.
     */
    static final int MAX_THREADS = 1024;
    static final String FRONTIER_CSV = "frontier.csv";
    static final String SUMMARY_JSON = "summary.json";
    static final String FRONTIER_PNG = "frontier.png";
    static final String FRONTIER_SVG = "frontier.svg";
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

    @Option(names = "--threads", paramLabel = "N",
            description = "Worker threads, 1 to 1024. Default: available processors.")
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

    @Option(names = "--color-by", paramLabel = "COLUMN",
            description = "Column that colours the frontier plot: a shape column (experts, layers, vocab, ...; up to "
                    + "8 values get a colour each) or a numeric one (params_total, memory_training_bytes, ...; a "
                    + "colour bar). Default: the third objective when there are three or four (the fourth is marker "
                    + "size), else experts.")
    String colorBy;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SweepRunner runner = runner();
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Options.requirePositive(spec, "--threads", threadCount);
        if (threadCount > MAX_THREADS) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--threads=" + threadCount
                    + ": expected at most " + MAX_THREADS);
        }
        if (colorBy != null && !Shape.INTEGER_COLUMNS.containsKey(colorBy) && Objective.ofColumn(colorBy) == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--color-by=" + colorBy
                    + ": expected one of " + String.join(", ", Shape.INTEGER_COLUMNS.keySet()) + ", "
                    + Objective.columns());
        }
        SweepSpec sweep = readSpec(specArg);
        Grid grid = new Grid(sweep);
        if (partitions != null && partitions > grid.size()) {
            throw new InputException("--partitions " + partitions + ": expected at most the grid's " + grid.size()
                    + " points");
        }
        String outName = outDir != null ? outDir : Path.of("out", sweep.name()).toString();
        // A runner's own output (a Hadoop URI) is written as a local set first, then published whole.
        boolean remote = runner != null && runner.ownsOutput(outName);
        Path staging = remote ? Files.createTempDirectory("llmcost-sweep-") : null;
        if (staging != null) {
            TempPaths.register(staging); // removed on SIGINT/SIGTERM like the output set's own staging
        }
        try {
            Path dir = remote ? staging.resolve(sweep.name()) : Path.of(outName);
            write(sweep, grid, runner, threadCount, dir, remote ? outName + "/" + FRONTIER_CSV : null);
            if (remote) {
                runner.publish(dir, outName);
            }
        } finally {
            if (staging != null) {
                TempPaths.deleteTree(staging);
                TempPaths.release(staging);
            }
        }
        return Main.EXIT_OK;
    }

    /**
     * Runs the sweep and writes its files into {@code dir} as one output set.
     *
     * @param shownCsv where frontier.csv ends up when that is not in dir (a runner's own output), else null
     */
    private void write(SweepSpec sweep, Grid grid, SweepRunner runner, int threadCount, Path dir, String shownCsv)
            throws IOException {
        // The plots are named even under --no-plot: a previous run's plots may be replaced (and are not written).
        Set<String> names = new LinkedHashSet<>(List.of(FRONTIER_CSV, SUMMARY_JSON, FRONTIER_PNG, FRONTIER_SVG));
        boolean allPointsInside = allPoints != null && checkAllPoints(allPoints, dir, names);
        if (allPointsInside) {
            names.add(allPoints.getFileName().toString());
        }

        try (OutputSet set = OutputSet.open(dir, "--out " + dir, names, SUMMARY_JSON)) {
            SweepRunner.Run run = runner == null ? runLocally(grid, threadCount)
                    : runner.run(grid, new SweepRunner.Settings(sweep.name(), master, partitions,
                            !quiet && System.console() != null));
            Partial result = run.result();
            double seconds = run.seconds();
            List<Row> rows = Sweep.frontierRows(grid, result.frontier());

            AtomicFile.writeText(set.file(FRONTIER_CSV), out -> {
                try (FrontierCsv csv = new FrontierCsv(out)) {
                    rows.forEach(csv::write);
                }
            });
            Points cloud = Points.NONE;
            if (allPoints != null) {
                DoubleArrayList x = new DoubleArrayList(), y = new DoubleArrayList();
                List<Objective> axes = grid.objectives();
                Path staged = allPointsInside ? set.file(allPoints.getFileName().toString())
                        : set.outsideFile(allPoints);
                AtomicFile.writeText(staged, out -> {
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
            String emptyReason = result.pointsValid() == 0 ? EmptySweep.reason(sweep, threadCount) : null;
            if (!noPlot) {
                // PNG and SVG drawn at once, each from its own chart (a chart is not safe to paint from two threads):
                // on two cores this halves the plots' share of a short sweep's wall time.
                Points dominated = cloud;
                CompletableFuture<Void> svg = CompletableFuture.runAsync(() -> {
                    try {
                        frontierPlot(sweep, grid, rows, colorBy, dominated, emptyReason).write(set.file(FRONTIER_SVG));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                try {
                    frontierPlot(sweep, grid, rows, colorBy, cloud, emptyReason).write(set.file(FRONTIER_PNG));
                } finally {
                    try {
                        svg.join();
                    } catch (CompletionException e) {
                        if (e.getCause() instanceof UncheckedIOException u) {
                            throw u.getCause();
                        }
                        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                }
            }
            ObjectNode summary = summary(sweep, grid, result, rows, run.threads(), seconds);
            run.summary().forEach(summary::putPOJO);
            if (emptyReason != null) {
                summary.put("empty_reason", emptyReason);
            }
            ArrayNode files = summary.putArray("files");
            for (OutputSet.Entry e : set.entries()) {
                files.addObject().put("name", e.name()).put("bytes", e.bytes()).put("sha256", e.sha256());
            }
            AtomicFile.writeText(set.file(SUMMARY_JSON),
                    out -> out.write(JsonTree.write(summary) + "\n"));
            set.commit();
            print(spec.commandLine().getOut(), sweep, grid, result, rows, run.describe(), seconds,
                    shownCsv != null ? shownCsv : dir.resolve(FRONTIER_CSV).toString(), emptyReason);
        }
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

    /**
     * Checks {@code --all-points} before any work: a file name, not a directory or a root, not one of the set's own
     * files, not below a subdirectory of the output directory (the swap would drop it), its directory existing.
     *
     * @return whether the file lies directly in the output directory (then it is one of the set's files)
     */
    static boolean checkAllPoints(Path file, Path dir, Set<String> names) {
        String what = "--all-points " + file;
        AtomicFile.checkTarget(file, what);
        Path f = file.toAbsolutePath().normalize();
        Path d = dir.toAbsolutePath().normalize();
        for (String n : names) {
            if (f.equals(d.resolve(n))) {
                throw new InputException(what + ": is the sweep's own " + n + "; give another file name");
            }
        }
        if (d.getParent() != null && f.equals(OutputSet.lockFile(d))) {
            throw new InputException(what + ": is the lock file of --out " + dir + "; give another file name");
        }
        if (f.getParent().equals(d)) {
            return true;
        }
        if (f.startsWith(d)) {
            throw new InputException(what + ": is in a subdirectory of --out " + dir + ", which each run replaces; "
                    + "put it directly in " + dir + " or outside it");
        }
        if (!Files.isDirectory(f.getParent())) {
            throw new InputException(what + ": directory " + f.getParent() + " does not exist");
        }
        if (!Files.isWritable(f.getParent())) {
            throw new InputException(what + ": directory " + f.getParent() + " is not writable");
        }
        return false;
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
            String source = "sweeps/" + arg + ".yaml (built-in)";
            return SweepFile.parse(source, arg, InputFiles.read(source, in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first two objectives, the first (quality) on y and the second (cost) on x. Points are coloured by
     * {@code colorBy}, or when null by the third objective if there is one (the fourth then sets the marker size), else
     * by experts. A shape column with at most {@link Plots#MAX_CATEGORIES} values on the frontier gets a colour per
     * value; any other column a colour bar.
     */
    static Plot frontierPlot(SweepSpec sweep, Grid grid, List<Row> rows, String colorBy, Points cloud,
                             String emptyReason) {
        List<Objective> objectives = grid.objectives();
        Objective quality = objectives.get(0), cost = objectives.get(1);
        String title = sweep.name() + " (" + Format.thousands(grid.size()) + " points)";
        if (rows.isEmpty()) {
            return Plots.empty(title + ": no valid point", cost.title, quality.title, emptyReason);
        }
        double[] x = new double[rows.size()], y = new double[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            x[i] = cost.of(rows.get(i));
            y[i] = quality.of(rows.get(i));
        }
        Points frontier = new Points(x, y);
        String column = colorBy != null ? colorBy : objectives.size() >= 3 ? objectives.get(2).column : "experts";
        Objective size = objectives.size() == 4 ? objectives.get(3) : null;
        ToLongFunction<Shape> category = Shape.INTEGER_COLUMNS.get(column);
        if (category != null && size == null) {
            long[] values = rows.stream().mapToLong(r -> category.applyAsLong(r.shape())).toArray();
            if (Arrays.stream(values).distinct().count() <= Plots.MAX_CATEGORIES) {
                LongFunction<String> label = column.equals("experts")
                        ? e -> e == 1 ? "dense" : e + " experts" : v -> column + " " + v;
                return Plots.frontier(title, cost.title, quality.title, frontier, values, label, cloud);
            }
        }
        Objective colourObjective = Objective.ofColumn(column);
        double[] colour = rows.stream().mapToDouble(r -> category != null ? category.applyAsLong(r.shape())
                : colourObjective.of(r)).toArray();
        double[] sizes = size == null ? null : rows.stream().mapToDouble(size::of).toArray();
        return Plots.frontierByValue(title, cost.title, quality.title, frontier, column, colour,
                size == null ? null : size.column, sizes, cloud);
    }

    static ObjectNode summary(SweepSpec sweep, Grid grid, Partial result, List<Row> rows, int threads,
                              double seconds) {
        ObjectNode s = Json.object();
        ArrayNode objectives = s.putArray("objectives");
        grid.objectives().forEach(o -> objectives.add(o.column));
        s.put("law", grid.law().key);
        s.put("points_total", grid.size());
        s.put("points_valid", result.pointsValid());
        s.put("points_evaluated", result.pointsEvaluated());
        s.put("frontier_size", result.frontier().size());
        s.put("frontier_extrapolated", extrapolated(rows));
        s.put("law_fitted_range", grid.law().fitRange().source());
        s.put("within_law_range", grid.withinLawRange());
        s.put("points_outside_law_range", result.pointsOutsideLawRange());
        s.put("threads", threads);
        s.put("seconds", seconds);
        s.put("points_per_second", result.pointsValid() / seconds);
        s.set("spec", sweep.echo());
        return s;
    }

    private static void print(PrintWriter out, SweepSpec sweep, Grid grid, Partial result, List<Row> rows,
                              String ran, double seconds, String frontierCsv, String emptyReason) {
        out.printf(Locale.ROOT, "%s: %s points, %s valid, %s fully evaluated, %s, %.2f s (%s valid points/s)%n",
                sweep.source(), Format.thousands(grid.size()), Format.thousands(result.pointsValid()),
                Format.thousands(result.pointsEvaluated()), ran, seconds,
                Format.suffixed(result.pointsValid() / seconds));
        out.printf("law %s; minimising %s; frontier: %d points -> %s%n", grid.law().key,
                String.join(", ", grid.objectives().stream().map(o -> o.column).toList()), rows.size(), frontierCsv);
        out.printf("law's fitted range: %s; %s%n%n", grid.law().fitRange().source(), grid.withinLawRange()
                ? Format.thousands(result.pointsOutsideLawRange()) + " points outside it dropped (within_law_range)"
                : extrapolated(rows) + " frontier points outside it (column extrapolated)");
        if (emptyReason != null) {
            out.println("no valid point: " + emptyReason);
            out.flush();
            return;
        }
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

    private static long extrapolated(List<Row> rows) {
        return rows.stream().filter(Row::extrapolated).count();
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
            System.err.printf(Locale.ROOT, "\r[%s%s] %5.1f%% %s points/s, ETA %s ",
                    "#".repeat(filled), " ".repeat(width - filled), 100.0 * done / total, Format.suffixed(rate),
                    Format.duration((total - done) / rate));
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
