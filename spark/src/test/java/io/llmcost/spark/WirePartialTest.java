package io.llmcost.spark;

import io.llmcost.sweep.Frontier;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Partial;
import io.llmcost.sweep.Sweep;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a task sends: 8 bytes per point plus 8 per objective, and the same frontier back. */
class WirePartialTest {

    private static byte[] serialise(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @Test
    void aPartialCostsItsPrimitivesAndComesBackUnchanged() throws Exception {
        Grid grid = Specs.grid("moe-vs-dense"); // three objectives
        Partial p = Sweep.evaluateRange(grid, 0, grid.size());
        Frontier f = p.frontier();
        int n = f.size(), k = f.objectives();
        assertEquals(3, k);
        assertTrue(n > 100, "a frontier of " + n + " points");
        byte[] wire = serialise(WirePartial.of(p, "exec-7"));
        // Payload written by hand: k (1 byte), n (4), n indices (8 each), n x k objectives (8 each), three counts
        // (valid, evaluated, outside the law's range; 8 each), the executor count (4) and "exec-7" in modified UTF-8
        // (2 + 6).
        long payload = 1 + 4 + 8L * n + 8L * n * k + 24 + 4 + 8;
        // Java serialisation adds its stream header and class descriptor (a few hundred bytes at most) and a
        // 5-byte header per 1024-byte data block; a boxed row per point would cost far more than that.
        long framing = wire.length - payload;
        assertTrue(framing >= 0 && framing <= 300 + 5 * (payload / 1024 + 1),
                wire.length + " bytes on the wire for a payload of " + payload);

        WirePartial back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(wire))) {
            back = (WirePartial) in.readObject();
        }
        Partial q = back.partial();
        assertEquals(p.pointsValid(), q.pointsValid());
        assertEquals(p.pointsEvaluated(), q.pointsEvaluated());
        assertEquals(java.util.List.of("exec-7"), back.executors());
        assertArrayEquals(points(f), points(q.frontier()));
    }

    @Test
    void mergingHalvesGivesTheWholeAndUnitesTheExecutors() {
        Grid grid = Specs.grid("default");
        long half = grid.size() / 2;
        WirePartial a = WirePartial.of(Sweep.evaluateRange(grid, 0, half), "2");
        WirePartial b = WirePartial.of(Sweep.evaluateRange(grid, half, grid.size()), "10");
        WirePartial merged = WirePartial.merge(grid, WirePartial.merge(grid, WirePartial.empty(2), a), b);
        Partial whole = Sweep.evaluateRange(grid, 0, grid.size());
        assertEquals(Specs.csv(grid, whole.frontier()), Specs.csv(grid, merged.partial().frontier()));
        assertEquals(whole.pointsValid(), merged.partial().pointsValid());
        assertEquals(java.util.List.of("10", "2"), merged.executors()); // sorted as strings
    }

    /** Index and objectives of every point, in output order. */
    private static double[] points(Frontier f) {
        int k = f.objectives();
        double[] out = new double[f.size() * (k + 1)];
        int at = 0;
        for (int i : f.outputOrder()) {
            out[at++] = f.index(i);
            for (int j = 0; j < k; j++) {
                out[at++] = f.objective(i, j);
            }
        }
        return out;
    }
}
