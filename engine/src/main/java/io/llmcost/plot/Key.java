package io.llmcost.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;

/**
 * The key beside a frontier plot whose points are coloured by a numeric column (a colour bar with its column name and
 * ticks) and, for a fourth objective, sized by another (one marker per size class with its range). Drawn with plain
 * Graphics2D calls, so the PNG and the SVG show the same.
 */
record Key(ColourScale colour, SizeClasses size, String cloudLabel) {

    /** Width of the strip to the right of the chart that holds the key. */
    static final int WIDTH_PX = 190;
    private static final int BAR_WIDTH_PX = 22;
    private static final int BAR_HEIGHT_PX = 360;
    private static final int TOP_PX = 70;
    private static final int TICKS = 5;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 13);

    void paint(Graphics2D g, int heightPx) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH_PX, heightPx);
        int x = 16;
        int y = TOP_PX;
        g.setColor(Color.BLACK);
        g.setFont(TITLE);
        y = title(g, "colour: " + colour.column(), x, y);
        // The bar, low values at the bottom as on a y axis; one band per colour level.
        int levels = ColourScale.LEVELS;
        for (int i = 0; i < levels; i++) {
            int top = y + BAR_HEIGHT_PX - (i + 1) * BAR_HEIGHT_PX / levels;
            int bottom = y + BAR_HEIGHT_PX - i * BAR_HEIGHT_PX / levels;
            g.setColor(ColourScale.color(i));
            g.fillRect(x, top, BAR_WIDTH_PX, bottom - top);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x, y, BAR_WIDTH_PX, BAR_HEIGHT_PX);
        g.setFont(LABEL);
        FontMetrics fm = g.getFontMetrics();
        for (int t = 0; t < TICKS; t++) {
            double f = (double) t / (TICKS - 1);
            int ty = y + BAR_HEIGHT_PX - (int) Math.round(f * BAR_HEIGHT_PX);
            g.setColor(Color.GRAY);
            g.drawLine(x + BAR_WIDTH_PX, ty, x + BAR_WIDTH_PX + 5, ty);
            g.setColor(Color.BLACK);
            g.drawString(TickLabels.compact(colour.valueAt(f)), x + BAR_WIDTH_PX + 8, ty + fm.getAscent() / 2 - 1);
        }
        y += BAR_HEIGHT_PX + 20;
        if (colour.log()) {
            g.drawString("(log scale)", x, y);
            y += 20;
        }
        if (size != null) {
            y += 14;
            g.setFont(TITLE);
            y = title(g, "size: " + size.column(), x, y);
            g.setFont(LABEL);
            for (int c = 0; c < size.count(); c++) {
                double d = size.diameterPx(c);
                g.setColor(Color.DARK_GRAY);
                g.fill(new Ellipse2D.Double(x + 10 - d / 2, y + 8 - d / 2, d, d));
                g.setColor(Color.BLACK);
                g.drawString(size.label(c), x + 26, y + 8 + fm.getAscent() / 2 - 1);
                y += 24;
            }
        }
        if (cloudLabel != null) {
            y += 14;
            g.setColor(Plots.CLOUD_COLOR);
            g.fill(new Ellipse2D.Double(x + 6, y + 4, 8, 8));
            g.setColor(Color.BLACK);
            g.drawString(cloudLabel, x + 26, y + 8 + fm.getAscent() / 2 - 1);
        }
        g.setStroke(new BasicStroke(1));
    }

    /** Draws a title, on two lines when it is wider than the strip; returns the y below it. */
    private static int title(Graphics2D g, String text, int x, int y) {
        FontMetrics fm = g.getFontMetrics();
        int room = WIDTH_PX - x - 8;
        if (fm.stringWidth(text) <= room) {
            g.drawString(text, x, y);
            return y + 16;
        }
        int cut = text.lastIndexOf('_', text.length() - 1);
        while (cut > 0 && fm.stringWidth(text.substring(0, cut + 1)) > room) {
            cut = text.lastIndexOf('_', cut - 1);
        }
        cut = cut > 0 ? cut + 1 : Math.max(1, text.length() / 2);
        g.drawString(text.substring(0, cut), x, y);
        g.drawString(text.substring(cut), x, y + 17);
        return y + 33;
    }
}
