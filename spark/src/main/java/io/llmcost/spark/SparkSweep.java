package io.llmcost.spark;

import io.llmcost.io.InputException;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Partial;
import io.llmcost.sweep.Sweep;
import io.llmcost.sweep.SweepRunner;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.deploy.SparkHadoopUtil;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * {@code llmcost sweep --engine spark}: the grid's index range [0, size) cut into contiguous ranges, one Spark
 * partition each; each task evaluates its range with {@link Sweep#evaluateRange} into a partial frontier, and a tree
 * aggregate merges the partials with {@link Sweep#merge} on the executors, so the driver receives one frontier. The
 * frontier is the set of non-dominated points with ties to the lowest index whatever the split, so it is the local
 * engine's, byte for byte; a task that fails is rerun by Spark on the same range with the same result.
 */
public final class SparkSweep implements SweepRunner {
    public static final String ENGINE = "spark";
    private static final String LOOPBACK = "127.0.0.1";
    private static final Pattern URI_WITH_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]+:.*");
    /**
     * Points per partition on a large grid: 2^27 (1.3e8) is 1 to 41 s of one core at the kernel's rates on the
     * built-in grids (1.4e8 points per CPU-second on default.yaml down to 3.3e6 on long-context.yaml; docs/spark.md),
     * long enough to amortise a task's scheduling and the frontier each range learns afresh, short enough that a
     * retried task costs little. (Timing a sample of short ranges on the driver was tried: fresh short ranges prune
     * far less than long ones, and billion.yaml got 40 times too many partitions.)
     */
    static final long TARGET_PARTITION_POINTS = 1L << 27;
    /** Smallest range cut off to balance the cores on a small grid: below it a task's overhead dominates. */
    static final long MIN_PARTITION_POINTS = 1L << 20;
    /** Partitions per task slot, when ranges stay above the minimum: uneven ranges still keep every core busy. */
    static final int PARTITIONS_PER_SLOT = 4;
    /** Partials merged by one task per level of the tree aggregate. */
    static final int MERGE_FAN_IN = 4;

    /** Evaluates one range on an executor; a parameter so that tests can make a task fail. */
    @FunctionalInterface
    interface RangeEvaluator extends Serializable {
        Partial evaluate(Grid grid, long from, long to);
    }

    @Override
    public String engine() {
        return ENGINE;
    }

    @Override
    public Run run(Grid grid, Settings settings) {
        SparkConf conf = new SparkConf().setAppName("llmcost sweep " + settings.appName());
        if (settings.master() != null) {
            conf.setMaster(settings.master());
        }
        conf.setIfMissing("spark.master", "local[*]");
        if (conf.get("spark.master").startsWith("local")) {
            // One JVM: no web server unless asked for (-Dspark.ui.enabled=true), and the driver's block manager
            // on the loopback address rather than whatever the host name resolves to.
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.bindAddress", LOOPBACK);
            conf.setIfMissing("spark.driver.host", LOOPBACK);
        }
        conf.setIfMissing("spark.ui.showConsoleProgress", Boolean.toString(settings.progress()));
        conf.set("spark.kryo.registrator", KryoClasses.class.getName());
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            int slots = sc.defaultParallelism();
            int partitions = settings.partitions() != null ? settings.partitions() : partitions(grid.size(), slots);
            long start = System.nanoTime();
            WirePartial all = evaluate(sc, grid, partitions, Sweep::evaluateRange);
            double seconds = (System.nanoTime() - start) / 1e9;
            int executors = all.executors().size();
            Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("engine", ENGINE);
            summary.put("master", sc.master());
            summary.put("partitions", partitions);
            summary.put("executors", executors);
            String describe = String.format(Locale.ROOT, "spark %s, %s on %s, %s", sc.master(),
                    count(partitions, "partition"), count(executors, "executor"), count(slots, "task slot"));
            return new Run(all.partial(), slots, seconds, summary, describe);
        }
    }

    /** A Hadoop URI names --out when it starts with a scheme of two letters or more (one is a Windows drive). */
    @Override
    public boolean ownsOutput(String out) {
        if (!URI_WITH_SCHEME.matcher(out).matches()) {
            return false;
        }
        try {
            org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(out);
            if (!dir.getFileSystem(hadoopConfiguration()).mkdirs(dir)) {
                throw new InputException("--out " + out + ": cannot create directory");
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InputException("--out " + out + ": cannot create directory (" + e.getClass().getSimpleName()
                    + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
        return true;
    }

    /**
     * Replaces the set in {@code out} as a whole, as {@code OutputSet} does locally: the files are copied into a
     * hidden sibling directory, the old directory is renamed aside, the new one renamed into place and the old one
     * deleted. On HDFS a directory rename is atomic, so readers see the old set or the new one, never a mix and never
     * a file of an earlier run left beside the new ones (on an object store a rename is a copy: the swap is as whole
     * as the store makes it). A failed swap puts the old directory back.
     */
    @Override
    public void publish(Path localDir, String out) throws IOException {
        org.apache.hadoop.fs.Path dir = new org.apache.hadoop.fs.Path(out);
        FileSystem fs = dir.getFileSystem(hadoopConfiguration());
        if (dir.getParent() == null) {
            throw new IOException("--out " + out + ": expected a directory below the file system's root");
        }
        String hidden = "." + dir.getName() + "." + UUID.randomUUID();
        org.apache.hadoop.fs.Path staged = new org.apache.hadoop.fs.Path(dir.getParent(), hidden + ".tmp");
        org.apache.hadoop.fs.Path old = new org.apache.hadoop.fs.Path(dir.getParent(), hidden + ".old");
        try {
            fs.copyFromLocalFile(false, true, new org.apache.hadoop.fs.Path(localDir.toUri()), staged);
            boolean hadOld = fs.exists(dir);
            if (hadOld && !fs.rename(dir, old)) {
                throw new IOException("cannot move the previous " + dir + " aside");
            }
            if (!fs.rename(staged, dir)) {
                if (hadOld) {
                    fs.rename(old, dir);
                }
                throw new IOException("cannot rename " + staged + " to " + dir);
            }
            if (hadOld) {
                fs.delete(old, true);
            }
        } finally {
            fs.delete(staged, true); // gone after a successful swap; a partial copy otherwise
        }
    }

    /** Hadoop's configuration as spark-submit sets it (core-site.xml, spark.hadoop.* properties). */
    private static Configuration hadoopConfiguration() {
        return SparkHadoopUtil.get().newConfiguration(new SparkConf());
    }

    /**
     * Partitions for a grid: ranges of about {@link #TARGET_PARTITION_POINTS}, but at least
     * {@link #PARTITIONS_PER_SLOT} per task slot as long as ranges keep {@link #MIN_PARTITION_POINTS}.
     */
    static int partitions(long points, int slots) {
        long bySize = ceilDiv(points, TARGET_PARTITION_POINTS);
        long forBalance = Math.min((long) PARTITIONS_PER_SLOT * slots, ceilDiv(points, MIN_PARTITION_POINTS));
        long n = Math.max(1, Math.max(bySize, forBalance));
        if (n > Integer.MAX_VALUE) {
            throw new IllegalStateException(points + " points: more than " + Integer.MAX_VALUE + " partitions");
        }
        return (int) n;
    }

    /**
     * Runs the job: partition p evaluates [start(p), start(p + 1)); the partials meet in a tree aggregate of depth
     * {@link #treeDepth} whose last merge also runs on an executor, so the driver receives one partial.
     */
    static WirePartial evaluate(JavaSparkContext sc, Grid grid, int partitions, RangeEvaluator evaluator) {
        Broadcast<Grid> shared = sc.broadcast(grid);
        long size = grid.size();
        List<Integer> ids = IntStream.range(0, partitions).boxed().toList();
        try {
            // parallelize puts element p, and only it, in partition p (equal slices of a list of that length).
            return sc.parallelize(ids, partitions).treeAggregate(WirePartial.empty(grid.objectives().size()),
                    (acc, p) -> WirePartial.merge(shared.value(), acc, WirePartial.of(evaluator.evaluate(
                            shared.value(), start(size, partitions, p), start(size, partitions, p + 1)),
                            SparkEnv.get().executorId())),
                    (a, b) -> WirePartial.merge(shared.value(), a, b),
                    treeDepth(partitions), true);
        } finally {
            shared.destroy();
        }
    }

    /** The first index of range {@code p} of {@code partitions} near-equal ranges of [0, size), without overflow. */
    static long start(long size, int partitions, int p) {
        return p * (size / partitions) + Math.min(p, size % partitions);
    }

    /** Levels of {@link #MERGE_FAN_IN}-way merges that bring {@code partitions} partials down to a few. */
    static int treeDepth(int partitions) {
        int depth = 1;
        for (long reach = MERGE_FAN_IN; reach < partitions; reach *= MERGE_FAN_IN) {
            depth++;
        }
        return depth;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
