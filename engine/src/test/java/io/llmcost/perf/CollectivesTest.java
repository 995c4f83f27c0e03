package io.llmcost.perf;

import io.llmcost.hardware.Gpu;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class CollectivesTest {
    private static final Link LINK = new Link(100e9, 2e-6);

    @Test
    void ringAllReduceMovesTwoTimesNMinusOneOverNOfTheMessage() {
        // 1 GB over 8 ranks: each GPU sends 2 * 7/8 GB = 1.75 GB at 100 GB/s = 17.5 ms, plus 14 steps of 2 us.
        assertEquals(0.0175 + 14 * 2e-6, Collectives.allReduceSeconds(1e9, 8, LINK), 1e-12);
        assertEquals(0, Collectives.allReduceSeconds(1e9, 1, LINK));
    }

    @Test
    void reduceScatterPlusAllGatherIsAnAllReduce() {
        double rs = Collectives.reduceScatterSeconds(3e8, 4, LINK);
        assertEquals(0.75 * 3e8 / 100e9 + 3 * 2e-6, rs, 1e-15);
        assertEquals(Collectives.allReduceSeconds(3e8, 4, LINK), rs + Collectives.allGatherSeconds(3e8, 4, LINK),
                1e-15);
    }

    @Test
    void allToAllKeepsOneNthLocal() {
        assertEquals(0.5 * 1e8 / 100e9 + 2e-6, Collectives.allToAllSeconds(1e8, 2, LINK), 1e-15);
        assertEquals(1e6 / 100e9 + 2e-6, Collectives.pointToPointSeconds(1e6, LINK), 1e-15);
    }

    @Test
    void groupsWithinANodeUseTheScaleUpLink() {
        Cluster c = Cluster.of(Gpu.find("h100-sxm"), 8);
        assertSame(c.intraNode(), c.linkFor(8, 1));
        assertSame(c.intraNode(), c.linkFor(2, 4));
        assertSame(c.interNode(), c.linkFor(2, 8));
        assertSame(c.interNode(), c.linkFor(16, 1));
        assertEquals(450e9, c.intraNode().bytesPerSecond());
    }

    @Test
    void ringStepsAboveTwoToTheThirtyDoNotWrap() {
        // n = 2^30 + 1 ranks: an all-reduce takes 2 (n - 1) = 2^31 latency-bound steps, one more than an int holds.
        Link link = new Link(1e9, 1e-6);
        assertEquals(Math.pow(2, 31) * 1e-6, Collectives.allReduceSeconds(0, (1 << 30) + 1, link), 1e-9);
    }
}
