package io.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.io.AtomicFile;
import io.llmcost.io.FrontierCsv;
import io.llmcost.io.InputException;
import io.llmcost.io.SweepFile;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Objective;
import io.llmcost.sweep.Partial;
import io.llmcost.sweep.Row;
import io.llmcost.sweep.Sweep;
import io.llmcost.sweep.SweepSpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = "Evaluate a grid of model shapes and write the exact Pareto frontier of loss against cost.")
public final class SweepCommand implements Callable<Integer> {

    static final String DEFAULT_SPEC = "sweeps/default.yaml";
    /** Rows of the frontier printed on stdout; the CSV has all of them. */
    static final int PRINTED_ROWS = 10;
    /** The progress bar appears only for sweeps longer than this and is redrawn at this period. */
    static final long PROGRESS_MILLIS = 1000;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SPEC", defaultValue = DEFAULT_SPEC,
            description = "Sweep file (YAML). Default: ${DEFAULT-VALUE}.")
    Path specFile;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory. Default: out/<spec name>/.")
    Path outDir;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads. Default: available processors.")
    Integer threads;

    @Option(names = "--all-points", paramLabel = "FILE",
            description = "Also write every valid point (same columns, index order). For small grids.")
    Path allPoints;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        int threadCount = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        Options.requirePositive(spec, "--threads", threadCount);
        SweepSpec sweep = SweepFile.read(specFile);
        Grid grid = new Grid(sweep);
        Path dir = outDir != null ? outDir : Path.of("out", sweep.name());
        createWritable(dir, "--out " + dir);
        if (allPoints != null) {
            createWritable(allPoints.toAbsolutePath().getParent(), "--all-points " + allPoints);
        }

        Progress progress = new Progress(grid.size(), !quiet && System.console() != null);
        long start = System.nanoTime();
        Partial result;
        try {
            result = Sweep.run(grid, threadCount, progress::update);
        } finally {
            progress.finish();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<Row> rows = Sweep.frontierRows(grid, result.frontier());

        Path frontierCsv = dir.resolve("frontier.csv");
        AtomicFile.write(frontierCsv, out -> {
            try (FrontierCsv csv = new FrontierCsv(out)) {
                rows.forEach(csv::write);
            }
        });
        if (allPoints != null) {
            AtomicFile.write(allPoints, out -> {
                try (FrontierCsv csv = new FrontierCsv(out)) {
                    Sweep.forEachValidRow(grid, csv::write);
                }
            });
        }
        ObjectNode summary = summary(sweep, grid, result, threadCount, seconds);
        AtomicFile.write(dir.resolve("summary.json"),
                out -> out.write(Json.MAPPER.writeValueAsString(summary) + "\n"));
        print(spec.commandLine().getOut(), sweep, grid, result, rows, threadCount, seconds, frontierCsv);
        return Main.EXIT_OK;
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
                              int threads, double seconds, Path frontierCsv) {
        out.printf(Locale.ROOT, "%s: %s points, %s valid, %s fully evaluated, %d threads, %.2f s (%s valid points/s)%n",
                sweep.source(), Format.thousands(grid.size()), Format.thousands(result.pointsValid()),
                Format.thousands(result.pointsEvaluated()), threads, seconds,
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
