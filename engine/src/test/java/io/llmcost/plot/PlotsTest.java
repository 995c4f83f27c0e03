package io.llmcost.plot;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlotsTest {

    /**
     * A blank (single-colour) image has variance 0; a chart with axes, text and points on white has thousands. 100
     * (a standard deviation of 10 grey levels) separates the two with a wide margin either way.
     */
    private static final double MIN_LUMA_VARIANCE = 100;

    private static final String X_TITLE = "forward FLOPs per token [FLOP]";
    private static final String Y_TITLE = "predicted loss [nats/token]";
    private static final int DENSE_BLUE = 0x0072B2;    // first palette colour: the lowest category
    private static final int MOE_VERMILLION = 0xD55E00; // second palette colour
    private static final int CLOUD_GREY = 0xC8C8C8;
    private static final long FEW_PIXELS = 100;

    @TempDir
    Path dir;

    /** A staircase frontier over three decades of cost: dense at the cheap end, 8 experts beyond. */
    private static Plot frontier(Points cloud) {
        int n = 30;
        double[] cost = new double[n];
        double[] loss = new double[n];
        long[] experts = new long[n];
        for (int i = 0; i < n; i++) {
            cost[i] = 1e8 * Math.pow(10, 3.0 * i / (n - 1));
            loss[i] = 3.2 - 1.1 * i / (n - 1);
            experts[i] = i < 10 ? 1 : 8;
        }
        return Plots.frontier("test-spec", X_TITLE, Y_TITLE, new Points(cost, loss), experts,
                e -> e == 1 ? "dense" : e + " experts", cloud);
    }

    private static Points cloud() {
        int n = 500;
        double[] cost = new double[n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            cost[i] = 1e8 * Math.pow(10, 3.0 * (i % 50) / 49);
            loss[i] = 3.3 + 0.4 * (i / 50) / 9.0 - 1.1 * (i % 50) / 49;
        }
        return new Points(cost, loss);
    }

    private BufferedImage readPng(Path file, int widthPx, int heightPx) throws IOException {
        BufferedImage image = ImageIO.read(file.toFile());
        assertTrue(image != null, file + " is not a PNG that ImageIO can read");
        assertEquals(widthPx, image.getWidth());
        assertEquals(heightPx, image.getHeight());
        assertTrue(lumaVariance(image) > MIN_LUMA_VARIANCE, "image looks blank: variance " + lumaVariance(image));
        return image;
    }

    private static double lumaVariance(BufferedImage image) {
        double sum = 0;
        double sumSq = 0;
        long n = (long) image.getWidth() * image.getHeight();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int rgb = image.getRGB(x, y);
                // ITU-R BT.601 luma
                double luma = 0.299 * ((rgb >> 16) & 0xFF) + 0.587 * ((rgb >> 8) & 0xFF) + 0.114 * (rgb & 0xFF);
                sum += luma;
                sumSq += luma * luma;
            }
        }
        double mean = sum / n;
        return sumSq / n - mean * mean;
    }

    private static long pixelsOf(BufferedImage image, int rgb) {
        long count = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == rgb) {
                    count++;
                }
            }
        }
        return count;
    }

    @Test
    void frontierPngHasTheChartSizeAndDrawsEachCategoryInItsColour() throws IOException {
        Path png = dir.resolve("frontier.png");
        frontier(Points.NONE).write(png);
        BufferedImage image = readPng(png, Plots.WIDTH_PX, Plots.HEIGHT_PX);
        assertTrue(pixelsOf(image, DENSE_BLUE) > 0, "dense points missing");
        assertTrue(pixelsOf(image, MOE_VERMILLION) > 0, "MoE points missing");
        // Anti-aliased text edges hit the cloud's grey in a few pixels; 500 cloud markers cover thousands.
        assertTrue(pixelsOf(image, CLOUD_GREY) < FEW_PIXELS, "no cloud was given");
    }

    @Test
    void dominatedCloudIsDrawnLightBehindTheFrontier() throws IOException {
        Path png = dir.resolve("frontier.png");
        frontier(cloud()).write(png);
        BufferedImage image = readPng(png, Plots.WIDTH_PX, Plots.HEIGHT_PX);
        assertTrue(pixelsOf(image, CLOUD_GREY) > 10 * FEW_PIXELS, "cloud missing");
        assertTrue(pixelsOf(image, DENSE_BLUE) > 0, "frontier hidden by the cloud");
    }

    @Test
    void frontierSvgIsWellFormedAndNamesTheTitleAndAxisTitles() throws Exception {
        Path svg = dir.resolve("frontier.svg");
        frontier(Points.NONE).write(svg);
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertEquals(String.valueOf(Plots.WIDTH_PX) + "px", doc.getDocumentElement().getAttribute("width"));
        String title = doc.getElementsByTagName("title").item(0).getTextContent();
        String desc = doc.getElementsByTagName("desc").item(0).getTextContent();
        assertEquals("test-spec: 30 frontier points", title);
        assertTrue(desc.contains(X_TITLE), desc);
        assertTrue(desc.contains(Y_TITLE), desc);
    }

    @Test
    void sameInputWritesByteIdenticalFiles() throws IOException {
        for (String name : List.of("a.png", "b.png", "a.svg", "b.svg")) {
            frontier(cloud()).write(dir.resolve(name));
        }
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.png")), Files.readAllBytes(dir.resolve("b.png")));
        assertArrayEquals(Files.readAllBytes(dir.resolve("a.svg")), Files.readAllBytes(dir.resolve("b.svg")));
    }

    @Test
    void writeReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        Path png = dir.resolve("sub/frontier.png");
        Files.createDirectories(png.getParent());
        Files.writeString(png, "old");
        frontier(Points.NONE).write(png);
        readPng(png, Plots.WIDTH_PX, Plots.HEIGHT_PX);
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertEquals(List.of(png), files.toList());
        }
    }

    @Test
    void isoFlopPngDrawsEveryBudget() throws IOException {
        // L(N, D) = E + A/N^a + B/D^b with D = C/(6N): Hoffmann et al. 2022 Approach 3 form, round coefficients.
        double e = 1.69, a = 400, b = 410, alpha = 0.34, beta = 0.28;
        List<IsoFlopCurve> curves = new java.util.ArrayList<>();
        for (double c : new double[] {1e21, 1e22, 1e23}) {
            int n = 40;
            double[] params = new double[n];
            double[] loss = new double[n];
            int best = 0;
            for (int i = 0; i < n; i++) {
                params[i] = 1e8 * Math.pow(10, 3.0 * i / (n - 1));
                loss[i] = e + a / Math.pow(params[i], alpha) + b / Math.pow(c / (6 * params[i]), beta);
                best = loss[i] < loss[best] ? i : best;
            }
            curves.add(new IsoFlopCurve(c, new Points(params, loss), params[best], loss[best]));
        }
        Path png = dir.resolve("isoflop.png");
        Plots.isoFlop("Hoffmann et al. 2022", curves).write(png);
        BufferedImage image = readPng(png, Plots.WIDTH_PX, Plots.HEIGHT_PX);
        for (int rgb : new int[] {0x0072B2, 0xD55E00, 0x009E73}) {
            assertTrue(pixelsOf(image, rgb) > 0, "curve colour " + Integer.toHexString(rgb) + " missing");
        }
    }

    @Test
    void breakdownPanelsStackIntoOnePicture() throws IOException {
        Map<String, Long> params = new LinkedHashMap<>();
        params.put("embedding", 131_072_000L);
        params.put("position_embedding", 0L);
        params.put("attention", 2_147_483_648L);
        params.put("mlp", 4_328_521_728L);
        Map<String, Double> memoryGiB = Map.of("weights", 12.5, "optimizer state", 50.0);
        Path png = dir.resolve("breakdown.png");
        Plots.breakdown("parameters", "parameters", params)
                .above(Plots.breakdown("memory", "memory per GPU [GiB]", memoryGiB))
                .write(png);
        readPng(png, Plots.WIDTH_PX, 2 * Plots.BREAKDOWN_HEIGHT_PX);
    }

    @Test
    void breakdownSharesAreRoundedButNeverShownAsZero() {
        assertEquals("31.9%", Plots.share(0.3187));
        assertEquals("0.1%", Plots.share(0.0005));
        assertEquals("<0.1%", Plots.share(0.0004));
    }

    @Test
    void logAxisOnlyWhenAllValuesArePositiveAndSpanMoreThanTwoDecades() {
        Points[] twoDecades = {new Points(new double[] {1, 100}, new double[] {1, 1})};
        Points[] moreThanTwo = {new Points(new double[] {1, 50}, new double[] {1, 1}),
                new Points(new double[] {100.5}, new double[] {1})};
        Points[] withZero = {new Points(new double[] {0, 1e6}, new double[] {1, 1})};
        assertFalse(Plots.spansDecades(twoDecades, true));
        assertTrue(Plots.spansDecades(moreThanTwo, true));
        assertFalse(Plots.spansDecades(moreThanTwo, false));
        assertFalse(Plots.spansDecades(withZero, true));
    }

    @Test
    void cloudIsThinnedToEveryKthPoint() {
        assertEquals(1, Plots.stride(20_000, 20_000));
        assertEquals(2, Plots.stride(20_001, 20_000));
        assertEquals(50, Plots.stride(1_000_000, 20_000));
        double[] x = {0, 1, 2, 3, 4, 5, 6};
        Points thinned = Plots.thin(new Points(x, x), 3);
        assertArrayEquals(new double[] {0, 3, 6}, thinned.x());
        assertArrayEquals(new double[] {0, 3, 6}, thinned.y());
    }

    @Test
    void tickLabelsAreShortAndUnitFree() {
        assertEquals("0", TickLabels.compact(0));
        assertEquals("0.5", TickLabels.compact(0.5));
        assertEquals("2.25", TickLabels.compact(2.25));
        assertEquals("9990", TickLabels.compact(9990));
        assertEquals("1e4", TickLabels.compact(9999)); // rounds to 3 digits first
        assertEquals("1.2e4", TickLabels.compact(12_000));
        assertEquals("1e21", TickLabels.compact(1e21));
        assertEquals("3.16e22", TickLabels.compact(Math.sqrt(10) * 1e22));
        assertEquals("-2.5e11", TickLabels.compact(-2.5e11));
        assertEquals("1.23e-5", TickLabels.compact(1.234e-5));
    }

    @Test
    void badInputIsRejectedWithTheReason() {
        assertThrows(IllegalArgumentException.class, () -> new Points(new double[2], new double[3]));
        IllegalArgumentException ext = assertThrows(IllegalArgumentException.class,
                () -> Plot.Format.of(Path.of("out/frontier.jpg")));
        assertTrue(ext.getMessage().contains(".png or .svg"), ext.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.frontier("s", "x", "y",
                new Points(new double[] {1}, new double[] {1}), new long[2], e -> "c", Points.NONE));
        assertThrows(IllegalArgumentException.class,
                () -> Plots.breakdown("t", "v", Map.of("a", 0L, "b", 0L)));
        assertThrows(IllegalArgumentException.class, () -> Plots.breakdown("t", "v", Map.of("a", -1L)));
    }
}
