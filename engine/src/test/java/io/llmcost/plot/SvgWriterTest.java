package io.llmcost.plot;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.svg.SVGProcessor;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import org.apache.batik.transcoder.TranscoderException;
import org.apache.batik.transcoder.TranscoderInput;
import org.apache.batik.transcoder.TranscoderOutput;
import org.apache.batik.transcoder.image.ImageTranscoder;
import org.junit.jupiter.api.Test;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.font.FontRenderContext;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SvgWriterTest {

    private static String svg(VectorGraphics2D g) {
        return SvgWriter.write(g.getCommands(), 200, 100, "t", "d");
    }

    @Test
    void aFillIsAPathInUserSpaceUnderItsTransformWithColourAndOpacity() {
        VectorGraphics2D g = new VectorGraphics2D();
        g.translate(5, 7);
        g.setColor(new Color(0xD5, 0x5E, 0x00, 128));
        g.fill(new Rectangle(10, 20, 30, 40));
        // Rectangle's outline: its four corners clockwise from (x, y), back to the start, closed. 128/255 = 0.50196.
        assertTrue(svg(g).contains("<path d=\"M10,20 L40,20 L40,60 L10,60 L10,20 Z\" transform=\"matrix(1 0 0 1 5 7)\""
                + " fill=\"#d55e00\" fill-opacity=\"0.502\"/>"), svg(g));
    }

    @Test
    void aStrokeCarriesWidthCapsJoinsAndDashes() {
        VectorGraphics2D g = new VectorGraphics2D();
        g.setColor(new Color(0x00, 0x72, 0xB2));
        g.setStroke(new BasicStroke(2, BasicStroke.CAP_ROUND, BasicStroke.JOIN_BEVEL, 10, new float[] {3, 1.5f}, 0.5f));
        g.draw(new Line2D.Double(0, 0, 1, 2));
        g.setStroke(new BasicStroke(1.25f)); // Java's defaults: square caps, miter joins with a limit of 10
        g.draw(new Line2D.Double(-1, -2, 3, 4));
        g.setStroke(new BasicStroke(0)); // Java's thinnest line, which SVG would not draw at width 0
        g.draw(new Line2D.Double(5, 6, 7, 8));
        String svg = svg(g);
        assertTrue(svg.contains("<path d=\"M0,0 L1,2\" fill=\"none\" stroke=\"#0072b2\" stroke-width=\"2\" "
                + "stroke-linecap=\"round\" stroke-linejoin=\"bevel\" stroke-dasharray=\"3,1.5\" "
                + "stroke-dashoffset=\"0.5\"/>"), svg);
        assertTrue(svg.contains("<path d=\"M-1,-2 L3,4\" fill=\"none\" stroke=\"#0072b2\" stroke-width=\"1.25\" "
                + "stroke-linecap=\"square\" stroke-miterlimit=\"10\"/>"), svg);
        assertTrue(svg.contains("<path d=\"M5,6 L7,8\" fill=\"none\" stroke=\"#0072b2\" stroke-width=\"1\" "
                + "vector-effect=\"non-scaling-stroke\" stroke-linecap=\"square\" stroke-miterlimit=\"10\"/>"), svg);
    }

    @Test
    void anEvenOddShapeKeepsItsFillRule() {
        Path2D.Double ring = new Path2D.Double(Path2D.WIND_EVEN_ODD);
        ring.append(new Rectangle(0, 0, 4, 4), false);
        ring.append(new Rectangle(1, 1, 2, 2), false);
        VectorGraphics2D g = new VectorGraphics2D();
        g.fill(ring);
        assertTrue(svg(g).contains("<path d=\"M0,0 L4,0 L4,4 L0,4 L0,0 Z M1,1 L3,1 L3,3 L1,3 L1,1 Z\" "
                + "fill=\"#000000\" fill-rule=\"evenodd\"/>"), svg(g));
    }

    @Test
    void aClipIsInPageCoordinatesAndEndsWithTheGraphicsThatSetIt() {
        VectorGraphics2D g = new VectorGraphics2D();
        Graphics2D part = (Graphics2D) g.create(100, 50, 20, 10); // translate (100, 50), clip 20 x 10 from there
        part.fill(new Rectangle(0, 0, 5, 5));
        part.dispose();
        g.fill(new Rectangle(1, 2, 3, 4));
        String svg = svg(g);
        String clip = "<clipPath id=\"c1\"><path d=\"M100,50 L120,50 L120,60 L100,60 L100,50 Z\"/></clipPath>\n"
                + "<g clip-path=\"url(#c1)\">\n"
                + "<path d=\"M0,0 L5,0 L5,5 L0,5 L0,0 Z\" transform=\"matrix(1 0 0 1 100 50)\" fill=\"#000000\"/>\n"
                + "</g>\n"
                + "<path d=\"M1,2 L4,2 L4,6 L1,6 L1,2 Z\" fill=\"#000000\"/>\n";
        assertTrue(svg.contains(clip), svg);
    }

    @Test
    void coordinatesAreRoundedToAThousandthWithoutNegativeZero() {
        VectorGraphics2D g = new VectorGraphics2D();
        g.fill(new Rectangle2D.Double(-0.0004, 1.0 / 3, 0.05, 2.5));
        // corners: x -0.0004 -> 0 (not -0), 0.0496 -> 0.05; y 0.3333 -> 0.333, 2.8333 -> 2.833
        assertTrue(svg(g).contains("<path d=\"M0,0.333 L0.05,0.333 L0.05,2.833 L0,2.833 L0,0.333 Z\""), svg(g));
    }

    @Test
    void titleAndDescriptionAreEscaped() {
        String svg = SvgWriter.write(new VectorGraphics2D().getCommands(), 3, 2, "a < b & c", "\"d\" > e");
        assertTrue(svg.contains("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"3px\" height=\"2px\" "
                + "viewBox=\"0 0 3 2\">\n<title>a &lt; b &amp; c</title>\n<desc>&quot;d&quot; &gt; e</desc>\n"), svg);
    }

    @Test
    void textIsFilledAsTheOutlineOfItsGlyphsInTheFontOfItsTime() {
        VectorGraphics2D g = new VectorGraphics2D();
        g.drawString("l", 10, 20); // before any setFont: VectorGraphics2D's default font, which it does not record
        Font big = new Font(Font.SANS_SERIF, Font.PLAIN, 40);
        g.setFont(big);
        g.drawString("l", 10, 20);
        List<String> paths = java.util.regex.Pattern.compile("<path d=\"([^\"]*)\"").matcher(svg(g)).results()
                .map(m -> m.group(1)).toList();
        assertEquals(2, paths.size(), svg(g));
        FontRenderContext frc = new FontRenderContext(null, true, true);
        List<Font> fonts = List.of(Font.decode(null), big);
        for (int i = 0; i < 2; i++) {
            // an "l" is drawn with straight edges, so the corners of its path are the corners of its glyph's bounds
            Rectangle2D want = fonts.get(i).createGlyphVector(frc, "l").getOutline(10, 20).getBounds2D();
            double[] xy = java.util.Arrays.stream(paths.get(i).split("[^-0-9.]+")).filter(t -> !t.isEmpty())
                    .mapToDouble(Double::parseDouble).toArray();
            double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE, minY = Double.MAX_VALUE, maxY = -Double.MAX_VALUE;
            for (int k = 0; k < xy.length; k += 2) {
                minX = Math.min(minX, xy[k]);
                maxX = Math.max(maxX, xy[k]);
                minY = Math.min(minY, xy[k + 1]);
                maxY = Math.max(maxY, xy[k + 1]);
            }
            assertEquals(want.getMinX(), minX, 5e-4, fonts.get(i).toString());
            assertEquals(want.getMaxX(), maxX, 5e-4, fonts.get(i).toString());
            assertEquals(want.getMinY(), minY, 5e-4, fonts.get(i).toString());
            assertEquals(want.getMaxY(), maxY, 5e-4, fonts.get(i).toString());
        }
    }

    @Test
    void aCommandItCannotWriteIsAnErrorNotAGap() {
        VectorGraphics2D g = new VectorGraphics2D();
        g.drawImage(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), 0, 0, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> svg(g));
        assertTrue(e.getMessage().contains("DrawImageCommand"), e.getMessage());
    }

    /**
     * Every kind of plot the CLI writes, rendered by Apache Batik from this writer's SVG and from VectorGraphics2D's
     * own SVG processor (an independent translation of the same drawing), gives the same picture: antialiased edges
     * may differ by a few grey levels, a misplaced or missing shape would not.
     */
    @Test
    void everyPlotRendersAsVectorGraphics2DsOwnSvgDoes() throws Exception {
        int n = 30;
        double[] cost = new double[n];
        double[] loss = new double[n];
        long[] experts = new long[n];
        double[] kv = new double[n];
        for (int i = 0; i < n; i++) {
            cost[i] = 1e8 * Math.pow(10, 3.0 * i / (n - 1));
            loss[i] = 3.2 - 1.1 * i / (n - 1);
            experts[i] = i < 10 ? 1 : 8;
            kv[i] = 1e3 * (i + 1);
        }
        Points frontier = new Points(cost, loss);
        Points cloud = new Points(new double[] {2e8, 5e9, 3e10}, new double[] {3.3, 2.9, 2.6});
        List<IsoFlopCurve> isoFlops = List.of(new IsoFlopCurve(1e21, frontier, 1e9, 2.8),
                new IsoFlopCurve(1e22, new Points(cost, kv), 1e10, 2e4));
        Map<String, Plot> plots = Map.of(
                "frontier", Plots.frontier("t", "cost [FLOP]", "loss [nats]", frontier, experts,
                        e -> e == 1 ? "dense" : e + " experts", cloud),
                "frontier by value", Plots.frontierByValue("t", "cost [FLOP]", "loss [nats]", frontier,
                        "kv_cache_bytes_per_token", kv, "layers", kv, Points.NONE),
                "empty", Plots.empty("t", "x [u]", "y [u]", "every point is above max_memory_per_gpu"),
                "stacked breakdowns", Plots.breakdown("b", "parameters [billions]",
                        Map.of("embedding", 0.5, "attention", 1.25, "ffn", 5.5))
                        .above(Plots.breakdown("m", "memory [GiB]", Map.of("weights", 12.5, "optimizer", 50.0))),
                "iso-FLOP", Plots.isoFlop("law", isoFlops),
                "curve", Plots.curve("c", "batch", "tokens/s", "decode", cost, loss),
                "predicted vs measured", Plots.predictedVersusMeasured("p", "measured [s]", "predicted [s]",
                        List.of("a", "b"), List.of(cost, kv), List.of(kv, cost)));
        for (Map.Entry<String, Plot> e : plots.entrySet()) {
            Plot plot = e.getValue();
            VectorGraphics2D g = new VectorGraphics2D();
            plot.paint(g);
            ByteArrayOutputStream theirs = new ByteArrayOutputStream();
            new SVGProcessor().getDocument(g.getCommands(), new PageSize(0, 0, plot.widthPx(), plot.heightPx()))
                    .writeTo(theirs);
            String ours = SvgWriter.write(g.getCommands(), plot.widthPx(), plot.heightPx(), "t", "d");
            BufferedImage a = render(ours, plot);
            BufferedImage b = render(theirs.toString(StandardCharsets.UTF_8), plot);
            long channels = 0;
            long far = 0;
            double sum = 0;
            for (int x = 0; x < a.getWidth(); x++) {
                for (int y = 0; y < a.getHeight(); y++) {
                    for (int shift = 0; shift < 24; shift += 8) {
                        int d = Math.abs((a.getRGB(x, y) >> shift & 0xFF) - (b.getRGB(x, y) >> shift & 0xFF));
                        sum += d;
                        far += d > 64 ? 1 : 0;
                        channels++;
                    }
                }
            }
            assertTrue(sum / channels < 0.05, e.getKey() + ": mean difference " + sum / channels);
            assertEquals(0, far, e.getKey() + ": channel values more than 64 grey levels apart");
        }
    }

    private static BufferedImage render(String svg, Plot plot) throws TranscoderException {
        BufferedImage[] image = new BufferedImage[1];
        ImageTranscoder t = new ImageTranscoder() {
            @Override
            public BufferedImage createImage(int width, int height) {
                return new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
            }

            @Override
            public void writeImage(BufferedImage img, TranscoderOutput out) {
                image[0] = img;
            }
        };
        t.addTranscodingHint(ImageTranscoder.KEY_BACKGROUND_COLOR, Color.WHITE);
        t.addTranscodingHint(ImageTranscoder.KEY_WIDTH, (float) plot.widthPx());
        t.addTranscodingHint(ImageTranscoder.KEY_HEIGHT, (float) plot.heightPx());
        TranscoderInput in = new TranscoderInput(new StringReader(svg));
        in.setURI("file:/plot.svg");
        t.transcode(in, null);
        return image[0];
    }
}
