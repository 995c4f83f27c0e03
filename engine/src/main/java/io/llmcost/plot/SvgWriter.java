package io.llmcost.plot;

import de.erichseifert.vectorgraphics2d.intermediate.CommandSequence;
import de.erichseifert.vectorgraphics2d.intermediate.commands.AffineTransformCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.Command;
import de.erichseifert.vectorgraphics2d.intermediate.commands.CreateCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DisposeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.DrawStringCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.FillShapeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetClipCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetColorCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetFontCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetHintCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetStrokeCommand;
import de.erichseifert.vectorgraphics2d.intermediate.commands.SetTransformCommand;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.PathIterator;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * SVG text of what a {@code VectorGraphics2D} recorded: every shape a {@code <path>} in page coordinates, every
 * clip a {@code <clipPath>} around the shapes it applies to, text as glyph outlines (like XChart's own). It writes
 * the text directly: VectorGraphics2D's SVG processor builds an XML DOM and serialises it through the JDK's XSLT
 * transformer, which cost a short sweep a fifth of its start-up (bench/README.md, "Start-up"). A command this
 * writer does not know (images, composites, paints, XOR mode: no plot uses them) is an error, never silently left
 * out.
 *
 * <p>Coordinates and transform entries are written to 1/1000, so the same drawing gives the same bytes.
 */
final class SvgWriter {

    /** Text outlines at fractional glyph positions, like the PNG's antialiased text. */
    private static final FontRenderContext TEXT = new FontRenderContext(null, true, true);
    /** The font before any is set: VectorGraphics2D's (GraphicsState.DEFAULT_FONT), which it does not record. */
    private static final Font DEFAULT_FONT = Font.decode(null);
    /** Far beyond any page; a coordinate past it (or NaN) is a drawing bug, not something to round. */
    private static final double MAX_COORDINATE = 1e12;

    /** The graphics state a drawing command is painted with. */
    private static final class State {
        AffineTransform transform = new AffineTransform();
        /** In page coordinates; null for none. */
        Shape clip;
        Color color = Color.BLACK;
        BasicStroke stroke = new BasicStroke();
        Font font = DEFAULT_FONT;

        State copy() {
            State s = new State();
            s.transform = new AffineTransform(transform);
            s.clip = clip;
            s.color = color;
            s.stroke = stroke;
            s.font = font;
            return s;
        }
    }

    private final StringBuilder svg = new StringBuilder(1 << 16);
    /** Graphics created and not yet disposed; VectorGraphics2D records them nested, as Plot paints them. */
    private final Deque<State> states = new ArrayDeque<>();
    private State state = new State();
    /** The clip of the open {@code <g>}, or null when none is open. */
    private Shape openClip;
    private int clips;

    private SvgWriter() {}

    /** The SVG document of {@code commands} on a page of {@code widthPx} x {@code heightPx}. */
    static String write(CommandSequence commands, int widthPx, int heightPx, String title, String desc) {
        SvgWriter w = new SvgWriter();
        w.svg.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(widthPx).append("px\" height=\"").append(heightPx).append("px\" viewBox=\"0 0 ")
                .append(widthPx).append(' ').append(heightPx).append("\">\n<title>").append(xml(title))
                .append("</title>\n<desc>").append(xml(desc)).append("</desc>\n");
        for (Command<?> c : commands) {
            w.apply(c);
        }
        w.clipTo(null);
        return w.svg.append("</svg>\n").toString();
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private void apply(Command<?> c) {
        if (c instanceof FillShapeCommand f) {
            path(f.getValue(), true);
        } else if (c instanceof DrawShapeCommand d) {
            path(d.getValue(), false);
        } else if (c instanceof DrawStringCommand t) {
            path(state.font.createGlyphVector(TEXT, t.getValue()).getOutline((float) t.getX(), (float) t.getY()),
                    true);
        } else if (c instanceof CreateCommand) {
            states.push(state);
            state = state.copy();
        } else if (c instanceof DisposeCommand) {
            if (!states.isEmpty()) {
                state = states.pop();
            }
        } else if (c instanceof SetTransformCommand t) {
            state.transform = new AffineTransform(t.getValue());
        } else if (c instanceof AffineTransformCommand t) { // transform, translate, rotate, scale, shear
            state.transform.concatenate(t.getValue());
        } else if (c instanceof SetClipCommand clip) { // given in the user space of its time
            state.clip = clip.getValue() == null ? null : state.transform.createTransformedShape(clip.getValue());
        } else if (c instanceof SetColorCommand color) {
            state.color = color.getValue();
        } else if (c instanceof SetStrokeCommand stroke && stroke.getValue() instanceof BasicStroke basic) {
            state.stroke = basic;
        } else if (c instanceof SetFontCommand font) {
            state.font = font.getValue();
        } else if (!(c instanceof SetHintCommand)) { // hints only steer rasterisers
            throw new IllegalArgumentException("SVG: cannot write the drawing command " + c);
        }
    }

    private void path(Shape shape, boolean fill) {
        clipTo(state.clip);
        svg.append("<path d=\"");
        pathData(shape.getPathIterator(null));
        svg.append('"');
        AffineTransform t = state.transform;
        if (!t.isIdentity()) {
            svg.append(" transform=\"matrix(");
            number(t.getScaleX()).append(' ');
            number(t.getShearY()).append(' ');
            number(t.getShearX()).append(' ');
            number(t.getScaleY()).append(' ');
            number(t.getTranslateX()).append(' ');
            number(t.getTranslateY()).append(")\"");
        }
        String rgb = "#" + Integer.toHexString(0x1000000 | state.color.getRGB() & 0xFFFFFF).substring(1);
        double opacity = state.color.getAlpha() / 255.0;
        if (fill) {
            svg.append(" fill=\"").append(rgb).append('"');
            if (opacity < 1) {
                number(svg.append(" fill-opacity=\""), opacity).append('"');
            }
            if (shape.getPathIterator(null).getWindingRule() == PathIterator.WIND_EVEN_ODD) {
                svg.append(" fill-rule=\"evenodd\"");
            }
        } else {
            stroke(rgb, opacity);
        }
        svg.append("/>\n");
    }

    private void stroke(String rgb, double opacity) {
        BasicStroke s = state.stroke;
        svg.append(" fill=\"none\" stroke=\"").append(rgb).append('"');
        if (opacity < 1) {
            number(svg.append(" stroke-opacity=\""), opacity).append('"');
        }
        // Java draws a zero-width stroke as the thinnest line the device can show; SVG would draw nothing.
        number(svg.append(" stroke-width=\""), s.getLineWidth() == 0 ? 1 : s.getLineWidth()).append('"');
        if (s.getLineWidth() == 0) {
            svg.append(" vector-effect=\"non-scaling-stroke\"");
        }
        switch (s.getEndCap()) { // SVG's default is butt
            case BasicStroke.CAP_ROUND -> svg.append(" stroke-linecap=\"round\"");
            case BasicStroke.CAP_SQUARE -> svg.append(" stroke-linecap=\"square\"");
            default -> { }
        }
        switch (s.getLineJoin()) { // SVG's default is miter, with a limit of 4 where Java's is 10
            case BasicStroke.JOIN_ROUND -> svg.append(" stroke-linejoin=\"round\"");
            case BasicStroke.JOIN_BEVEL -> svg.append(" stroke-linejoin=\"bevel\"");
            default -> number(svg.append(" stroke-miterlimit=\""), s.getMiterLimit()).append('"');
        }
        float[] dash = s.getDashArray();
        if (dash != null) {
            svg.append(" stroke-dasharray=\"");
            for (int i = 0; i < dash.length; i++) {
                number(i == 0 ? svg : svg.append(','), dash[i]);
            }
            svg.append('"');
            if (s.getDashPhase() != 0) {
                number(svg.append(" stroke-dashoffset=\""), s.getDashPhase()).append('"');
            }
        }
    }

    /** Closes the open clip group unless it has this clip, and opens one for it (none for a null clip). */
    private void clipTo(Shape clip) {
        if (clip == openClip) {
            return;
        }
        if (openClip != null) {
            svg.append("</g>\n");
        }
        openClip = clip;
        if (clip != null) {
            String id = "c" + ++clips;
            svg.append("<clipPath id=\"").append(id).append("\"><path d=\"");
            pathData(clip.getPathIterator(null));
            svg.append("\"/></clipPath>\n<g clip-path=\"url(#").append(id).append(")\">\n");
        }
    }

    private void pathData(PathIterator it) {
        double[] p = new double[6];
        boolean first = true;
        for (; !it.isDone(); it.next()) {
            int n = switch (it.currentSegment(p)) {
                case PathIterator.SEG_MOVETO -> letter('M', first, 1);
                case PathIterator.SEG_LINETO -> letter('L', first, 1);
                case PathIterator.SEG_QUADTO -> letter('Q', first, 2);
                case PathIterator.SEG_CUBICTO -> letter('C', first, 3);
                default -> letter('Z', first, 0);
            };
            for (int i = 0; i < 2 * n; i++) {
                number(i == 0 ? svg : svg.append(i % 2 == 1 ? ',' : ' '), p[i]);
            }
            first = false;
        }
    }

    private int letter(char c, boolean first, int points) {
        if (!first) {
            svg.append(' ');
        }
        svg.append(c);
        return points;
    }

    private StringBuilder number(double v) {
        return number(svg, v);
    }

    /** {@code v} rounded to 1/1000, without a trailing zero or point: locale-free and the same on every run. */
    private static StringBuilder number(StringBuilder out, double v) {
        if (!(Math.abs(v) < MAX_COORDINATE)) {
            throw new IllegalArgumentException("SVG: a coordinate is " + v);
        }
        long m = Math.round(Math.abs(v) * 1000);
        if (m != 0 && v < 0) {
            out.append('-');
        }
        out.append(m / 1000);
        long frac = m % 1000;
        if (frac != 0) {
            out.append('.');
            if (frac < 100) {
                out.append('0');
            }
            if (frac < 10) {
                out.append('0');
            }
            while (frac % 10 == 0) {
                frac /= 10;
            }
            out.append(frac);
        }
        return out;
    }
}
