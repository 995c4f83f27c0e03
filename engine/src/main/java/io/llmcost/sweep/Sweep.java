package io.llmcost.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * The sweep engine's entry points. {@link #evaluateRange} and {@link #merge} are pure functions of their arguments,
 * so a cluster (e.g. Spark: map index ranges with evaluateRange, reduce with merge) computes the same frontier as
 * {@link #run}. Memory is O(frontier + threads x chunk): no per-point storage.
 */
public final class Sweep {
    private Sweep() {}

    /** Points per work unit: large enough to amortise the digit decode, small enough to balance two cores. */
    public static final long CHUNK_POINTS = 1L << 16;
    /** One run of the last axis in this many is swept first for the workers' pruning hints ({@link #hints}). */
    static final long HINT_STRIDE = 64;

    /**
     * The workers besides the calling thread, shared by all sweeps: its threads outlive a sweep (60 s idle), so a
     * sweep of a few milliseconds does not wait for a thread start.
     */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "llmcost-sweep");
        t.setDaemon(true);
        return t;
    });

    /** The frontier and counts of grid indices [from, to). */
    public static Partial evaluateRange(Grid grid, long from, long to) {
        Kernel kernel = new Kernel(grid);
        Frontier frontier = new Frontier(grid.objectives.length);
        kernel.evaluate(from, to, frontier);
        return new Partial(frontier, kernel.pointsValid, kernel.pointsEvaluated, kernel.pointsOutsideLawRange);
    }

    /** The frontier of the union of partials over disjoint index ranges, with summed counts. */
    public static Partial merge(Grid grid, List<Partial> parts) {
        List<Frontier> frontiers = new ArrayList<>(parts.size());
        long valid = 0, evaluated = 0, outside = 0;
        for (Partial p : parts) {
            frontiers.add(p.frontier());
            valid += p.pointsValid();
            evaluated += p.pointsEvaluated();
            outside += p.pointsOutsideLawRange();
        }
        return new Partial(Frontier.merge(grid.objectives.length, frontiers), valid, evaluated, outside);
    }

    /**
     * Evaluates the whole grid on {@code threads} threads. Each thread takes chunks of {@link #CHUNK_POINTS} from a
     * shared counter (so its chunks come in ascending order) into its own frontier; the frontiers are merged at the
     * end, which makes the result independent of the thread count and of scheduling. All threads prune with the
     * same {@link #hints}, so they do not each learn the frontier from nothing;
     * {@code pointsEvaluated} includes the points the hints cost.
     *
     * @param progress called with the number of points done so far, after each chunk, from the worker threads (the
     *                 calling thread is one of them)
     */
    public static Partial run(Grid grid, int threads, LongConsumer progress) {
        long chunks = (grid.size() + CHUNK_POINTS - 1) / CHUNK_POINTS;
        AtomicLong nextChunk = new AtomicLong();
        AtomicLong done = new AtomicLong();
        Partial hints = hints(grid);
        Supplier<Partial> worker = () -> {
            Kernel kernel = new Kernel(grid);
            Frontier frontier = Frontier.withHints(hints.frontier());
            for (long c = nextChunk.getAndIncrement(); c < chunks; c = nextChunk.getAndIncrement()) {
                long from = c * CHUNK_POINTS;
                long to = Math.min(grid.size(), from + CHUNK_POINTS);
                kernel.evaluate(from, to, frontier);
                progress.accept(done.addAndGet(to - from));
            }
            return new Partial(frontier, kernel.pointsValid, kernel.pointsEvaluated, kernel.pointsOutsideLawRange);
        };
        try {
            List<Future<Partial>> futures = new ArrayList<>();
            for (int t = 1; t < threads; t++) {
                futures.add(WORKERS.submit(worker::get));
            }
            List<Partial> parts = new ArrayList<>();
            parts.add(worker.get());
            for (Future<Partial> f : futures) {
                parts.add(f.get());
            }
            Partial all = merge(grid, parts);
            return new Partial(all.frontier(), all.pointsValid(), all.pointsEvaluated() + hints.pointsEvaluated(),
                    all.pointsOutsideLawRange());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        }
    }

    /**
     * Pruning hints for the workers' kernels: the frontier of one run of the last axis in {@link #HINT_STRIDE}, a
     * sample of the grid whose frontier is close to the final one, for about a sixtieth of the work. The counts
     * are those of the sample.
     */
    static Partial hints(Grid grid) {
        long run = grid.radix[grid.radix.length - 2];
        Kernel kernel = new Kernel(grid);
        Frontier sample = new Frontier(grid.objectives.length);
        for (long from = 0; from < grid.size(); from += HINT_STRIDE * run) {
            kernel.evaluate(from, Math.min(grid.size(), from + run), sample);
        }
        return new Partial(sample, kernel.pointsValid, kernel.pointsEvaluated, kernel.pointsOutsideLawRange);
    }

    /**
     * The {@code k} valid points with the lowest loss, lowest first (ties: lower index first), in one pass on the
     * calling thread: for the planner's concrete shapes at a budget, where the best few by loss are wanted rather
     * than a frontier. The grid's objectives do not matter here.
     */
    public static List<Row> lowestLoss(Grid grid, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k = " + k + ": expected at least 1");
        }
        Kernel kernel = new Kernel(grid);
        List<Row> rows = new ArrayList<>();
        for (long index : kernel.lowestLoss(0, grid.size(), k)) {
            rows.add(kernel.row(index));
        }
        return rows;
    }

    /** Every column of the point at {@code index}, or null when it is not valid. */
    public static Row row(Grid grid, long index) {
        return new Kernel(grid).row(index);
    }

    /** Every column of each frontier point, in output order: first objective, then grid index. */
    public static List<Row> frontierRows(Grid grid, Frontier frontier) {
        Kernel kernel = new Kernel(grid);
        List<Row> rows = new ArrayList<>(frontier.size());
        for (int i : frontier.outputOrder()) {
            rows.add(kernel.row(frontier.index(i)));
        }
        return rows;
    }

    /** Calls {@code sink} with every valid point in index order (for --all-points; one Row per point). */
    public static void forEachValidRow(Grid grid, Consumer<Row> sink) {
        Kernel kernel = new Kernel(grid);
        for (long i = 0; i < grid.size(); i++) {
            Row r = kernel.row(i);
            if (r != null) {
                sink.accept(r);
            }
        }
    }
}
