package io.llmcost.sweep;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Sweep.lowestLoss against sorting every valid row by (loss, index). */
class LowestLossTest {

    @Test
    void lowestLossEqualsSortingAllValidRows() {
        for (String spec : new String[] {Fixtures.MOE, FrontierTest.TIES}) {
            Grid g = Fixtures.grid(spec);
            List<Row> all = new ArrayList<>();
            Sweep.forEachValidRow(g, all::add);
            all.sort(Comparator.comparingDouble(Row::loss).thenComparingLong(Row::index));
            for (int k : new int[] {1, 7, 50}) {
                List<Long> expected = all.subList(0, k).stream().map(Row::index).toList();
                assertEquals(expected, Sweep.lowestLoss(g, k).stream().map(Row::index).toList(), "k = " + k);
            }
        }
    }
}
