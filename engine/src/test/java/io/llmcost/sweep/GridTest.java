package io.llmcost.sweep;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GridTest {

    /** 100,000 x 100,000 x 3 = 3e10 points, beyond 2^31. */
    static final Grid BIG = Fixtures.grid("""
            axes:
              hidden: {from: 1, to: 100000, step: 1}
              layers: {from: 1, to: 100000, step: 1}
              tokens: [1e9, 1e10, 1e11]
            objectives: [loss, params_total]
            """);

    @Test
    void sizeIsTheProductOfAxisSizes() {
        assertEquals(30_000_000_000L, BIG.size());
        assertTrue(BIG.size() > Integer.MAX_VALUE);
    }

    @Property(tries = 2000)
    void indexRoundTripsThroughDigits(@ForAll @LongRange(min = 0, max = 29_999_999_999L) long index) {
        int[] d = BIG.digits(index);
        assertEquals(index, BIG.index(d));
        // mixed radix, last axis fastest: index = (hidden_digit * 100000 + layers_digit) * 3 + tokens_digit
        assertEquals(index, ((long) d[0] * 100_000 + d[1]) * 3 + d[2]);
        assertEquals(d[0] + 1, BIG.value(AxisName.HIDDEN, d));
    }

    /** Grids and partials cross process boundaries (a Spark job ships them): Java serialization round trip. */
    @Test
    void gridAndPartialSurviveSerialization() throws Exception {
        Grid g = Fixtures.grid(Fixtures.MOE);
        Grid copy = roundTrip(g);
        Partial direct = Sweep.evaluateRange(g, 0, 20_000);
        Partial shipped = roundTrip(Sweep.evaluateRange(copy, 0, 20_000));
        assertEquals(direct.pointsValid(), shipped.pointsValid());
        assertEquals(direct.frontier().size(), shipped.frontier().size());
        for (int i = 0; i < direct.frontier().size(); i++) {
            assertEquals(direct.frontier().index(i), shipped.frontier().index(i));
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }

    /** The kernel's odometer visits the same points as decoding each index, across axis wrap-arounds. */
    @Test
    void consecutiveIndicesMatchDecodedOnes() {
        Grid g = Fixtures.grid(Fixtures.DENSE);
        Kernel k = new Kernel(g);
        Frontier f = new Frontier(g.objectives().size());
        long from = 12_345, to = 20_000;
        k.evaluate(from, to, f);
        long valid = 0;
        for (long i = from; i < to; i++) {
            valid += ReferenceEvaluator.evaluate(g, i) != null ? 1 : 0;
        }
        assertEquals(valid, k.pointsValid);
    }
}
