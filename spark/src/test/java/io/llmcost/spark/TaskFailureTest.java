package io.llmcost.spark;

import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Partial;
import io.llmcost.sweep.Sweep;
import org.apache.spark.SparkException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Fault tolerance is Spark's: a task that throws is rerun on the same range, and the frontier does not change. */
class TaskFailureTest {
    private static final int PARTITIONS = 6;
    private static final int FAILING_PARTITION = 3;
    /** Attempts at the failing partition; tasks of local[...] run in this JVM, so a static counts them all. */
    private static final AtomicInteger ATTEMPTS = new AtomicInteger();

    /** The test-only hook: {@link Sweep#evaluateRange}, but partition 3 throws on its first attempt. */
    private static Partial failFirstAttempt(Grid grid, long from, long to) {
        TaskContext task = TaskContext.get();
        if (task.partitionId() == FAILING_PARTITION) {
            ATTEMPTS.incrementAndGet();
            if (task.attemptNumber() == 0) {
                throw new IllegalStateException("injected failure of partition " + FAILING_PARTITION);
            }
        }
        return Sweep.evaluateRange(grid, from, to);
    }

    @BeforeEach
    void reset() {
        ATTEMPTS.set(0);
    }

    @Test
    void aTaskThatFailsOnceIsRetriedAndTheFrontierIsUnchanged() {
        Grid grid = Specs.grid("moe-vs-dense");
        String expected = Specs.csv(grid, Sweep.run(grid, 2, done -> {}).frontier());
        // local[2,2]: two threads, spark.task.maxFailures = 2.
        try (JavaSparkContext sc = new JavaSparkContext(Specs.conf("local[2,2]"))) {
            WirePartial result = SparkSweep.evaluate(sc, grid, PARTITIONS, TaskFailureTest::failFirstAttempt);
            assertEquals(2, ATTEMPTS.get(), "the failed attempt and its retry");
            assertEquals(expected, Specs.csv(grid, result.partial().frontier()));
        }
    }

    @Test
    void withoutRetriesTheSameFailureFailsTheJob() {
        Grid grid = Specs.grid("long-context");
        // local[2]: spark.task.maxFailures = 1, so the hook's failure is final: the retry above is what saved it.
        try (JavaSparkContext sc = new JavaSparkContext(Specs.conf("local[2]"))) {
            assertThrows(SparkException.class,
                    () -> SparkSweep.evaluate(sc, grid, PARTITIONS, TaskFailureTest::failFirstAttempt));
            assertEquals(1, ATTEMPTS.get());
        }
    }
}
