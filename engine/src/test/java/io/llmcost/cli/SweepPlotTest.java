package io.llmcost.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which column colours a sweep's frontier plot, and how the plot names it. */
class SweepPlotTest {

    @TempDir
    Path dir;

    private String desc(String objectives, String... options) throws IOException {
        Path spec = Files.writeString(dir.resolve("s.yaml"), """
                axes:
                  budget_flops: 1e20
                  hidden: {from: 512, to: 2048, step: 128}
                  layers: {from: 4, to: 24, step: 2}
                  kv_ratio: [1, 4]
                  seq_len: [2048, 8192]
                objectives: %s
                """.formatted(objectives));
        Path out = dir.resolve("out");
        Cli.ok(new String[] {"sweep", spec.toString(), "--quiet", "--out", out.toString()}, options);
        String svg = Files.readString(out.resolve("frontier.svg"));
        return svg.substring(svg.indexOf("<desc>"), svg.indexOf("</desc>"));
    }

    @Test
    void threeObjectivesAreColouredByTheThirdAndFourByTheThirdAndSizedByTheFourth() throws IOException {
        assertTrue(desc("[loss, flops_forward_per_token, kv_cache_bytes_per_token]")
                .endsWith(", colour kv_cache_bytes_per_token"));
        assertTrue(desc("[loss, flops_forward_per_token, kv_cache_bytes_per_token, memory_training_bytes]")
                .endsWith(", colour kv_cache_bytes_per_token, size memory_training_bytes"));
    }

    @Test
    void colorByTakesNumericColumnsWithAColourBarAndFewValuedShapeColumnsAsCategories() throws IOException {
        assertTrue(desc("[loss, params_total]", "--color-by", "memory_training_bytes")
                .endsWith(", colour memory_training_bytes"));
        // A shape column gets a colour bar when the frontier holds more distinct values than the 8 category colours.
        for (String column : new String[] {"layers", "hidden"}) {
            String d = desc("[loss, params_total]", "--color-by", column);
            java.util.List<String> lines = Files.readAllLines(dir.resolve("out/frontier.csv"));
            int at = java.util.Arrays.asList(lines.get(0).split(",")).indexOf(column);
            long distinct = lines.stream().skip(1).map(l -> l.split(",")[at]).distinct().count();
            assertEquals(distinct > io.llmcost.plot.Plots.MAX_CATEGORIES, d.endsWith(", colour " + column),
                    column + ": " + distinct + " values on the frontier; " + d);
        }
        // seq_len takes 2: one colour each, named in the legend (no colour bar)
        assertTrue(desc("[loss, params_total]", "--color-by", "seq_len").endsWith("y axis predicted loss "
                + "[nats/token]"));
    }
}
