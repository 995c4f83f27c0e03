package io.llmcost.spark;

import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Partial;
import io.llmcost.sweep.Sweep;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The job on a shared local[2] context: the local engine's frontier, whatever the partition count. Kryo serialises
 * the grid and the partials here (the other tests use Spark's default, Java serialisation).
 */
class SparkSweepTest {
    private static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = new JavaSparkContext(Specs.conf("local[2]")
                .set("spark.serializer", "org.apache.spark.serializer.KryoSerializer")
                .set("spark.kryo.registrator", KryoClasses.class.getName()));
    }

    @AfterAll
    static void stop() {
        sc.stop();
    }

    @ParameterizedTest
    @FieldSource("io.llmcost.spark.Specs#BUILT_IN")
    void frontierIsTheLocalEnginesByteForByteForRandomPartitionCounts(String name) {
        Grid grid = Specs.grid(name);
        Partial local = Sweep.run(grid, 2, done -> {});
        String expected = Specs.csv(grid, local.frontier());
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        int[] counts = {1, 2 + random.nextInt(15), 17 + random.nextInt(48)};
        for (int partitions : counts) {
            WirePartial spark = SparkSweep.evaluate(sc, grid, partitions, Sweep::evaluateRange);
            String where = name + " in " + partitions + " partitions (seed " + seed + ")";
            assertEquals(expected, Specs.csv(grid, spark.partial().frontier()), where);
            assertEquals(local.pointsValid(), spark.partial().pointsValid(), where);
            // One JVM: every range ran on the driver's executor.
            assertEquals(java.util.List.of("driver"), spark.executors(), where);
        }
    }

    @Test
    void rangesCoverTheGridInOrderWithoutOverflow() {
        // 10 points in 3 ranges: sizes 4, 3, 3 (the remainder goes to the first ranges).
        assertEquals(0, SparkSweep.start(10, 3, 0));
        assertEquals(4, SparkSweep.start(10, 3, 1));
        assertEquals(7, SparkSweep.start(10, 3, 2));
        assertEquals(10, SparkSweep.start(10, 3, 3));
        // Near Long.MAX_VALUE, p x size would overflow; the ranges still end exactly at size.
        long size = Long.MAX_VALUE - 1;
        int partitions = 1_000_003;
        long previous = 0;
        for (int p = 1; p <= partitions; p += 77_777) {
            long s = SparkSweep.start(size, partitions, p);
            assertTrue(s > previous, "range " + p);
            previous = s;
        }
        assertEquals(size, SparkSweep.start(size, partitions, partitions));
    }

    @Test
    void partitionCountFollowsTheGridSizeAndTheSlots() {
        // default.yaml, 2,850,000 points on 2 slots: one 2^27-point range would hold it all; 2 slots want 8
        // ranges, but ranges of 2^20 points allow only ceil(2.85e6 / 1,048,576) = 3. So 3.
        assertEquals(3, SparkSweep.partitions(2_850_000, 2));
        // 1e12 points: ceil(1e12 / 134,217,728) = ceil(7450.58) = 7451, more than 4 x 64 slots.
        assertEquals(7451, SparkSweep.partitions(1_000_000_000_000L, 64));
        // 1e9 points on 400 slots: 4 x 400 = 1600 ranges of 625,000 would be under 2^20, so ceil(1e9 / 2^20) = 954
        // (more than the ceil(1e9 / 2^27) = 8 ranges by size).
        assertEquals(954, SparkSweep.partitions(1_000_000_000L, 400));
        assertEquals(1, SparkSweep.partitions(1, 8));
    }

    @Test
    void mergeTreeBringsThePartialsDownToAFewPerLevelOfFour() {
        // 4^d >= partitions: 4 -> 1 level, 5..16 -> 2, 17..64 -> 3, 7451 -> 7 (4^6 = 4096 < 7451 <= 4^7).
        assertEquals(1, SparkSweep.treeDepth(1));
        assertEquals(1, SparkSweep.treeDepth(4));
        assertEquals(2, SparkSweep.treeDepth(5));
        assertEquals(2, SparkSweep.treeDepth(16));
        assertEquals(3, SparkSweep.treeDepth(17));
        assertEquals(7, SparkSweep.treeDepth(7451));
    }
}
