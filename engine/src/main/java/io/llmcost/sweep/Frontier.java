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
 * indices, grown by doubling. {@link #dominates} first tries the point that rejected the previous query: on a
 * sweep, consecutive points are close in shape and are usually rejected by the same frontier point.
 */
public final class Frontier implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int INITIAL_CAPACITY = 64;

    private final int k;
    private double[] vectors;
    private long[] indices;
    private int size;
    private int lastDominator = -1;

    public Frontier(int objectives) {
        k = objectives;
        vectors = new double[INITIAL_CAPACITY * k];
        indices = new long[INITIAL_CAPACITY];
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
        int c = lastDominator;
        if (c >= 0 && weaklyDominates(c, v)) {
            return true;
        }
        for (int i = 0; i < size; i++) {
            if (weaklyDominates(i, v)) {
                lastDominator = i;
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
        for (int i = 0; i < size; i++) {
            if (weaklyDominates(i, v)) {
                if (indices[i] > index && Arrays.equals(vectors, i * k, i * k + k, v, 0, k)) {
                    indices[i] = index;
                }
                lastDominator = i;
                return;
            }
        }
        int kept = 0;
        for (int i = 0; i < size; i++) {
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
        System.arraycopy(v, 0, vectors, size * k, k);
        indices[size] = index;
        size++;
        lastDominator = -1;
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

    /** The frontier of the union of several frontiers (over any index sets, e.g. per thread or per Spark task). */
    public static Frontier merge(int objectives, List<Frontier> parts) {
        int total = parts.stream().mapToInt(Frontier::size).sum();
        long[] order = new long[total];
        Frontier all = new Frontier(objectives);
        int n = 0;
        for (Frontier f : parts) {
            for (int i = 0; i < f.size; i++) {
                order[n++] = f.indices[i];
                all.append(f.indices[i], f.vectors, i * f.k);
            }
        }
        Integer[] byIndex = new Integer[total];
        for (int i = 0; i < total; i++) {
            byIndex[i] = i;
        }
        Arrays.sort(byIndex, (a, b) -> Long.compare(order[a], order[b]));
        Frontier merged = new Frontier(objectives);
        double[] v = new double[objectives];
        for (int i : byIndex) {
            System.arraycopy(all.vectors, i * objectives, v, 0, objectives);
            merged.offer(all.indices[i], v);
        }
        return merged;
    }

    private void append(long index, double[] source, int offset) {
        if (size == indices.length) {
            indices = Arrays.copyOf(indices, size * 2);
            vectors = Arrays.copyOf(vectors, size * 2 * k);
        }
        System.arraycopy(source, offset, vectors, size * k, k);
        indices[size++] = index;
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
