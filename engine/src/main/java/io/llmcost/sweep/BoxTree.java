package io.llmcost.sweep;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The points of a {@link Frontier} of three or more objectives, indexed by a k-d tree whose nodes keep the bounding
 * box of their points (the ideal and nadir corners of Jaszkiewicz and Lust 2018, "ND-Tree-based update: a fast
 * algorithm for the dynamic nondominance problem", IEEE Trans. Evol. Comput. 22(5)). Whether some point weakly
 * dominates a vector v is answered by a descent that drops a node whose lower corner is not <= v (no point under
 * it can dominate v) and stops at a node whose upper corner is <= v (every point under it does), so a query that
 * fails visits only the nodes whose boxes straddle v's orthant instead of scanning the points below v in one
 * objective.
 *
 * <p>Removal is lazy: a point dominated by a newcomer is marked dead and stays in the tree until the next rebuild.
 * That keeps every dominance answer exact: a dead point was weakly dominated by the point that removed it, which is
 * live or was in turn removed by a point that dominates it, so whatever a dead point dominates a live one dominates
 * too. Subtrees are rebuilt at their medians when one child holds more than {@link #ALPHA} of the points (a
 * scapegoat tree: Galperin and Rivest 1993), and the whole store is compacted once the dead outnumber the live.
 *
 * <p>Up to {@link #SCAN_SLOTS} slots there is no tree: a test scans them, which is faster at that size.
 *
 * <p>Pruning hints ({@link Frontier#withHints}) are pinned dead points: slots [0, pinned) hold them, raised by one
 * ulp, and only dominance tests see them.
 *
 * <p>Slots are in insertion order; after {@link #compact} slot pinned + i is the i-th live point.
 */
final class BoxTree implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Points per leaf: a leaf is scanned, and below this many points a scan beats a descent. */
    static final int LEAF = 16;
    /** A subtree is rebuilt when one child holds more than this fraction of its points. */
    private static final double ALPHA = 0.75;
    /**
     * Up to this many slots there is no tree and a test scans them all: in FrontierBench a frontier of 183 points
     * (sweep order) took 2.8 (3 objectives) and 3.7 times (4) as long per offer with the tree as with a scan.
     */
    static final int SCAN_SLOTS = 256;
    /** Recent dominators remembered. */
    private static final int RECENT = 4;

    private final int k;
    private double[] vectors;
    private long[] indices;
    private boolean[] dead;
    private int slots;
    private int live;
    /** Slots [0, pinned) are pruning hints: dead, but kept by compaction and rebuilds. */
    private int pinned;
    /**
     * Slots that weakly dominated recent queries (dead or alive: either answers exactly), -1 when empty: a sweep's
     * consecutive points are mostly rejected by a handful of points, each tried in O(k) before a descent.
     */
    private final int[] recent = new int[RECENT];
    private int nextRecent;
    /** Rebuilt from the slots when null (after a compaction, a copy or deserialisation). */
    private transient Node root;
    private transient Node[] path;
    /**
     * The leaf where the last descent found a dominator, scanned before the next descent: the next query's
     * dominator is often a neighbour of the last one.
     */
    private transient Node lastLeaf;

    private static final class Node {
        /** Lower corner in [0, k), upper corner in [k, 2k). */
        final double[] box;
        int size;
        int dim;
        double split;
        Node left, right;
        /** Slots of a leaf (null for an inner node), {@code count} of them used. */
        int[] leaf;
        int count;
        /** A leaf's vectors, in the order of its slots: a leaf scan reads consecutive memory. */
        double[] points;

        Node(int k) {
            box = new double[2 * k];
        }
    }

    BoxTree(int objectives) {
        k = objectives;
        vectors = new double[64 * k];
        indices = new long[64];
        dead = new boolean[64];
        Arrays.fill(recent, -1);
    }

    /** Holds {@code size} points of {@code vectors} and {@code indices}: live, or pinned hints. */
    private BoxTree(int k, double[] vectors, long[] indices, int size, boolean hints) {
        this.k = k;
        this.vectors = vectors;
        this.indices = indices;
        this.dead = new boolean[indices.length];
        this.slots = size;
        Arrays.fill(recent, -1);
        if (hints) {
            Arrays.fill(dead, 0, size, true);
            pinned = size;
        } else {
            live = size;
        }
    }

    /**
     * An empty store whose dominance tests also see the live points of {@code hints} raised by one ulp: a raised
     * point is <= a vector only when the original is < it in every objective, so a hint rejects only points that
     * a point of {@code hints} strictly dominates.
     */
    static BoxTree withHints(BoxTree hints) {
        // reads hints without compacting them: workers on several threads copy the same hints
        int k = hints.k, n = 0;
        double[] raised = new double[Math.max(hints.live, 1) * k];
        long[] indices = new long[Math.max(hints.live, 1)];
        for (int s = hints.pinned; s < hints.slots; s++) {
            if (!hints.dead[s]) {
                for (int j = 0; j < k; j++) {
                    raised[n * k + j] = Math.nextUp(hints.vectors[s * k + j]);
                }
                indices[n++] = hints.indices[s];
            }
        }
        return new BoxTree(k, raised, indices, n, true);
    }

    int size() {
        return live;
    }

    long index(int i) {
        compact();
        return indices[pinned + i];
    }

    double objective(int i, int j) {
        compact();
        return vectors[(pinned + i) * k + j];
    }

    /** Whether some point is <= v in every objective. */
    boolean dominates(double[] v) {
        return dominator(v) >= 0;
    }

    /** Whether a point that rejected a recent query rejects v too (see {@link Frontier#dominatesCheaply}). */
    boolean dominatesCheaply(double[] v) {
        return recentDominator(v) >= 0;
    }

    private int recentDominator(double[] v) {
        for (int c : recent) {
            if (c >= 0 && below(c, v)) {
                return c;
            }
        }
        return -1;
    }

    /** Adds the point unless a point already dominates or equals it (an equal vector keeps the lower index). */
    void offer(long index, double[] v) {
        int d = dominator(v);
        if (d >= 0) {
            // When v equals a live point, every point <= v equals v (live points do not dominate one another, and a
            // dead one would be below a live one), so any dominator found is that point.
            if (indices[d] > index && Arrays.equals(vectors, d * k, d * k + k, v, 0, k)) {
                indices[d] = index;
            }
            return;
        }
        if (root != null) {
            removeDominatedBy(root, v);
        } else {
            for (int s = pinned; s < slots; s++) {
                if (!dead[s] && above(s, v)) {
                    dead[s] = true;
                    live--;
                }
            }
        }
        if (slots == indices.length) {
            indices = Arrays.copyOf(indices, slots * 2);
            dead = Arrays.copyOf(dead, slots * 2);
            vectors = Arrays.copyOf(vectors, slots * 2 * k);
        }
        int s = slots++;
        System.arraycopy(v, 0, vectors, s * k, k);
        indices[s] = index;
        dead[s] = false;
        live++;
        // without a tree, dead slots are dropped before they would make one
        if (slots - pinned - live > Math.max(live, LEAF) || root == null && slots > SCAN_SLOTS) {
            compact();
        } else if (root != null) {
            insert(s);
        }
    }

    /** A compacted copy of the live points, without hints. */
    BoxTree copy() {
        compact();
        int n = slots - pinned;
        return new BoxTree(k, Arrays.copyOfRange(vectors, pinned * k, (pinned + Math.max(n, 1)) * k),
                Arrays.copyOfRange(indices, pinned, pinned + Math.max(n, 1)), n, false);
    }

    /** Drops dead slots but hints, keeping the rest in insertion order; the tree is rebuilt at the next query. */
    private void compact() {
        if (slots == pinned + live) {
            return;
        }
        int kept = pinned;
        for (int s = pinned; s < slots; s++) {
            if (!dead[s]) {
                if (kept != s) {
                    System.arraycopy(vectors, s * k, vectors, kept * k, k);
                    indices[kept] = indices[s];
                    dead[kept] = false;
                }
                kept++;
            }
        }
        slots = kept;
        root = null;
        lastLeaf = null;
        Arrays.fill(recent, -1);
    }

    private int dominator(double[] v) {
        int c = recentDominator(v);
        if (c >= 0) {
            return c;
        }
        if (root == null && slots <= SCAN_SLOTS) {
            for (int s = slots - 1; s >= 0; s--) {
                if (below(s, v)) {
                    remember(s);
                    return s;
                }
            }
            return -1;
        }
        // a rebuild may have turned the leaf into an inner node
        if (lastLeaf != null && lastLeaf.leaf != null && (c = leafDominator(lastLeaf, v)) >= 0) {
            remember(c);
            return c;
        }
        if (root == null) {
            if (live + pinned == 0) {
                return -1;
            }
            rebuildRoot();
        }
        int d = dominator(root, v);
        if (d >= 0) {
            remember(d);
        }
        return d;
    }

    private void remember(int dominator) {
        recent[nextRecent] = dominator;
        nextRecent = (nextRecent + 1) % RECENT;
    }

    /** Whether slot s is <= v in every objective. */
    private boolean below(int s, double[] v) {
        int base = s * k;
        for (int j = 0; j < k; j++) {
            if (vectors[base + j] > v[j]) {
                return false;
            }
        }
        return true;
    }

    private int dominator(Node n, double[] v) {
        double[] box = n.box;
        boolean all = true;
        for (int j = 0; j < k; j++) {
            if (box[j] > v[j]) {
                return -1;
            }
            all &= box[k + j] <= v[j];
        }
        if (all) {
            // every point under n is <= v; subtree rebuilds may have emptied some leaves, so find one that is not
            int s = anySlot(n);
            if (s >= 0) {
                return s;
            }
        }
        if (n.leaf != null) {
            int d = leafDominator(n, v);
            if (d >= 0) {
                lastLeaf = n;
            }
            return d;
        }
        // on a frontier, points just below v in the split objective are the likeliest to be below it in the others
        Node first = n.left, second = n.right;
        if (v[n.dim] >= n.split) {
            first = n.right;
            second = n.left;
        }
        int d = dominator(first, v);
        return d >= 0 ? d : dominator(second, v);
    }

    private int leafDominator(Node n, double[] v) {
        double[] points = n.points;
        for (int i = 0, base = 0; i < n.count; i++, base += k) {
            int j = 0;
            while (j < k && points[base + j] <= v[j]) {
                j++;
            }
            if (j == k) {
                return n.leaf[i];
            }
        }
        return -1;
    }

    private static int anySlot(Node n) {
        if (n.leaf != null) {
            return n.count > 0 ? n.leaf[0] : -1;
        }
        int s = anySlot(n.left);
        return s >= 0 ? s : anySlot(n.right);
    }

    /** Marks dead the live points >= v in every objective (v is not dominated, so it is < each in one). */
    private void removeDominatedBy(Node n, double[] v) {
        double[] box = n.box;
        for (int j = 0; j < k; j++) {
            if (box[k + j] < v[j]) {
                return;
            }
        }
        if (n.leaf == null) {
            removeDominatedBy(n.left, v);
            removeDominatedBy(n.right, v);
            return;
        }
        for (int i = 0; i < n.count; i++) {
            int s = n.leaf[i];
            if (!dead[s] && above(s, v)) {
                dead[s] = true;
                live--;
            }
        }
    }

    /** Whether slot s is >= v in every objective. */
    private boolean above(int s, double[] v) {
        int base = s * k;
        for (int j = 0; j < k; j++) {
            if (vectors[base + j] < v[j]) {
                return false;
            }
        }
        return true;
    }

    private void rebuildRoot() {
        int[] alive = new int[pinned + live];
        int n = 0;
        for (int s = 0; s < slots; s++) {
            if (s < pinned || !dead[s]) {
                alive[n++] = s;
            }
        }
        root = build(alive, 0, n, 0);
        path = new Node[64];
    }

    /** Inserts slot s along the path its value in each node's split objective chooses, rebalancing on the way. */
    private void insert(int s) {
        Node n = root;
        int depth = 0;
        while (true) {
            if (depth == path.length) {
                path = Arrays.copyOf(path, 2 * depth);
            }
            path[depth++] = n;
            extend(n.box, s);
            n.size++;
            if (n.leaf != null) {
                break;
            }
            n = vectors[s * k + n.dim] < n.split ? n.left : n.right;
        }
        if (n.count == n.leaf.length) {
            n.leaf = Arrays.copyOf(n.leaf, 2 * n.count);
            n.points = Arrays.copyOf(n.points, 2 * n.count * k);
        }
        System.arraycopy(vectors, s * k, n.points, n.count * k, k);
        n.leaf[n.count++] = s;
        for (int d = 0; d < depth; d++) {
            Node p = path[d];
            boolean unbalanced = p.leaf == null ? Math.max(p.left.size, p.right.size) > ALPHA * p.size
                    : p.count > LEAF;
            if (unbalanced) {
                int[] under = new int[p.size];
                int m = collectKept(p, under, 0);
                int removed = p.size - m;
                for (int a = 0; a < d; a++) {
                    path[a].size -= removed;
                }
                replace(p, build(under, 0, m, d));
                return;
            }
        }
    }

    private void extend(double[] box, int s) {
        int base = s * k;
        for (int j = 0; j < k; j++) {
            double x = vectors[base + j];
            box[j] = Math.min(box[j], x);
            box[k + j] = Math.max(box[k + j], x);
        }
    }

    private int collectKept(Node n, int[] out, int at) {
        if (n.leaf == null) {
            return collectKept(n.right, out, collectKept(n.left, out, at));
        }
        for (int i = 0; i < n.count; i++) {
            if (n.leaf[i] < pinned || !dead[n.leaf[i]]) {
                out[at++] = n.leaf[i];
            }
        }
        return at;
    }

    private static void replace(Node target, Node from) {
        System.arraycopy(from.box, 0, target.box, 0, from.box.length);
        target.size = from.size;
        target.dim = from.dim;
        target.split = from.split;
        target.left = from.left;
        target.right = from.right;
        target.leaf = from.leaf;
        target.count = from.count;
        target.points = from.points;
    }

    /**
     * A balanced subtree of slots[from, to): split at the median of objective depth mod k, the split objectives
     * taking turns down the tree.
     */
    private Node build(int[] slots, int from, int to, int depth) {
        Node n = new Node(k);
        Arrays.fill(n.box, 0, k, Double.POSITIVE_INFINITY);
        Arrays.fill(n.box, k, 2 * k, Double.NEGATIVE_INFINITY);
        for (int i = from; i < to; i++) {
            extend(n.box, slots[i]);
        }
        n.size = to - from;
        if (to - from <= LEAF) {
            n.leaf = Arrays.copyOfRange(slots, from, from + LEAF + 1);
            n.count = to - from;
            n.points = new double[(LEAF + 1) * k];
            for (int i = 0; i < n.count; i++) {
                System.arraycopy(vectors, n.leaf[i] * k, n.points, i * k, k);
            }
            return n;
        }
        int dim = depth % k;
        int mid = (from + to) >>> 1;
        select(slots, from, to - 1, mid, dim);
        n.dim = dim;
        n.split = vectors[slots[mid] * k + dim];
        n.left = build(slots, from, mid, depth + 1);
        n.right = build(slots, mid, to, depth + 1);
        return n;
    }

    /** Quickselect: puts the slot of rank {@code nth} by objective dim at nth, smaller ones before, larger after. */
    private void select(int[] a, int lo, int hi, int nth, int dim) {
        while (lo < hi) {
            double pivot = vectors[a[(lo + hi) >>> 1] * k + dim];
            int i = lo, j = hi;
            while (i <= j) {
                while (vectors[a[i] * k + dim] < pivot) {
                    i++;
                }
                while (vectors[a[j] * k + dim] > pivot) {
                    j--;
                }
                if (i <= j) {
                    int t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (nth <= j) {
                hi = j;
            } else if (nth >= i) {
                lo = i;
            } else {
                return;
            }
        }
    }
}
