package io.llmcost.spark;

import io.llmcost.io.FrontierCsv;
import io.llmcost.io.SweepFile;
import io.llmcost.sweep.Frontier;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Sweep;
import org.apache.spark.SparkConf;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/** The built-in sweeps small enough for a test, their grids, and frontier.csv as text. */
final class Specs {
    private Specs() {}

    /** Every built-in sweep but billion (1.2 billion points: checked by hand, docs/spark.md). */
    static final List<String> BUILT_IN = List.of("default", "moe-vs-dense", "long-context");

    static Grid grid(String name) {
        try (InputStream in = SweepFile.class.getResourceAsStream("/sweeps/" + name + ".yaml")) {
            return new Grid(SweepFile.parse(name + ".yaml", name, in.readAllBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** frontier.csv of a frontier, through the engine's writer. */
    static String csv(Grid grid, Frontier frontier) {
        StringWriter out = new StringWriter();
        try (FrontierCsv csv = new FrontierCsv(out)) {
            Sweep.frontierRows(grid, frontier).forEach(csv::write);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A one-JVM Spark configuration for tests (no web UI, loopback only). */
    static SparkConf conf(String master) {
        return new SparkConf().setMaster(master).setAppName("llmcost-test").set("spark.ui.enabled", "false")
                .set("spark.driver.bindAddress", "127.0.0.1").set("spark.driver.host", "127.0.0.1");
    }
}
