package io.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmcost.io.FrontierCsv;
import io.llmcost.io.SweepFile;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Row;
import io.llmcost.plot.Plots;
import io.llmcost.sweep.Sweep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SweepCommandTest {
    /** Reads the command's JSON output: Jackson's own mapper, not the writer under test. */
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** 2 x 71 x 47 x 4 x 3 x 2 x 2 = 320,352 points: five chunks, so two threads share the work. */
    static final String SPEC = """
            # test sweep
            axes:
              budget_flops: [1e20, 1e21]
              hidden: {from: 512, to: 4992, step: 64}
              layers: {from: 4, to: 50, step: 1}
              head_dim: [64, 128, 96, 80]
              kv_ratio: [1, 4, 8]
              ffn_mult: [2.6666666666666665, 4]
              vocab: [32000, 128256]
            constraints:
              aspect_ratio: {min: 32, max: 256}
            objectives: [loss, flops_forward_per_token]
            """;

    private Path spec(String yaml) throws IOException {
        Path file = dir.resolve("spec.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void oneAndTwoThreadsWriteByteIdenticalFiles() throws IOException {
        Path spec = spec(SPEC);
        for (int threads : new int[] {1, 2}) {
            Cli.Run r = Cli.run("sweep", spec.toString(), "--quiet", "--no-plot", "--threads", "" + threads,
                    "--out", dir.resolve("t" + threads).toString(), "--all-points",
                    dir.resolve("all" + threads + ".csv").toString());
            assertEquals(Main.EXIT_OK, r.exit(), r.err());
        }
        byte[] one = Files.readAllBytes(dir.resolve("t1/frontier.csv"));
        assertArrayEquals(one, Files.readAllBytes(dir.resolve("t2/frontier.csv")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("all1.csv")), Files.readAllBytes(dir.resolve("all2.csv")));
        assertTrue(Files.readAllLines(dir.resolve("t1/frontier.csv")).size() > 10);
    }

    /**
     * within_law_range drops exactly the points the unconstrained sweep marks extrapolated: the constrained
     * sweep's valid points plus its dropped ones are the unconstrained valid points, its frontier has no
     * extrapolated point, and one and two threads write the same bytes.
     */
    @Test
    void withinLawRangeDropsExactlyTheExtrapolatedPoints() throws IOException {
        Path free = spec(SPEC);
        Cli.Run r = Cli.run("sweep", free.toString(), "--quiet", "--no-plot", "--out", dir.resolve("free").toString(),
                "--all-points", dir.resolve("free.csv").toString());
        assertEquals(Main.EXIT_OK, r.exit(), r.err());
        List<String> all = Files.readAllLines(dir.resolve("free.csv"));
        long inside = all.stream().skip(1).filter(l -> l.endsWith(",0")).count();
        Path bounded = dir.resolve("bounded.yaml");
        Files.writeString(bounded, SPEC.replace("aspect_ratio: {min: 32, max: 256}",
                "aspect_ratio: {min: 32, max: 256}\n  within_law_range: true"));
        for (int threads : new int[] {1, 2}) {
            Cli.Run b = Cli.run("sweep", bounded.toString(), "--quiet", "--no-plot", "--threads", "" + threads,
                    "--out", dir.resolve("b" + threads).toString());
            assertEquals(Main.EXIT_OK, b.exit(), b.err());
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("b1/frontier.csv")),
                Files.readAllBytes(dir.resolve("b2/frontier.csv")));
        JsonNode s = JSON.readTree(dir.resolve("b2/summary.json").toFile());
        assertEquals(inside, s.get("points_valid").asLong());
        assertEquals(all.size() - 1 - inside, s.get("points_outside_law_range").asLong());
        assertEquals(0, s.get("frontier_extrapolated").asLong());
        List<String> frontier = Files.readAllLines(dir.resolve("b1/frontier.csv"));
        assertTrue(frontier.size() > 10 && frontier.stream().skip(1).allMatch(l -> l.endsWith(",0")));
    }

    @Test
    void frontierCsvAndSummaryFollowTheContract() throws IOException {
        Path spec = spec(SPEC);
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("sweep", spec.toString(), "--quiet", "--out", out.toString());
        assertEquals(Main.EXIT_OK, r.exit(), r.err());

        List<String> lines = Files.readAllLines(out.resolve("frontier.csv"));
        assertEquals(String.join(",", FrontierCsv.HEADER), lines.get(0));
        assertEquals("index,hidden,layers,heads,kv_heads,head_dim,ffn,experts,top_k,shared_experts,expert_ffn,"
                + "first_dense_layers,seq_len,vocab,tied,params_total,params_active,flops_forward_per_token,"
                + "flops_training,tokens,loss,memory_training_bytes,kv_cache_bytes_per_token,flops_lifetime,"
                + "extrapolated", lines.get(0));
        long extrapolated = 0;
        Grid grid = new Grid(SweepFile.read(spec));
        double previousLoss = Double.NEGATIVE_INFINITY;
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            Row row = Sweep.row(grid, Long.parseLong(c[0]));
            // Doubles read back to the very same double; params are exact integers.
            assertEquals(row.paramsTotal(), Long.parseLong(c[15]));
            assertEquals(row.flopsForwardPerToken(), Double.parseDouble(c[17]));
            assertEquals(row.tokens(), Double.parseDouble(c[19]));
            assertEquals(row.loss(), Double.parseDouble(c[20]));
            assertEquals(row.memoryTrainingBytes(), Double.parseDouble(c[21]));
            // no inference_tokens: lifetime FLOPs are the training FLOPs
            assertEquals(row.flopsTraining(), Double.parseDouble(c[23]));
            // Hoffmann et al. 2022: 70M to 16B parameters on 5B to 500B tokens
            boolean outside = row.paramsTotal() < 70e6 || row.paramsTotal() > 16e9 || row.tokens() < 5e9
                    || row.tokens() > 500e9;
            assertEquals(outside ? "1" : "0", c[24]);
            extrapolated += outside ? 1 : 0;
            assertTrue(row.loss() >= previousLoss, "rows sorted by the first objective");
            previousLoss = row.loss();
        }

        JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals("[\"loss\",\"flops_forward_per_token\"]", s.get("objectives").toString());
        assertEquals(320_352, s.get("points_total").asLong());
        long valid = s.get("points_valid").asLong();
        assertTrue(valid > 0 && valid < 320_352);
        assertTrue(s.get("points_evaluated").asLong() <= valid);
        assertEquals(lines.size() - 1, s.get("frontier_size").asInt());
        assertEquals(extrapolated, s.get("frontier_extrapolated").asLong());
        assertTrue(extrapolated > 0, "the test spec's frontier reaches below 70M parameters");
        assertFalse(s.get("within_law_range").asBoolean());
        assertEquals(0, s.get("points_outside_law_range").asLong());
        assertEquals(valid / s.get("seconds").asDouble(), s.get("points_per_second").asDouble(), 1e-6 * valid);
        assertEquals(512, s.at("/spec/axes/hidden/from").asInt());
        assertTrue(s.has("threads"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown axis|axes: {hiden: 512, layers: 4, tokens: 1e9}|axes.hiden",
            "empty range|axes: {hidden: 512, layers: {from: 10, to: 5, step: 1}, tokens: 1e9}|axes.layers",
            "step 0|axes: {hidden: {from: 512, to: 1024, step: 0}, layers: 4, tokens: 1e9}|axes.hidden.step",
            "tokens and budget|axes: {hidden: 512, layers: 4, tokens: 1e9, budget_flops: 1e20}|axes.budget_flops",
            "neither tokens nor budget|axes: {hidden: 512, layers: 4}|axes.tokens",
            "heads and head_dim|axes: {hidden: 512, layers: 4, heads: 8, head_dim: 64, tokens: 1e9}|axes.head_dim",
            "not an integer|axes: {hidden: 512.5, layers: 4, tokens: 1e9}|axes.hidden",
            "MoE without expert_ffn|axes: {hidden: 512, layers: 4, experts: [1, 8], tokens: 1e9}|axes.expert_ffn",
            "unknown objective|objectives: [loss, flopz]|objectives[1]",
            "one objective|objectives: [loss]|objectives",
            "unknown law|law: kaplan|law",
            "unknown key|axis: {hidden: 512}|axis",
            "bad memory|constraints: {max_memory_per_gpu: lots}|constraints.max_memory_per_gpu",
            "data-constrained without U|law: data-constrained|unique_tokens",
            "U without its law|unique_tokens: 1e10|unique_tokens",
            "lifetime without T|objectives: [loss, flops_lifetime]|inference_tokens",
            "range not a bool|constraints: {within_law_range: maybe}|constraints.within_law_range",
            "pp above every layer count|training: {pp: 2000000000}|training.pp",
            "ep not dividing tp cp dp|training: {ep: 3}|training.ep",
    })
    void badSpecIsOneLineExit2AndNoOutput(String name, String yaml, String key) throws IOException {
        String axes = yaml.startsWith("axes") ? "" : "axes: {hidden: 512, layers: 4, tokens: 1e9}\n";
        String objectives = yaml.startsWith("objectives") ? "" : "\nobjectives: [loss, params_total]";
        assertBadSpec(axes + yaml + objectives, key);
    }

    @Test
    void nonPositiveUniqueTokensAreRejected() throws IOException {
        assertBadSpec("axes: {hidden: 512, layers: 4, tokens: 1e9}\nlaw: data-constrained\nunique_tokens: 0\n"
                + "objectives: [loss, params_total]", "unique_tokens");
    }

    @Test
    void gridBeyondTheLongRangeIsRejected() throws IOException {
        // 16,777,216 = 2^24 values per axis: the third axis takes the grid to 2^72 points.
        String big = "{from: 1, to: 16777216, step: 1}";
        assertBadSpec("axes: {hidden: " + big + ", layers: " + big + ", head_dim: " + big
                + ", tokens: 1e9}\nobjectives: [loss, params_total]", "axes.head_dim");
    }

    private void assertBadSpec(String yaml, String key) throws IOException {
        Path spec = spec(yaml);
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("sweep", spec.toString(), "--quiet", "--out", out.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(spec + ": " + key + ":"), r.err());
        assertFalse(Files.exists(out), "no output on a bad spec");
    }

    /** With no SPEC the built-in default runs from any directory, and every file of sweeps/ is built in. */
    @Test
    void builtInDefaultRunsAndWritesPlotsBesideTheNumbers() throws IOException {
        Path out = dir.resolve("default");
        Cli.Run r = Cli.run("sweep", "--quiet", "--out", out.toString());
        assertEquals(Main.EXIT_OK, r.exit(), r.err());
        assertTrue(r.out().startsWith("sweeps/default.yaml (built-in): 125,172 points"), r.out());
        JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(0, s.get("frontier_extrapolated").asLong(), "the default question is answered inside the fit");
        assertTrue(s.get("points_outside_law_range").asLong() > 0);
        for (String f : new String[] {"frontier.csv", "summary.json", "frontier.png", "frontier.svg"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        BufferedImage png = ImageIO.read(out.resolve("frontier.png").toFile());
        assertEquals(Plots.WIDTH_PX, png.getWidth());
        assertEquals(Plots.HEIGHT_PX, png.getHeight());
        assertTrue(Files.readString(out.resolve("frontier.svg")).contains("forward FLOPs per token [FLOP]"));

        Path root = Path.of(System.getProperty("llmcost.projectRoot"), "sweeps");
        try (var files = Files.list(root)) {
            List<String> names = files.map(f -> f.getFileName().toString().replace(".yaml", "")).sorted().toList();
            assertEquals(names, SweepCommand.BUILT_IN.stream().sorted().toList());
        }
        for (String name : SweepCommand.BUILT_IN) {
            assertEquals(name, SweepCommand.readSpec(name).name());
        }
    }

    @Test
    void noPlotWritesTheSameNumbersAndNoPictures() throws IOException {
        Path spec = spec(SPEC);
        Cli.Run plotted = Cli.run("sweep", spec.toString(), "--quiet", "--out", dir.resolve("a").toString(),
                "--color-by", "vocab");
        Cli.Run plain = Cli.run("sweep", spec.toString(), "--quiet", "--out", dir.resolve("b").toString(),
                "--no-plot");
        assertEquals(Main.EXIT_OK, plotted.exit(), plotted.err());
        assertEquals(Main.EXIT_OK, plain.exit(), plain.err());
        assertArrayEquals(Files.readAllBytes(dir.resolve("a/frontier.csv")),
                Files.readAllBytes(dir.resolve("b/frontier.csv")));
        assertTrue(Files.exists(dir.resolve("a/frontier.png")));
        assertFalse(Files.exists(dir.resolve("b/frontier.png")));
        assertFalse(Files.exists(dir.resolve("b/frontier.svg")));
    }

    @Test
    void unknownColorColumnIsAUsageError() throws IOException {
        Cli.Run r = Cli.run("sweep", spec(SPEC).toString(), "--quiet", "--out", dir.resolve("c").toString(),
                "--color-by", "colour");
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--color-by"), r.err());
        assertFalse(Files.exists(dir.resolve("c")));
    }

    @Test
    void unwritableOutDirIsExit2AndNoOutput() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Cli.Run r = Cli.run("sweep", spec(SPEC).toString(), "--quiet", "--out",
                file.resolve("out").toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--out"), r.err());
    }

    /**
     * A shape whose exact long parameter count would overflow: hidden 2147483646 gives ffn = 256 ceil(8/3 h / 256)
     * = 5,726,623,232 > 2^31 - 1, rejected from the spec before any point is evaluated (it used to fail mid-sweep):
     * exit 2 naming the axis, and neither frontier.csv nor summary.json.
     */
    @Test
    void overflowingShapeIsRejectedBeforeAnyOutput() throws IOException {
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("sweep", spec("""
                axes: {hidden: [256, 2147483646], layers: 4, head_dim: 2, tokens: 1e9}
                objectives: [loss, params_total]
                """).toString(), "--quiet", "--out", out.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains("axes.ffn_mult") && r.err().contains("5726623232"), r.err());
        assertFalse(Files.exists(out), "no output set");
        try (var files = Files.list(dir)) {
            assertEquals(List.of("spec.yaml"), files.map(f -> f.getFileName().toString())
                    .filter(n -> !n.equals(".out.lock")).sorted().toList(), "no temporary files left");
        }
    }
}
