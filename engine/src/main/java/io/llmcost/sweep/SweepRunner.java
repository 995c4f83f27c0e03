package io.llmcost.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * A way to evaluate a whole grid other than {@link Sweep#run}'s threads, found with {@link java.util.ServiceLoader}
 * by its {@link #engine} name: the spark module provides {@code spark}, which maps index ranges with
 * {@link Sweep#evaluateRange} on a cluster and merges with {@link Sweep#merge}. It must return the frontier that
 * {@link Sweep#run} returns; its counts of evaluated points may differ (pruning depends on how the grid is split).
 */
public interface SweepRunner {

    /** The value of {@code llmcost sweep --engine} that selects this runner. */
    String engine();

    Run run(Grid grid, Settings settings);

    /**
     * Whether this runner writes the output directory {@code out} itself, as a location that the local file system
     * does not reach (e.g. a Hadoop URI, hdfs://namenode/sweeps/x). The sweep then writes its files to a local
     * temporary directory and calls {@link #publish}. Called before the run, so it checks (and creates) the
     * location, throwing {@code InputException} when it cannot be written.
     */
    default boolean ownsOutput(String out) {
        return false;
    }

    /** Replaces the set in {@code out} (see {@link #ownsOutput}) with the files of {@code localDir}, as a whole. */
    default void publish(Path localDir, String out) throws IOException {
        throw new UnsupportedOperationException(engine() + " runner does not write " + out);
    }

    /**
     * @param master     where to run (a Spark master URL), or null for the runner's default
     * @param partitions how many index ranges, or null to derive it from the grid size
     * @param progress   whether to show progress on stderr (only on a terminal)
     */
    record Settings(String appName, String master, Integer partitions, boolean progress) {}

    /**
     * @param threads  tasks that ran at the same time (summary.json's {@code threads})
     * @param seconds  the evaluation alone, without the runner's start-up
     * @param summary  keys added to summary.json (e.g. engine, partitions, executors), in order
     * @param describe how it ran, for the one-line report (e.g. "spark local[2], 8 partitions, 1 executor")
     */
    record Run(Partial result, int threads, double seconds, Map<String, Object> summary, String describe) {}
}
