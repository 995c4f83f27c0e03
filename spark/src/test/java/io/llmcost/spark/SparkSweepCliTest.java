package io.llmcost.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmcost.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spark-submit entry point end to end, against {@code llmcost sweep} on the same spec. */
class SparkSweepCliTest {

    record Run(int exit, String out, String err) {}

    private static Run llmcost(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @ParameterizedTest
    @FieldSource("io.llmcost.spark.Specs#BUILT_IN")
    void writesTheLocalEnginesFrontierAndASummaryThatSaysHowItRan(String name, @TempDir Path tmp) throws IOException {
        Path local = tmp.resolve("local"), spark = tmp.resolve("spark");
        Run l = llmcost("sweep", name, "--out", local.toString(), "--no-plot", "--quiet");
        assertEquals(0, l.exit(), l.err());
        // One partition (the whole grid in one task, and the singular in the report) and an odd count that splits
        // every grid unevenly; fixed, so a failure reruns the same way.
        int partitions = name.equals("default") ? 1 : 13;
        Run s = llmcost(SparkSweepMain.sweepArguments(name, "--master", "local[2]", "--partitions",
                Integer.toString(partitions), "--out", spark.toString(), "--no-plot", "--quiet"));
        assertEquals(0, s.exit(), s.err());
        assertArrayEquals(Files.readAllBytes(local.resolve("frontier.csv")),
                Files.readAllBytes(spark.resolve("frontier.csv")), name + " in " + partitions + " partitions");

        ObjectMapper json = new ObjectMapper();
        JsonNode ls = json.readTree(local.resolve("summary.json").toFile());
        JsonNode ss = json.readTree(spark.resolve("summary.json").toFile());
        assertEquals("spark", ss.get("engine").asText());
        assertEquals(partitions, ss.get("partitions").asInt());
        assertEquals(1, ss.get("executors").asInt());
        assertEquals("local[2]", ss.get("master").asText());
        assertEquals(2, ss.get("threads").asInt());
        for (String key : new String[] {"points_total", "points_valid", "frontier_size", "objectives", "law", "spec"}) {
            assertEquals(ls.get(key), ss.get(key), key);
        }
        String expected = partitions == 1 ? "1 partition on 1 executor" : partitions + " partitions on 1 executor";
        assertTrue(s.out().contains(expected), s.out());
    }

    @Test
    void writesToAHadoopUriThroughHadoopsFileSystem(@TempDir Path tmp) throws IOException {
        Path local = tmp.resolve("local"), remote = tmp.resolve("remote");
        assertEquals(0, llmcost("sweep", "long-context", "--out", local.toString(), "--no-plot", "--quiet").exit());
        // file: is Hadoop's local file system, the same code path as hdfs: or s3a: on a cluster.
        String uri = remote.toUri().toString();
        Run s = llmcost(SparkSweepMain.sweepArguments("long-context", "--master", "local[2]", "--out", uri,
                "--no-plot", "--quiet"));
        assertEquals(0, s.exit(), s.err());
        assertArrayEquals(Files.readAllBytes(local.resolve("frontier.csv")),
                Files.readAllBytes(remote.resolve("frontier.csv")));
        assertTrue(Files.exists(remote.resolve("summary.json")));
        try (var files = Files.list(remote)) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".tmp"))
                    .toList(), "no partial file left");
        }
        assertTrue(s.out().contains(uri + "/frontier.csv"), s.out());

        Run bad = llmcost(SparkSweepMain.sweepArguments("long-context", "--out", "nosuchfs://host/dir"));
        assertEquals(Main.EXIT_BAD_INPUT, bad.exit());
        assertEquals(1, bad.err().lines().count(), bad.err());
        assertTrue(bad.err().startsWith("llmcost: --out nosuchfs://host/dir: cannot create directory ("), bad.err());
    }

    @Test
    void aSecondRunIntoAHadoopUriReplacesTheWholeSet(@TempDir Path tmp) throws IOException {
        Path remote = tmp.resolve("remote");
        String uri = remote.toUri().toString();
        assertEquals(0, llmcost(SparkSweepMain.sweepArguments("long-context", "--master", "local[2]", "--out", uri,
                "--quiet")).exit());
        assertTrue(Files.exists(remote.resolve("frontier.png")));
        // The second run draws no plot: the first run's plots must not stay beside its files.
        Run second = llmcost(SparkSweepMain.sweepArguments("long-context", "--master", "local[2]", "--out", uri,
                "--no-plot", "--quiet"));
        assertEquals(0, second.exit(), second.err());
        try (var files = Files.list(remote)) {
            assertEquals(List.of("frontier.csv", "summary.json"), files.map(f -> f.getFileName().toString())
                    .filter(n -> !n.startsWith(".")).sorted().toList());
        }
        try (var siblings = Files.list(tmp)) {
            assertEquals(List.of("remote"), siblings.map(f -> f.getFileName().toString())
                    .filter(n -> !n.endsWith(".crc")).toList(), "no staged or old directory left");
        }
    }

    @Test
    void aBadSpecIsOneLineExitTwoAndNoOutput(@TempDir Path tmp) throws IOException {
        Path spec = tmp.resolve("bad.yaml");
        Files.writeString(spec, "axes:\n  layers: {from: 2, to: 8, step: 0}\nobjectives: [loss, params_total]\n");
        Path out = tmp.resolve("out");
        Run r = llmcost(SparkSweepMain.sweepArguments(spec.toString(), "--master", "local[2]", "--out",
                out.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("llmcost: " + spec + ": axes.layers.step: "), r.err());
        assertEquals("", r.out());
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void optionsOfTheOtherEngineAreRefused(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        Run threads = llmcost(SparkSweepMain.sweepArguments("default", "--threads", "2", "--out", out.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, threads.exit());
        assertTrue(threads.err().contains("--threads: only with --engine local"), threads.err());
        Run partitions = llmcost(SparkSweepMain.sweepArguments("default", "--partitions", "0", "--out",
                out.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, partitions.exit());
        assertTrue(partitions.err().contains("--partitions=0: expected a positive integer"), partitions.err());
        // long-context.yaml: 2 head_dim x 4 kv_heads x 2 ffn_mult x 29 hidden x 29 layers = 13,456 points.
        Run tooMany = llmcost(SparkSweepMain.sweepArguments("long-context", "--partitions", "13457", "--out",
                out.toString()));
        assertEquals(Main.EXIT_BAD_INPUT, tooMany.exit());
        assertEquals("llmcost: --partitions 13457: expected at most the grid's 13456 points\n", tooMany.err());
        assertFalse(Files.exists(out), "nothing written");
    }
}
