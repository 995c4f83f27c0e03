package io.llmcost.bench;

import java.util.Arrays;

/**
 * Baseline for {@link FrontierBench}: the frontier of three or more objectives as the engine kept it before the
 * k-d tree (commit 59a087c): points sorted by the first objective in one array, a dominance test trying the points
 * that rejected the last few queries and then scanning the points below the query from the nearest down, an insert
 * scanning the points at or above it for the ones it removes. Only for measurement; same contract as
 * {@code io.llmcost.sweep.Frontier} (exact frontier, equal vectors keep the lowest index).
 */
final class ScanFrontier {
    private static final int RECENT = 8;

    private final int k;
    private double[] vectors;
    private long[] indices;
    private int size;
    private final int[] recentDominators = new int[RECENT];
    private int nextRecent;

    ScanFrontier(int objectives) {
        k = objectives;
        vectors = new double[64 * k];
        indices = new long[64];
        Arrays.fill(recentDominators, -1);
    }

    int size() {
        return size;
    }

    boolean dominates(double[] v) {
        for (int c : recentDominators) {
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

    void offer(long index, double[] v) {
        for (int i = firstAbove(v[0]) - 1; i >= 0; i--) {
            if (weaklyDominates(i, v)) {
                if (indices[i] > index && Arrays.equals(vectors, i * k, i * k + k, v, 0, k)) {
                    indices[i] = index;
                }
                return;
            }
        }
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

    private boolean weaklyDominates(int i, double[] v) {
        int base = i * k;
        for (int j = 0; j < k; j++) {
            if (vectors[base + j] > v[j]) {
                return false;
            }
        }
        return true;
    }

    private boolean dominatedBy(int i, double[] v) {
        int base = i * k;
        for (int j = 0; j < k; j++) {
            if (v[j] > vectors[base + j]) {
                return false;
            }
        }
        return true;
    }

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
}
