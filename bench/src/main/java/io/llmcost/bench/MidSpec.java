package io.llmcost.bench;

import io.llmcost.io.SweepFile;
import io.llmcost.sweep.Frontier;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Objective;
import io.llmcost.sweep.ReferenceEvaluator;
import io.llmcost.sweep.Row;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The benchmarks' fixed mid-size spec, {@code bench/mid.yaml}, and the numpy script, both packaged in bench.jar
 * (see bench/pom.xml) so that the jar runs from any directory.
 */
final class MidSpec {
    private MidSpec() {}

    static final String SPEC = "mid.yaml";
    static final String NUMPY_SCRIPT = "numpy/sweep_numpy.py";

    static Grid grid() {
        return new Grid(SweepFile.parse("bench/" + SPEC, "mid", resource(SPEC)));
    }

    static byte[] resource(String name) {
        try (InputStream in = MidSpec.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not packaged in bench.jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies a packaged file to {@code dir} and returns its path. */
    static Path extract(String name, Path dir) throws IOException {
        Path file = dir.resolve(Path.of(name).getFileName());
        Files.write(file, resource(name));
        return file;
    }

    /** The objective vector of a row, in the grid's objective order (the frontier's coordinates). */
    static double[] vector(Grid grid, Row row) {
        List<Objective> objectives = grid.objectives();
        double[] v = new double[objectives.size()];
        for (int j = 0; j < v.length; j++) {
            v[j] = objectives.get(j).of(row);
        }
        return v;
    }

    /**
     * The per-point baseline: {@link ReferenceEvaluator} (a ModelSpec per point, the model layer's formulas) on the
     * indices from, from + stride, ... below to, each valid row offered to a frontier, as a plain loop would.
     */
    static Frontier referenceFrontier(Grid grid, long from, long to, long stride) {
        Frontier frontier = new Frontier(grid.objectives().size());
        for (long i = from; i < to; i += stride) {
            Row row = ReferenceEvaluator.evaluate(grid, i);
            if (row != null) {
                frontier.offer(i, vector(grid, row));
            }
        }
        return frontier;
    }
}
