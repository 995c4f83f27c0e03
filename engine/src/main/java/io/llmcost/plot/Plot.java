package io.llmcost.plot;

import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import io.llmcost.io.AtomicFile;
import org.knowm.xchart.internal.chartpart.AxesChart;

import javax.imageio.ImageIO;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A finished picture: one chart, or several stacked top to bottom, all of the same width. Made by {@link Plots};
 * written as PNG or SVG, chosen by the file name's extension.
 *
 * <p>XChart draws text as glyph outlines, so an SVG renders the same without the fonts but holds no text elements;
 * the SVG therefore carries the chart and axis titles in its {@code <title>} and {@code <desc>} elements, for screen
 * readers and search.
 */
public final class Plot {

    /** Output formats, named by the extension of the file to write. */
    public enum Format {
        PNG, SVG;

        /** The format of {@code file} from its extension, or an IllegalArgumentException naming what is accepted. */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".png")) return PNG;
            if (name.endsWith(".svg")) return SVG;
            throw new IllegalArgumentException(file + ": expected a file name ending in .png or .svg");
        }
    }

    private final List<AxesChart<?, ?>> charts;
    /** Drawn in a strip right of the first chart, or null. */
    private final Key key;

    Plot(List<AxesChart<?, ?>> charts) {
        this(charts, null);
    }

    Plot(List<AxesChart<?, ?>> charts, Key key) {
        this.charts = List.copyOf(charts);
        this.key = key;
    }

    /** This plot above {@code below}, in one picture. */
    public Plot above(Plot below) {
        if (below.widthPx() != widthPx()) {
            throw new IllegalArgumentException("stacked plots need equal widths: " + widthPx() + " and "
                    + below.widthPx());
        }
        if (below.key != null) {
            throw new IllegalArgumentException("only the top plot of a stack may have a key");
        }
        return new Plot(Stream.concat(charts.stream(), below.charts.stream()).toList(), key);
    }

    public int widthPx() {
        return charts.get(0).getWidth() + (key == null ? 0 : Key.WIDTH_PX);
    }

    public int heightPx() {
        return charts.stream().mapToInt(AxesChart::getHeight).sum();
    }

    /**
     * Writes the plot to {@code file} (PNG or SVG by extension) through a temporary file in the same directory that
     * is then moved into place, so readers never see a partial file.
     */
    public void write(Path file) throws IOException {
        Format format = Format.of(file);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            AtomicFile.write(file, out -> {
                if (format == Format.PNG) {
                    ImageIO.write(toImage(), "png", out);
                } else {
                    writeSvg(out);
                }
            });
        } catch (IOException e) {
            throw new IOException("cannot write plot " + file + ": " + e, e);
        }
    }

    /** The plot as an RGB image of {@link #widthPx()} x {@link #heightPx()} pixels. */
    public BufferedImage toImage() {
        BufferedImage image = new BufferedImage(widthPx(), heightPx(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            paint(g);
        } finally {
            g.dispose();
        }
        return image;
    }

    private void writeSvg(OutputStream out) throws IOException {
        VectorGraphics2D g = new VectorGraphics2D();
        paint(g);
        String title = charts.stream().map(AxesChart::getTitle).collect(Collectors.joining("; "));
        String desc = charts.stream().map(this::describe).collect(Collectors.joining("; "));
        String svg = SvgWriter.write(g.getCommands(), widthPx(), heightPx(), title, desc);
        out.write(svg.getBytes(StandardCharsets.UTF_8));
    }

    private String describe(AxesChart<?, ?> chart) {
        String text = chart.getTitle() + ": x axis " + chart.getXAxisTitle() + ", y axis " + chart.getYAxisTitle();
        if (key != null && chart == charts.get(0)) {
            text += ", colour " + key.colour().column() + (key.size() == null ? "" : ", size " + key.size().column());
        }
        return text;
    }

    /** Draws the plot; package-private for SvgWriterTest, which records it. */
    void paint(Graphics2D g) {
        if (key != null) {
            AxesChart<?, ?> first = charts.get(0);
            Graphics2D strip = (Graphics2D) g.create(first.getWidth(), 0, Key.WIDTH_PX, first.getHeight());
            try {
                key.paint(strip, first.getHeight());
            } finally {
                strip.dispose();
            }
        }
        int top = 0;
        for (AxesChart<?, ?> chart : charts) {
            Graphics2D part = (Graphics2D) g.create(0, top, chart.getWidth(), chart.getHeight());
            try {
                chart.paint(part, chart.getWidth(), chart.getHeight());
            } finally {
                part.dispose();
            }
            top += chart.getHeight();
        }
    }
}
