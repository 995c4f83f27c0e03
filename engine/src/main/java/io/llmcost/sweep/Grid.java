package io.llmcost.sweep;

import io.llmcost.memory.Optimizer;
import io.llmcost.memory.Precision;
import io.llmcost.memory.Recompute;
import io.llmcost.memory.TrainSetup;
import io.llmcost.scaling.ChinchillaLaw;
import io.llmcost.scaling.FitRange;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;

/**
 * A sweep compiled for evaluation: axis values as primitive arrays, the mixed-radix index, the objectives and the
 * loss bound tables. Immutable and shared by all threads.
 *
 * <p>Index: mixed radix over the spec's axes in spec order, last axis fastest, so {@code index = sum(d_i * w_i)}
 * with digit d_i and weight w_i = product of the sizes of the later axes. A field whose axis the spec omits takes
 * its default, held as a one-value axis in an extra digit slot that is always 0.
 */
public final class Grid implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Default head_dim when neither heads nor head_dim is given (LLaMA, Qwen3, most current models). */
    public static final double DEFAULT_HEAD_DIM = 128;
    /** Default query heads per KV head: plain multi-head attention. */
    public static final double DEFAULT_KV_RATIO = 1;
    /** Default ffn = 8/3 hidden, LLaMA's SwiGLU width (Touvron et al. 2023, arXiv:2302.13971 section 2). */
    public static final double DEFAULT_FFN_MULT = 8.0 / 3;
    public static final double DEFAULT_SEQ_LEN = 4096;
    /** LLaMA-1/2 vocabulary. */
    public static final double DEFAULT_VOCAB = 32000;

    final String name;
    final boolean tied;
    final long ffnMultipleOf;
    final double aspectRatioMin;
    final double aspectRatioMax;
    final LossLaw law;
    /** The spec's training layout as primitives (TrainSetup is not serializable; Spark ships grids). */
    final long microBatch;
    final Precision precision;
    final Optimizer optimizer;
    final double gradientBytes;
    final int zero, tp, pp, ep;
    final long dp;
    final boolean sp, flash, dropout;
    final Recompute recompute;
    final double maxMemoryPerGpuBytes;
    final double kvCacheBytesPerElement;
    final Objective[] objectives;
    final String[] axisKeys;
    final int[] radix;
    final long size;
    /** Per {@link AxisName#ordinal()}: values of that field and the digit slot that selects one. */
    final double[][] values;
    final int[] slot;
    final boolean[] given;
    /** Per value of the experts field: the law's coefficients at that E ({@link LossLaw#atExperts}), and bounds. */
    final double[] lawE, lawA, lawB, lawAlpha, lawBeta;
    final LossBound[] lossBounds;
    /** The data-constrained law's unique tokens (NaN for the other laws). */
    final double uniqueTokens;
    /** Tokens served over the model's life: flops_lifetime = training + forward per token x this. */
    final double inferenceTokens;
    /** Where the law was fitted; with {@link #withinLawRange}, points outside it are not valid. */
    final FitRange fitRange;
    final boolean withinLawRange;

    public Grid(SweepSpec spec) {
        name = spec.name();
        tied = spec.tiedEmbeddings();
        ffnMultipleOf = spec.ffnMultipleOf();
        aspectRatioMin = spec.aspectRatioMin();
        aspectRatioMax = spec.aspectRatioMax();
        law = spec.law();
        TrainSetup t = spec.training();
        microBatch = t.microBatch();
        precision = t.precision();
        optimizer = t.optimizer();
        gradientBytes = t.gradientBytes();
        zero = t.zero();
        dp = t.dp();
        tp = t.tp();
        pp = t.pp();
        sp = t.sp();
        ep = t.ep();
        recompute = t.recompute();
        flash = t.flash();
        dropout = t.dropout();
        maxMemoryPerGpuBytes = spec.maxMemoryPerGpuBytes();
        kvCacheBytesPerElement = spec.kvCacheBytesPerElement();
        objectives = spec.objectives().toArray(new Objective[0]);
        List<SweepSpec.Axis> axes = spec.axes();
        int n = axes.size();
        axisKeys = new String[n];
        radix = new int[n + 1];
        radix[n] = 1;
        int roles = AxisName.values().length;
        values = new double[roles][];
        slot = new int[roles];
        given = new boolean[roles];
        long points = 1;
        for (int i = 0; i < n; i++) {
            SweepSpec.Axis a = axes.get(i);
            axisKeys[i] = a.name().key;
            radix[i] = a.values().length;
            points = Math.multiplyExact(points, radix[i]);
            int r = a.name().ordinal();
            values[r] = a.values().clone();
            slot[r] = i;
            given[r] = true;
        }
        size = points;
        setDefault(AxisName.HEAD_DIM, AxisName.HEADS, DEFAULT_HEAD_DIM, n);
        setDefault(AxisName.KV_RATIO, AxisName.KV_HEADS, DEFAULT_KV_RATIO, n);
        setDefault(AxisName.FFN_MULT, AxisName.FFN, DEFAULT_FFN_MULT, n);
        setDefault(AxisName.EXPERTS, null, 1, n);
        setDefault(AxisName.TOP_K, null, 1, n);
        setDefault(AxisName.SHARED_EXPERTS, null, 0, n);
        setDefault(AxisName.EXPERT_FFN, null, 0, n);
        setDefault(AxisName.FIRST_DENSE_LAYERS, null, 0, n);
        setDefault(AxisName.SEQ_LEN, null, DEFAULT_SEQ_LEN, n);
        setDefault(AxisName.VOCAB, null, DEFAULT_VOCAB, n);
        for (AxisName a : AxisName.values()) {
            if (values[a.ordinal()] == null) { // the other member of a group that the spec gave
                values[a.ordinal()] = new double[0];
                slot[a.ordinal()] = n;
            }
        }
        uniqueTokens = spec.uniqueTokens();
        inferenceTokens = spec.inferenceTokens();
        fitRange = law.fitRange();
        withinLawRange = spec.withinLawRange();
        double[] experts = values[AxisName.EXPERTS.ordinal()];
        int e = experts.length;
        lawE = new double[e];
        lawA = new double[e];
        lawB = new double[e];
        lawAlpha = new double[e];
        lawBeta = new double[e];
        lossBounds = new LossBound[e];
        if (law == LossLaw.DATA_CONSTRAINED) {
            Arrays.fill(lossBounds, LossBound.dataConstrained(uniqueTokens));
        } else {
            for (int i = 0; i < e; i++) {
                ChinchillaLaw atE = law.atExperts(experts[i]);
                lawE[i] = atE.e();
                lawA[i] = atE.a();
                lawB[i] = atE.b();
                lawAlpha[i] = atE.alpha();
                lawBeta[i] = atE.beta();
                lossBounds[i] = law == LossLaw.JOINT_MOE || i == 0 ? new LossBound(atE) : lossBounds[0];
            }
        }
    }

    private void setDefault(AxisName field, AxisName alternative, double value, int extraSlot) {
        if (given[field.ordinal()] || (alternative != null && given[alternative.ordinal()])) {
            return;
        }
        values[field.ordinal()] = new double[] {value};
        slot[field.ordinal()] = extraSlot;
    }

    /** The spec's training layout for a point trained at {@code seqLen} tokens per sequence. */
    public TrainSetup training(long seqLen) {
        return new TrainSetup(seqLen, microBatch, precision, optimizer, gradientBytes, zero, dp, tp, pp, sp, ep,
                recompute, flash, dropout);
    }

    public double maxMemoryPerGpuBytes() {
        return maxMemoryPerGpuBytes;
    }

    public double kvCacheBytesPerElement() {
        return kvCacheBytesPerElement;
    }

    public String name() {
        return name;
    }

    /** Points in the grid, valid or not. */
    public long size() {
        return size;
    }

    public List<Objective> objectives() {
        return List.of(objectives);
    }

    public LossLaw law() {
        return law;
    }

    public double uniqueTokens() {
        return uniqueTokens;
    }

    public double inferenceTokens() {
        return inferenceTokens;
    }

    public boolean withinLawRange() {
        return withinLawRange;
    }

    /**
     * Whether a point lies inside the law's fitted range: parameters as the law counts them, tokens, training
     * FLOPs, experts and, for the data-constrained law, epochs over the unique tokens. One place for the kernel
     * and the reference evaluator.
     */
    boolean inLawRange(long paramsTotal, long paramsActive, double tokens, double flopsTraining, long experts) {
        double epochs = law == LossLaw.DATA_CONSTRAINED ? tokens / uniqueTokens : 1;
        return fitRange.contains(law.usesActiveParams() ? paramsActive : paramsTotal, tokens, flopsTraining, experts,
                epochs);
    }

    public boolean tiedEmbeddings() {
        return tied;
    }

    public long ffnMultipleOf() {
        return ffnMultipleOf;
    }

    public double aspectRatioMin() {
        return aspectRatioMin;
    }

    public double aspectRatioMax() {
        return aspectRatioMax;
    }

    /** The spec's axes in index order. */
    public List<String> axisKeys() {
        return List.of(axisKeys);
    }

    /** Whether the spec gave this axis (otherwise it has its default, or its group's other member was given). */
    public boolean given(AxisName axis) {
        return given[axis.ordinal()];
    }

    /**
     * Digits of a grid index, one per spec axis plus a trailing 0 for omitted fields.
     *
     * @throws IndexOutOfBoundsException outside [0, size)
     */
    public int[] digits(long index) {
        int[] d = new int[radix.length];
        decode(index, d);
        return d;
    }

    void decode(long index, int[] digits) {
        if (index < 0 || index >= size) {
            throw new IndexOutOfBoundsException("grid index " + index + " outside [0, " + size + ")");
        }
        long rest = index;
        for (int i = radix.length - 2; i >= 0; i--) {
            digits[i] = (int) (rest % radix[i]);
            rest /= radix[i];
        }
        digits[radix.length - 1] = 0;
    }

    /** The grid index of a digit vector (inverse of {@link #digits}). */
    public long index(int[] digits) {
        long index = 0;
        for (int i = 0; i < radix.length - 1; i++) {
            index = index * radix[i] + digits[i];
        }
        return index;
    }

    /** The spec's last axis (the fastest), or null for a grid without axes. */
    AxisName lastAxis() {
        for (AxisName a : AxisName.values()) {
            if (given[a.ordinal()] && slot[a.ordinal()] == radix.length - 2) {
                return a;
            }
        }
        return null;
    }

    /** Whether the last axis's values are sorted, ascending or descending (ties allowed). */
    boolean lastAxisSorted() {
        AxisName a = lastAxis();
        if (a == null) {
            return false;
        }
        double[] v = values[a.ordinal()];
        boolean ascending = true, descending = true;
        for (int i = 1; i < v.length; i++) {
            ascending &= v[i] >= v[i - 1];
            descending &= v[i] <= v[i - 1];
        }
        return ascending || descending;
    }

    /** The value of a field at a point: its axis value, or its default. Only for fields that have a value. */
    public double value(AxisName field, int[] digits) {
        return values[field.ordinal()][digits[slot[field.ordinal()]]];
    }

    /** The digit that selects the field's value (0 for a default). */
    public int digit(AxisName field, int[] digits) {
        return digits[slot[field.ordinal()]];
    }
}
