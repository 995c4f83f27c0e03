package io.llmcost.plot;

/** Points of a plot as two parallel arrays; the arrays are used as given, not copied. */
public record Points(double[] x, double[] y) {

    public static final Points NONE = new Points(new double[0], new double[0]);

    public Points {
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values, y has " + y.length);
        }
    }

    public int size() {
        return x.length;
    }
}
