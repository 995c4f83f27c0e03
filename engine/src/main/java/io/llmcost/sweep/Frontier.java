package io.llmcost.sweep;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * An exact Pareto frontier of points (grid index, objective vector), all objectives minimised. A point is kept when
 * no other point is <= in every objective and < in one; of points with equal vectors only the lowest index is kept.
 * The set does not depend on the order of {@link #offer} calls, so per-thread frontiers merge deterministically.
 *
 * <p>With two objectives the points form a staircase (second objective strictly decreasing), stored
 * structure-of-arrays sorted by the first objective: a dominance test is one binary search and an insert one array
 * shift. With three or four, a {@link BoxTree} (a k-d tree with bounding boxes) answers a dominance test by a
 * descent that prunes boxes, so a test that fails costs about as little as one that succeeds.
 */
public final class Frontier implements Serializable {
    private static final long serialVersionUID = 2L;
    private static final int INITIAL_CAPACITY = 64;

    private final int k;
    /** Two objectives: the staircase, {@code size} points sorted by the first objective. */
    private double[] vectors;
    private long[] indices;
    private int size;
    /** Two objectives: the position of the point that rejected the last dominated query (a hint, any value). */
    private int lastDominator;
    /** Two objectives: pruning hints raised by one ulp ({@link #withHints}), or null. */
    private final Frontier hints;
    /** Three or more objectives: the points, hints included, and their tree (null with two). */
    private final BoxTree tree;

    public Frontier(int objectives) {
        this(objectives, objectives == 2 ? null : new BoxTree(objectives), null);
    }

    private Frontier(int objectives, BoxTree tree, Frontier hints) {
        k = objectives;
        this.tree = tree;
        this.hints = hints;
        if (tree == null) {
            vectors = new double[INITIAL_CAPACITY * k];
            indices = new long[INITIAL_CAPACITY];
        }
    }

    /**
     * An empty frontier whose {@link #dominates} also rejects what the points of {@code hints} (valid points of
     * the same grid) strictly dominate: it holds them raised by one ulp, and a raised point is <= a vector only when
     * the original is < it in every objective. Ties still go to the lowest index, so the frontier found is the
     * same as without hints. A copy per thread, since a frontier remembers its last dominator.
     */
    public static Frontier withHints(Frontier hints) {
        int k = hints.objectives();
        return k == 2 ? new Frontier(k, null, hints.copy(true))
                : new Frontier(k, BoxTree.withHints(hints.tree), null);
    }

    public int objectives() {
        return k;
    }

    public int size() {
        return tree == null ? size : tree.size();
    }

    public long index(int i) {
        return tree == null ? indices[i] : tree.index(i);
    }

    public double objective(int i, int j) {
        return tree == null ? vectors[i * k + j] : tree.objective(i, j);
    }

    /** Whether some point is <= v in every objective (then v is not on the frontier, or equals a point on it). */
    public boolean dominates(double[] v) {
        if (tree != null) {
            return tree.dominates(v);
        }
        if (hints != null && hints.dominates(v)) {
            return true;
        }
        // Any point <= v rejects v: try the one that rejected the last query before the binary search.
        int c = lastDominator;
        if (c < size && vectors[2 * c] <= v[0] && vectors[2 * c + 1] <= v[1]) {
            return true;
        }
        int p = firstAbove(v[0]) - 1;
        if (p >= 0 && vectors[2 * p + 1] <= v[1]) {
            lastDominator = p;
            return true;
        }
        return false;
    }

    /**
     * Whether a point that rejected a recent query is <= v in every objective: O(k), and may answer false for a
     * vector that {@link #dominates} would reject. With two objectives it is {@link #dominates} (as cheap).
     */
    public boolean dominatesCheaply(double[] v) {
        return tree == null ? dominates(v) : tree.dominatesCheaply(v);
    }

    /** Adds the point unless a point already dominates or equals it (an equal vector keeps the lower index). */
    public void offer(long index, double[] v) {
        if (tree != null) {
            tree.offer(index, v);
        } else {
            offerToStaircase(index, v[0], v[1]);
        }
    }

    /** The first position whose objective 0 is > x (points are sorted by objective 0). */
    private int firstAbove(double x) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (vectors[mid * k] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private void offerToStaircase(long index, double v0, double v1) {
        int p = firstAbove(v0) - 1;
        if (p >= 0 && vectors[2 * p + 1] <= v1) {
            if (vectors[2 * p] == v0 && vectors[2 * p + 1] == v1 && indices[p] > index) {
                indices[p] = index;
            }
            return;
        }
        // Not dominated: v removes p when it ties p's first objective with a lower second, and the run after p
        // whose second objective is >= v1 (their first objective is > v0).
        int from = p >= 0 && vectors[2 * p] == v0 ? p : p + 1;
        int to = p + 1;
        while (to < size && vectors[2 * to + 1] >= v1) {
            to++;
        }
        int removed = to - from;
        if (removed == 0 && size == indices.length) {
            indices = Arrays.copyOf(indices, size * 2);
            vectors = Arrays.copyOf(vectors, size * 4);
        }
        System.arraycopy(indices, to, indices, from + 1, size - to);
        System.arraycopy(vectors, 2 * to, vectors, 2 * (from + 1), 2 * (size - to));
        indices[from] = index;
        vectors[2 * from] = v0;
        vectors[2 * from + 1] = v1;
        size += 1 - removed;
    }

    /**
     * The frontier of the union of several frontiers (over any index sets, e.g. per thread or per Spark task): a
     * copy of the largest, into which the others' points are offered. The set does not depend on the order of
     * offers, and the output order ({@link #outputOrder}) sorts by first objective and index, so the result is the
     * same whatever the parts' order; the merge is on a sweep's serial path, hence no sort.
     */
    public static Frontier merge(int objectives, List<Frontier> parts) {
        Frontier largest = null;
        for (Frontier f : parts) {
            if (largest == null || f.size() > largest.size()) {
                largest = f;
            }
        }
        Frontier merged = largest == null ? new Frontier(objectives) : largest.copy(false);
        double[] v = new double[objectives];
        for (Frontier f : parts) {
            if (f == largest) {
                continue;
            }
            for (int i = 0; i < f.size(); i++) {
                for (int j = 0; j < objectives; j++) {
                    v[j] = f.objective(i, j);
                }
                merged.offer(f.index(i), v);
            }
        }
        return merged;
    }

    /** A copy of the points, without hints, with every objective raised to the next double when raised. */
    private Frontier copy(boolean raised) {
        if (tree != null) {
            return new Frontier(k, tree.copy(), null);
        }
        Frontier copy = new Frontier(k);
        copy.size = size;
        copy.indices = Arrays.copyOf(indices, Math.max(size, 1));
        copy.vectors = Arrays.copyOf(vectors, Math.max(size, 1) * k);
        for (int i = 0; raised && i < size * k; i++) {
            copy.vectors[i] = Math.nextUp(vectors[i]);
        }
        return copy;
    }

    /** Positions 0..size-1 ordered by the first objective, then by grid index: the output order. */
    public int[] outputOrder() {
        Integer[] order = new Integer[size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(objective(a, 0), objective(b, 0));
            return c != 0 ? c : Long.compare(index(a), index(b));
        });
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
