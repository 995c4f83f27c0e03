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

    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exitCode = cl.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void plotWritesAParameterBreakdownPngAndLeavesTheJsonUnchanged() throws Exception {
        Path png = dir.resolve("gpt2.png");
        Run plain = run("analyze", "--model", "gpt2", "--json");
        Run plotted = run("analyze", "--model", "gpt2", "--json", "--plot", png.toString());
        assertEquals(0, plotted.exitCode(), plotted.err());
        assertEquals(plain.out(), plotted.out());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Plots.WIDTH_PX, image.getWidth());
        assertEquals(Plots.BREAKDOWN_HEIGHT_PX, image.getHeight());
    }

    @Test
    void tableOutputIsTheSameWithAndWithoutPlot() {
        Run plain = run("analyze", "--model", "mixtral-8x7b-v0.1");
        Run plotted = run("analyze", "--model", "mixtral-8x7b-v0.1", "--plot", dir.resolve("m.svg").toString());
        assertEquals(0, plotted.exitCode(), plotted.err());
        assertEquals(plain.out(), plotted.out());
        assertTrue(Files.isRegularFile(dir.resolve("m.svg")));
    }

    @Test
    void plotFileWithoutPngOrSvgExtensionIsAUsageErrorAndWritesNothing() throws Exception {
        Path jpg = dir.resolve("gpt2.jpg");
        Run r = run("analyze", "--model", "gpt2", "--plot", jpg.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exitCode());
        assertEquals("", r.out());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains("--plot=") && r.err().contains(".png or .svg"), r.err());
        try (var files = Files.list(dir)) {
            assertFalse(files.findAny().isPresent());
        }
    }
}
