package io.llmcost.spark;

import io.llmcost.sweep.Frontier;
import io.llmcost.sweep.Grid;
import io.llmcost.sweep.Objective;
import io.llmcost.sweep.Partial;
import io.llmcost.sweep.Sweep;

import java.io.Externalizable;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.util.List;
import java.util.TreeSet;

/**
 * A {@link Partial} as Spark ships it between tasks and to the driver: the frontier's points as two primitive arrays
 * trimmed to its size ({@link #BYTES_PER_POINT_BASE} + 8 bytes per objective a point, no object per point), the
 * counts, and the executors that evaluated its ranges. Externalizable, so Java serialisation writes these fields and
 * nothing else; under Kryo the same primitive arrays are written by Kryo's field serializer.
 */
public final class WirePartial implements Externalizable {
    private static final long serialVersionUID = 1L;
    /** The grid index of a point; its objectives add 8 bytes each. */
    static final int BYTES_PER_POINT_BASE = Long.BYTES;

    private int objectives;
    private long[] indices;
    /** Row-major: point i's objective j at {@code i * objectives + j}. */
    private double[] vectors;
    private long pointsValid;
    private long pointsEvaluated;
    private long pointsOutsideLawRange;
    /** Sorted, distinct. */
    private String[] executors;

    /** For deserialisation only. */
    public WirePartial() {}

    private WirePartial(Partial p, String[] executors) {
        Frontier f = p.frontier();
        objectives = f.objectives();
        indices = new long[f.size()];
        vectors = new double[f.size() * objectives];
        for (int i = 0; i < f.size(); i++) {
            indices[i] = f.index(i);
            for (int j = 0; j < objectives; j++) {
                vectors[i * objectives + j] = f.objective(i, j);
            }
        }
        pointsValid = p.pointsValid();
        pointsEvaluated = p.pointsEvaluated();
        pointsOutsideLawRange = p.pointsOutsideLawRange();
        this.executors = executors;
    }

    /** The partial of index ranges evaluated on {@code executor} (an executor id). */
    static WirePartial of(Partial p, String executor) {
        return new WirePartial(p, new String[] {executor});
    }

    /** The identity of {@link #merge}: no points, no ranges. */
    static WirePartial empty(int objectives) {
        return new WirePartial(new Partial(new Frontier(objectives), 0, 0, 0), new String[0]);
    }

    /** {@link Sweep#merge} of the two, on the executors' union. */
    static WirePartial merge(Grid grid, WirePartial a, WirePartial b) {
        if (a.executors.length == 0) {
            return b;
        }
        if (b.executors.length == 0) {
            return a;
        }
        TreeSet<String> both = new TreeSet<>(List.of(a.executors));
        both.addAll(List.of(b.executors));
        return new WirePartial(Sweep.merge(grid, List.of(a.partial(), b.partial())), both.toArray(new String[0]));
    }

    /** The frontier rebuilt from its points (a frontier's points do not dominate each other: every offer is kept). */
    Partial partial() {
        Frontier f = new Frontier(objectives);
        double[] v = new double[objectives];
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(vectors, i * objectives, v, 0, objectives);
            f.offer(indices[i], v);
        }
        return new Partial(f, pointsValid, pointsEvaluated, pointsOutsideLawRange);
    }

    int size() {
        return indices.length;
    }

    List<String> executors() {
        return List.of(executors);
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeByte(objectives);
        out.writeInt(indices.length);
        for (long index : indices) {
            out.writeLong(index);
        }
        for (double x : vectors) {
            out.writeDouble(x);
        }
        out.writeLong(pointsValid);
        out.writeLong(pointsEvaluated);
        out.writeLong(pointsOutsideLawRange);
        out.writeInt(executors.length);
        for (String e : executors) {
            out.writeUTF(e);
        }
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        objectives = in.readByte();
        int size = in.readInt();
        if (objectives < Objective.MIN_COUNT || objectives > Objective.MAX_COUNT || size < 0) {
            throw new InvalidObjectException("partial frontier with " + objectives + " objectives and " + size
                    + " points");
        }
        indices = new long[size];
        for (int i = 0; i < size; i++) {
            indices[i] = in.readLong();
        }
        vectors = new double[Math.multiplyExact(size, objectives)];
        for (int i = 0; i < vectors.length; i++) {
            vectors[i] = in.readDouble();
        }
        pointsValid = in.readLong();
        pointsEvaluated = in.readLong();
        pointsOutsideLawRange = in.readLong();
        int count = in.readInt();
        if (count < 0) {
            throw new InvalidObjectException("partial frontier of " + count + " executors");
        }
        executors = new String[count];
        for (int i = 0; i < executors.length; i++) {
            executors[i] = in.readUTF();
        }
    }
}
