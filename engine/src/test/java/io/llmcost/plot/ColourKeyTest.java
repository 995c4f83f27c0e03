package io.llmcost.plot;

import org.junit.jupiter.api.Test;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Frontiers of three and four objectives: colour bar for the third, marker size for the fourth. */
class ColourKeyTest {

    @Test
    void colourIsLogarithmicAboveOneDecadeAndSpansTheLevels() {
        ColourScale log = ColourScale.of("params_total", new double[] {1e8, 3e8, 1e10});
        assertTrue(log.log());
        assertEquals(0, log.level(1e8));
        assertEquals(ColourScale.LEVELS - 1, log.level(1e10));
        // The middle of a log bar from 1e8 to 1e10 is their geometric mean, 1e9; it starts level 32 / 2 = 16.
        assertEquals(1e9, log.valueAt(0.5), 1e-6 * 1e9);
        assertEquals(16, log.level(1.0000001e9));
        ColourScale linear = ColourScale.of("loss", new double[] {2.0, 2.5, 3.0});
        assertFalse(linear.log());
        assertEquals(2.5, linear.valueAt(0.5), 1e-12);
        assertEquals(16, linear.level(2.5)); // (2.5 - 2) / (3 - 2) = 0.5 of 32 levels
    }

    /**
     * Level 0 is drawn in viridis at 0.5 / 32 of the bar: 1/8 of the way from anchor #440154 to anchor #482878, so
     * red 68 x 7/8 + 72 / 8 = 68.5, green 1 x 7/8 + 40 / 8 = 5.875, blue 84 x 7/8 + 120 / 8 = 88.5, rounded half up.
     */
    @Test
    void theFirstLevelIsViridisInterpolatedByHand() {
        assertEquals(new Color(69, 6, 89), ColourScale.color(0));
        // The last level mirrors it between #6DCD59 and #FDE725: 109/8 + 253 x 7/8 = 235, 205/8 + 231 x 7/8 = 227.75,
        // 89/8 + 37 x 7/8 = 43.5.
        assertEquals(new Color(235, 228, 44), ColourScale.color(ColourScale.LEVELS - 1));
    }

    @Test
    void sizeClassesAreQuartilesByRank() {
        SizeClasses c = SizeClasses.of("memory_training_bytes", new double[] {8, 1, 7, 2, 6, 3, 5, 4});
        // 8 values, 4 classes of 2: {1,2}, {3,4}, {5,6}, {7,8}
        assertEquals(0, c.of(2));
        assertEquals(1, c.of(3));
        assertEquals(2, c.of(6));
        assertEquals(3, c.of(8));
        assertEquals("1 to <3", c.label(0));
        assertEquals("7 to 8", c.label(3));
        assertTrue(c.diameterPx(3) > c.diameterPx(0));
    }

    /** The picture holds each point in its level's colour, and the key names both columns. */
    @Test
    void aFourObjectivePlotDrawsColourBarAndSizeKey(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        Points frontier = new Points(new double[] {1, 2, 3, 4}, new double[] {4, 3, 2, 1});
        double[] kv = {1e3, 1e4, 1e5, 1e6};
        Plot plot = Plots.frontierByValue("t", "x [u]", "y [u]", frontier, "kv_cache_bytes_per_token", kv,
                "memory_training_bytes", new double[] {1, 2, 3, 4}, Points.NONE);
        assertEquals(Plots.WIDTH_PX, plot.widthPx());
        BufferedImage image = plot.toImage();
        ColourScale scale = ColourScale.of("kv", kv);
        for (double v : kv) {
            Color want = ColourScale.color(scale.level(v));
            assertTrue(contains(image, want, Plots.WIDTH_PX - Key.WIDTH_PX), "a point drawn in " + want);
        }
        Path svg = dir.resolve("f.svg");
        plot.write(svg);
        String text = Files.readString(svg);
        assertTrue(text.contains("colour kv_cache_bytes_per_token, size memory_training_bytes"), text.substring(0,
                400));
    }

    private static boolean contains(BufferedImage image, Color c, int widthPx) {
        for (int x = 0; x < widthPx; x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                if ((image.getRGB(x, y) & 0xFFFFFF) == (c.getRGB() & 0xFFFFFF)) {
                    return true;
                }
            }
        }
        return false;
    }
}
