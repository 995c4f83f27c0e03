package io.llmcost.cli;

import io.llmcost.plot.Plots;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnalyzePlotTest {

    @TempDir
    Path dir;



    @Test
    void plotWritesAParameterBreakdownPngAndLeavesTheJsonUnchanged() throws Exception {
        Path png = dir.resolve("gpt2.png");
        Cli.Run plain = Cli.run("analyze", "--model", "gpt2", "--json");
        Cli.Run plotted = Cli.run("analyze", "--model", "gpt2", "--json", "--plot", png.toString());
        assertEquals(0, plotted.exit(), plotted.err());
        assertEquals(plain.out(), plotted.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Plots.WIDTH_PX, image.getWidth());
        assertEquals(2 * Plots.BREAKDOWN_HEIGHT_PX, image.getHeight()); // parameters above training memory
    }

    @Test
    void tableOutputIsTheSameWithAndWithoutPlot() {
        Cli.Run plain = Cli.run("analyze", "--model", "mixtral-8x7b-v0.1");
        Cli.Run plotted = Cli.run("analyze", "--model", "mixtral-8x7b-v0.1", "--plot", dir.resolve("m.svg").toString());
        assertEquals(0, plotted.exit(), plotted.err());
        assertEquals(plain.out(), plotted.out());
        assertTrue(Files.isRegularFile(dir.resolve("m.svg")));
    }

    @Test
    void plotFileWithoutPngOrSvgExtensionIsAUsageErrorAndWritesNothing() throws Exception {
        Path jpg = dir.resolve("gpt2.jpg");
        Cli.Run r = Cli.run("analyze", "--model", "gpt2", "--plot", jpg.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exit());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--plot=") && r.err().contains(".png or .svg"), r.err());
        try (var files = Files.list(dir)) {
            assertFalse(files.findAny().isPresent());
        }
    }
}
