package io.llmcost.sweep;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * An exact Pareto frontier of points (grid index, objective vector), all objectives minimised. A point is kept when
 * no other point is <= in every objective and < in one; of points with equal vectors only the lowest index is kept.
 * The set does not depend on the order of {@link #offer} calls, so per-thread frontiers merge deterministically.
 *
 * <p>Storage is structure-of-arrays: one {@code double[]} row-major block of vectors and a {@code long[]} of
 * indices, grown by doubling, sorted by the first objective; only points below a query in that objective can
 * dominate it, and only points at or above it can be dominated by it. With two objectives the points form a
 * staircase (second objective strictly decreasing), so a dominance test is one binary search and an insert one
 * array shift. With more, {@link #dominates} first tries the points that rejected the last few queries (on a
 * sweep, consecutive points are close in shape and are usually rejected by the same frontier points), then scans
 * the points below the query from the nearest down.
 */
public final class Frontier implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int INITIAL_CAPACITY = 64;
    /** Recent dominators remembered: a sweep's consecutive points are mostly rejected by a handful of points. */
    private static final int RECENT = 8;

    private final int k;
    private double[] vectors;
    private long[] indices;
    private int size;
    /** Positions of the points that rejected recent queries, tried before a scan; -1 when empty. */
    private final int[] recentDominators = new int[RECENT];
    private int nextRecent;
    /** With two objectives: the position of the point that rejected the last dominated query (a hint, any value). */
    private int lastDominator;

    public Frontier(int objectives) {
        k = objectives;
        vectors = new double[INITIAL_CAPACITY * k];
        indices = new long[INITIAL_CAPACITY];
        Arrays.fill(recentDominators, -1);
    }

    /**
     * Whether a dominance test that fails is cheap for this many objectives: one binary search on the staircase of
     * two, a scan of the points below the query with more. Speculative tests (pruning hints, bounds over blocks)
     * pay only when it is.
     */
    public static boolean cheapMisses(int objectives) {
        return objectives == 2;
    }

    public int objectives() {
        return k;
    }

    public int size() {
        return size;
    }

    public long index(int i) {
        return indices[i];
    }

    public double objective(int i, int j) {
        return vectors[i * k + j];
    }

    /** Whether some point is <= v in every objective (then v is not on the frontier, or equals a point on it). */
    public boolean dominates(double[] v) {
        if (k == 2) {
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
        for (int r = 0; r < RECENT; r++) {
            int c = recentDominators[r];
            if (c >= 0 && weaklyDominates(c, v)) {
                return true;
            }
        }
        for (int i = firstAbove(v[0]) - 1; i >= 0; i--) {
            if (weaklyDominates(i, v)) {
                recentDominators[nextRecent] = i;
                nextRecent = (nextRecent + 1) % RECENT;
                return true;
            }
        }
        return false;
    }

    private boolean weaklyDominates(int i, double[] v) {
        int base = i * k;
        for (int j = 0; j < k; j++) {
            if (vectors[base + j] > v[j]) {
                return false;
            }
        }
        return true;
    }

    /** Adds the point unless a point already dominates or equals it (an equal vector keeps the lower index). */
    public void offer(long index, double[] v) {
        if (k == 2) {
            offerToStaircase(index, v[0], v[1]);
            return;
        }
        for (int i = firstAbove(v[0]) - 1; i >= 0; i--) {
            if (weaklyDominates(i, v)) {
                if (indices[i] > index && Arrays.equals(vectors, i * k, i * k + k, v, 0, k)) {
                    indices[i] = index;
                }
                return;
            }
        }
        // Not dominated: remove the points v dominates (all have objective 0 >= v[0]) and insert v in order.
        int at = firstAtOrAbove(v[0]);
        int kept = at;
        for (int i = at; i < size; i++) {
            if (!dominatedBy(i, v)) {
                if (kept != i) {
                    System.arraycopy(vectors, i * k, vectors, kept * k, k);
                    indices[kept] = indices[i];
                }
                kept++;
            }
        }
        size = kept;
        if (size == indices.length) {
            indices = Arrays.copyOf(indices, size * 2);
            vectors = Arrays.copyOf(vectors, size * 2 * k);
        }
        System.arraycopy(indices, at, indices, at + 1, size - at);
        System.arraycopy(vectors, at * k, vectors, (at + 1) * k, (size - at) * k);
        System.arraycopy(v, 0, vectors, at * k, k);
        indices[at] = index;
        size++;
        Arrays.fill(recentDominators, -1);
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

    /** The first position whose objective 0 is >= x. */
    private int firstAtOrAbove(double x) {
        int lo = 0, hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (vectors[mid * k] < x) {
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

    /** Whether v <= point i in every objective; v was checked not to be dominated, so it is < in one. */
    private boolean dominatedBy(int i, double[] v) {
        int base = i * k;
        for (int j = 0; j < k; j++) {
            if (v[j] > vectors[base + j]) {
                return false;
            }
        }
        return true;
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
            if (largest == null || f.size > largest.size) {
                largest = f;
            }
        }
        Frontier merged = new Frontier(objectives);
        if (largest != null && largest.size > 0) {
            merged.size = largest.size;
            merged.indices = Arrays.copyOf(largest.indices, largest.indices.length);
            merged.vectors = Arrays.copyOf(largest.vectors, largest.vectors.length);
        }
        double[] v = new double[objectives];
        for (Frontier f : parts) {
            if (f == largest) {
                continue;
            }
            for (int i = 0; i < f.size; i++) {
                System.arraycopy(f.vectors, i * objectives, v, 0, objectives);
                merged.offer(f.indices[i], v);
            }
        }
        return merged;
    }


    /**
     * A copy with every objective raised to the next double: a copy's point is then <= a vector only when the
     * original point is < it in every objective, so the copy rejects as pruning hints only points that are strictly
     * dominated, whatever their index (an equal vector of a lower index is left to the frontier's tie rule).
     */
    public Frontier raisedByOneUlp() {
        Frontier copy = new Frontier(k);
        copy.size = size;
        copy.indices = Arrays.copyOf(indices, Math.max(size, 1));
        copy.vectors = new double[Math.max(size, 1) * k];
        for (int i = 0; i < size * k; i++) {
            copy.vectors[i] = Math.nextUp(vectors[i]);
        }
        return copy;
    }

    /** Positions 0..size-1 ordered by the first objective, then by grid index: the output order. */
    public int[] outputOrder() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(vectors[a * k], vectors[b * k]);
            return c != 0 ? c : Long.compare(indices[a], indices[b]);
        });
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
