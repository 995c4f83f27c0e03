package io.llmcost.sweep;

import io.llmcost.formula.Flops;
import io.llmcost.formula.Params;
import io.llmcost.memory.Activations;
import io.llmcost.memory.BytesPerParam;
import io.llmcost.memory.KvCache;
import io.llmcost.memory.Recompute;
import io.llmcost.memory.TrainingMemory;
import io.llmcost.memory.Zero;
import io.llmcost.scaling.ChinchillaLaw;
import io.llmcost.scaling.DataConstrainedLaw;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;

/**
 * The hot loop: evaluates a range of grid indices into a {@link Frontier}, one scratch object per thread, no
 * allocation and no boxing per point. Every quantity comes from the static formulas of {@code io.llmcost.formula}
 * and {@code io.llmcost.scaling}; {@code ReferenceEvaluator} computes the same columns through the model layer and
 * a property test holds the two equal.
 *
 * <p>Per point: the digits advance like an odometer (no index division), and only the stages whose input axes
 * changed are recomputed ({@link #evaluatePoint}), so e.g. the head and KV divisibility checks and the attention
 * parameters are hoisted out of the seq_len and budget axes whatever the spec's axis order. Then the objective
 * vector, with the loss replaced by its {@link LossBound} lower bound, is tested against the frontier; only points
 * that survive pay for the loss ({@code Math.pow}) and the frontier insert.
 *
 * <p>Invalid points are not visited one by one: a failed validity check depends on a few axes only, so every later
 * index up to the next change of the fastest of those axes fails it too, and the odometer jumps there
 * ({@link #skipInvalidRun}); on bench/mid.yaml 2.17 of the 2.85 million indices are passed over that way.
 *
 * <p>Valid points are mostly not evaluated one by one either. With a last axis along which every cheap quantity is affine (layers, vocab, seq_len, tokens, ...: {@link #AFFINE_AXES}), each run of it is
 * evaluated at its two ends and its other points are bounded by chords, alone or in blocks
 * ({@link #evaluateAffineRun}); otherwise, along a sorted last axis, blocks are bounded from monotonicity
 * ({@link #skipDominatedBlock}).
 *
 * <p>With {@code within_law_range}, a point outside the law's fitted range fails validity once its tokens are known
 * ({@link Grid#inLawRange}); block and chord pruning are then off, since their validity probes skip the tokens.
 */
final class Kernel {
    private static final int HIDDEN = AxisName.HIDDEN.ordinal();
    private static final int LAYERS = AxisName.LAYERS.ordinal();
    private static final int HEAD_DIM = AxisName.HEAD_DIM.ordinal();
    private static final int HEADS = AxisName.HEADS.ordinal();
    private static final int KV_HEADS = AxisName.KV_HEADS.ordinal();
    private static final int KV_RATIO = AxisName.KV_RATIO.ordinal();
    private static final int FFN = AxisName.FFN.ordinal();
    private static final int FFN_MULT = AxisName.FFN_MULT.ordinal();
    private static final int EXPERTS = AxisName.EXPERTS.ordinal();
    private static final int TOP_K = AxisName.TOP_K.ordinal();
    private static final int SHARED_EXPERTS = AxisName.SHARED_EXPERTS.ordinal();
    private static final int EXPERT_FFN = AxisName.EXPERT_FFN.ordinal();
    private static final int FIRST_DENSE_LAYERS = AxisName.FIRST_DENSE_LAYERS.ordinal();
    private static final int SEQ_LEN = AxisName.SEQ_LEN.ordinal();
    private static final int VOCAB = AxisName.VOCAB.ordinal();
    private static final int TOKENS = AxisName.TOKENS.ordinal();
    private static final int BUDGET_FLOPS = AxisName.BUDGET_FLOPS.ordinal();
    private static final int LOSS = Objective.LOSS.ordinal();
    /** Passed as the changed digit position when nothing is cached yet: every stage is recomputed. */
    private static final int ALL_CHANGED = -1;
    /**
     * Points of the last axis bounded together: shorter blocks have tighter bounds (the loss bound pairs the
     * block's largest model with its most tokens), longer ones skip more per test.
     */
    static final int BLOCK_POINTS = 16;
    /** Shortest block worth bounding: the bound costs up to two full point evaluations. */
    static final int MIN_BLOCK_POINTS = 4;
    /**
     * After a block fails its bound, the next 1, 2, 4, ... up to this many blocks are not tried: along an axis
     * where loss and cost trade off (layers at a fixed budget) bounds almost never prune, and trying every block
     * cost up to 70% more time on a billion.yaml slice; a success resets the back-off.
     */
    static final int MAX_BLOCK_BACKOFF = 64;
    /**
     * Axes along which, the other digits fixed, every cheap quantity is an affine function of the axis value:
     * parameters (a uniform stack: layers x per-layer params; vocab x hidden embeddings; 3 x hidden x width for the
     * dense, shared and expert MLPs; top-k x expert MLP; first_dense_layers x (dense - MoE layer)), forward FLOPs
     * (2 x matmul weights + lm head + layers x attention at seq_len / 2 positions), KV bytes (layers x per-layer),
     * and training FLOPs (the budget, or 3 x FLOPs x tokens); tokens are affine, or budget / (3 x affine FLOPs),
     * which is convex. {@link #evaluateAffineRun} bounds a run's interior points by chords between its ends.
     */
    static final Set<AxisName> AFFINE_AXES = EnumSet.of(AxisName.LAYERS, AxisName.VOCAB, AxisName.SEQ_LEN,
            AxisName.TOKENS, AxisName.BUDGET_FLOPS, AxisName.FFN, AxisName.TOP_K, AxisName.SHARED_EXPERTS,
            AxisName.EXPERT_FFN, AxisName.FIRST_DENSE_LAYERS);
    /** Relative margin of a chord bound: covers the rounding of the chord and of the exact values (~1e-15). */
    private static final double CHORD_MARGIN = 1e-9;
    /** Longest block under one chord bound: long enough that a dominated stretch of a run costs a few tests. */
    static final int MAX_CHORD_BLOCK = 64;

    private final Grid grid;
    private final double[][] values;
    private final int[] slot;
    private final int[] radix;
    private final boolean headsGiven;
    private final boolean kvHeadsGiven;
    private final boolean ffnGiven;
    private final boolean budgetGiven;
    private final int ffnSlot;
    private final int[] objectiveColumn;
    private final boolean lossIsObjective;
    private final boolean lawUsesActive;
    private final boolean dataConstrained;
    /** Points outside the law's fitted range are invalid ({@code within_law_range}). */
    private final boolean withinLawRange;
    /** The last failed validity check was the law range (read and cleared by {@link #evaluate}). */
    private boolean lawRangeFailed;

    /** Current digits, one per spec axis plus the always-0 slot of omitted fields. */
    final int[] digits;
    /** Every objective quantity of the current point, by {@link Objective#ordinal()}. */
    private final double[] quantities = new double[Objective.values().length];
    /** The current point's objective vector, in the spec's objective order. */
    private final double[] vector;

    long hidden, layers, heads, kvHeads, headDim, ffn, experts, topK, sharedExperts, expertFfn, firstDenseLayers,
            seqLen, vocab;
    long paramsTotal, paramsActive;
    /** Stage results kept while their inputs do not change (see {@link #evaluatePoint}). */
    private long attentionParams, denseFfnParams, moeTotal, moeActive, sharedFfn, denseLayers, matmulWeights;
    private boolean attentionValid, ffnValid, paramsValid;
    /** Highest digit position among each stage's input axes (-1: all inputs are defaults). */
    private final int levelAttention, levelFfn, levelParams, levelFlops, levelTokens;
    /** Highest digit position among the inputs of the first-dense-layers rule, and of the aspect ratio. */
    private final int levelDenseLayers, levelAspect, levelLayers;
    /** The faster of hidden and layers, and its values (the aspect ratio skips along it). */
    private final AxisName aspectFastAxis;
    private final double[] aspectFastValues;
    /**
     * Where the run of invalid points that starts at the current invalid point ends: digit {@code failedDigit} at
     * position {@code failedLevel}, every faster digit at its last value. Set whenever a validity check fails; it
     * stays right while the failed stage's result is reused, since that stage's inputs have not changed.
     */
    private int failedLevel, failedDigit;
    /** Weight of each digit position in the grid index (product of the faster axes' sizes). */
    private final long[] weight;
    double flopsForwardPerToken, flopsTraining, tokens, loss, memoryTrainingBytes, kvCacheBytesPerToken;

    private final BytesPerParam bytesPerParam;
    private final boolean memoryNeeded;
    /** Whether blocks of the last axis are pruned ({@link #skipDominatedBlock}). */
    private final boolean blockPruning;
    /** Whether runs of the last axis are bounded by chords ({@link #evaluateAffineRun}). */
    private final boolean affineRuns;
    private final double[] lastAxisValues;
    /**
     * Whether every point between two valid points of a run of the last axis is valid: true when no divisibility
     * or MoE rule reads the last axis, so that only the aspect ratio and first_dense_layers < layers may, and each
     * of those holds on an interval of a sorted axis.
     */
    private final boolean validBetweenValidPoints;
    private final int lossPosition;
    private final double[] bound;
    /** The current run's chords: objective vector at its first valid point and its change to the last one. */
    private final double[] chordFrom, chordSlope;
    /** Points under the next chord bound (blocks only where valid points form an interval). */
    private int chordBlock = 1;
    private double paramsFrom, paramsSlope, tokensFrom, tokensSlope, forwardFrom, forwardSlope, trainingFrom,
            trainingSlope, chordX0, chordScale;
    private int blockBackoff;
    private int blocksBeforeNextTry;

    long pointsValid;
    long pointsEvaluated;
    /** Points dropped by {@code within_law_range} alone (every other rule passed). */
    long pointsOutsideLawRange;
    /**
     * Valid points counted without an evaluation of their own, in dominated blocks or under dominated chord
     * bounds (for tests and tuning; not part of the output).
     */
    long pointsSkipped;
    /** Invalid indices passed over without a visit by {@link #skipInvalidRun} (for tests; not part of the output). */
    long pointsJumped;

    Kernel(Grid grid) {
        this.grid = grid;
        values = grid.values;
        slot = grid.slot;
        radix = grid.radix;
        headsGiven = grid.given[HEADS];
        kvHeadsGiven = grid.given[KV_HEADS];
        ffnGiven = grid.given[FFN];
        budgetGiven = grid.given[BUDGET_FLOPS];
        ffnSlot = ffnGiven ? slot[FFN] : slot[FFN_MULT];
        objectiveColumn = new int[grid.objectives.length];
        boolean loss = false;
        for (int j = 0; j < objectiveColumn.length; j++) {
            objectiveColumn[j] = grid.objectives[j].ordinal();
            loss |= grid.objectives[j] == Objective.LOSS;
        }
        lossIsObjective = loss;
        bytesPerParam = grid.training(1).bytesPerParam();
        memoryNeeded = grid.objectives().contains(Objective.MEMORY_TRAINING_BYTES)
                || grid.maxMemoryPerGpuBytes < Double.POSITIVE_INFINITY;
        lossPosition = grid.objectives().indexOf(Objective.LOSS);
        bound = new double[objectiveColumn.length];
        int lastAxis = radix.length - 2;
        // Monotonicity does not hold for training memory (activations fall with head_dim while weights grow) nor
        // along experts (experts = 1 switches to the dense MLP); a short run costs as much to bound as to sweep.
        // The law range needs every point's tokens, which a validity probe without costs does not compute.
        withinLawRange = grid.withinLawRange;
        blockPruning = lastAxis >= 0 && radix[lastAxis] >= MIN_BLOCK_POINTS && grid.lastAxisSorted()
                && grid.lastAxis() != AxisName.EXPERTS && !memoryNeeded && !withinLawRange;
        lawUsesActive = grid.law.usesActiveParams();
        dataConstrained = grid.law == LossLaw.DATA_CONSTRAINED;
        digits = new int[radix.length];
        levelAttention = level(HIDDEN, HEADS, HEAD_DIM, KV_HEADS, KV_RATIO);
        levelFfn = level(HIDDEN, FFN, FFN_MULT, EXPERTS, TOP_K, SHARED_EXPERTS, EXPERT_FFN, FIRST_DENSE_LAYERS);
        levelParams = Math.max(Math.max(levelAttention, levelFfn), level(LAYERS, VOCAB));
        levelFlops = Math.max(levelParams, level(SEQ_LEN));
        levelTokens = Math.max(levelFlops, level(TOKENS, BUDGET_FLOPS));
        validBetweenValidPoints = Math.max(levelAttention, levelFfn) < lastAxis;
        affineRuns = blockPruning && AFFINE_AXES.contains(grid.lastAxis());
        lastAxisValues = blockPruning ? values[grid.lastAxis().ordinal()] : null;
        chordFrom = new double[objectiveColumn.length];
        chordSlope = new double[objectiveColumn.length];
        levelDenseLayers = level(FIRST_DENSE_LAYERS, LAYERS, EXPERTS);
        levelAspect = level(HIDDEN, LAYERS);
        levelLayers = level(LAYERS);
        aspectFastAxis = slot[HIDDEN] > slot[LAYERS] ? AxisName.HIDDEN : AxisName.LAYERS;
        aspectFastValues = values[aspectFastAxis.ordinal()];
        weight = new long[radix.length];
        weight[radix.length - 1] = 1;
        for (int j = radix.length - 2; j >= 0; j--) {
            weight[j] = weight[j + 1] * radix[j + 1];
        }
        vector = new double[objectiveColumn.length];
    }

    private int level(int... fields) {
        int level = ALL_CHANGED;
        for (int f : fields) {
            if (grid.given[f]) {
                level = Math.max(level, slot[f]);
            }
        }
        return level;
    }

    private double value(int field) {
        return values[field][digits[slot[field]]];
    }

    private long count(int field) {
        return (long) values[field][digits[slot[field]]];
    }

    /**
     * Offers every valid point of [from, to) to {@code frontier} in ascending index order. The frontier must hold
     * only points of lower indices (a point equal to one already there is then rejected: the lowest index wins).
     * Blocks of the last axis start at the first valid point of each run and every {@link #BLOCK_POINTS} after.
     */
    void evaluate(long from, long to, Frontier frontier) {
        if (from >= to) {
            return;
        }
        grid.decode(from, digits);
        final int last = radix.length - 2;
        int changed = ALL_CHANGED;
        int nextBlock = 0; // the last axis's digit from which a valid point may start a block
        for (long index = from; index < to; index++) {
            if (!evaluatePoint(changed, true)) {
                long skipped = skipInvalidRun(last);
                if (lawRangeFailed) {
                    pointsOutsideLawRange += 1 + skipped;
                    lawRangeFailed = false;
                }
                index += skipped;
                nextBlock = 0;
                changed = advance(last);
                continue;
            }
            if (changed < last) {
                nextBlock = 0;
            }
            if (affineRuns) {
                int start = digits[last];
                int length = (int) Math.min(radix[last] - start, to - index);
                if (length >= 3) { // shorter runs have no point between their ends
                    evaluateAffineRun(index, start, length, frontier);
                    index += length - 1;
                    changed = advance(last);
                    continue;
                }
            } else if (blockPruning && digits[last] >= nextBlock) {
                int start = digits[last];
                int length = Math.min(BLOCK_POINTS, radix[last] - start);
                nextBlock = start + BLOCK_POINTS;
                if (length >= MIN_BLOCK_POINTS && index + length <= to && blocksBeforeNextTry-- <= 0) {
                    if (skipDominatedBlock(start, length, frontier)) {
                        blockBackoff = 0;
                        index += length - 1;
                        changed = advance(last);
                        continue;
                    }
                    blockBackoff = Math.min(MAX_BLOCK_BACKOFF, Math.max(1, 2 * blockBackoff));
                    blocksBeforeNextTry = blockBackoff;
                    evaluatePoint(last, true); // back on the block's first point
                }
            }
            offerPoint(index, frontier, true);
            changed = advance(last);
        }
    }

    /**
     * Counts the evaluated valid point at the current digits and offers it, unless {@code testBound} and its bound
     * is dominated (no test when a chord bound of the point, as tight up to the chord margin, just failed one).
     */
    private void offerPoint(long index, Frontier frontier, boolean testBound) {
        pointsValid++;
        if (!testBound || !prunedByBound(frontier)) {
            pointsEvaluated++;
            if (lossIsObjective) {
                evaluateLoss();
                quantities[LOSS] = loss;
            }
            fillVector();
            frontier.offer(index, vector);
        }
    }

    /**
     * Offers the valid points among digits [first, first + length) of the last axis, an {@link #AFFINE_AXES} axis,
     * in ascending order; the point at {@code first} is valid and evaluated, and its index is {@code index}. The
     * run's first and last valid points are evaluated exactly; for each point between them the chord through the
     * two ends at its axis value, less {@link #CHORD_MARGIN}, bounds every objective below (affine quantities lie
     * on the chord), and the chords of parameters and tokens, plus the margin, bound them above (tokens lie on or
     * below theirs), so {@link LossBound} at those bounds the loss below. A point whose bound vector the frontier
     * dominates is counted and passed over without an evaluation: on bench/mid.yaml all but about one in 170
     * interior points. Leaves the digits on the range's last point.
     */
    private void evaluateAffineRun(long index, int first, int length, Frontier frontier) {
        final int last = radix.length - 2;
        final int end = first + length;
        fillVector();
        System.arraycopy(vector, 0, chordFrom, 0, vector.length);
        double params0 = lawUsesActive ? paramsActive : paramsTotal, tokens0 = tokens;
        double forward0 = flopsForwardPerToken, training0 = flopsTraining;
        offerPoint(index, frontier, true);
        int lastValid = lastValidDigit(first, end);
        pointsJumped += end - 1 - lastValid;
        if (lastValid > first) {
            digits[last] = lastValid;
            evaluatePoint(last, true);
            fillVector();
            for (int o = 0; o < vector.length; o++) {
                chordSlope[o] = vector[o] - chordFrom[o];
            }
            paramsFrom = params0;
            paramsSlope = (lawUsesActive ? paramsActive : paramsTotal) - params0;
            tokensFrom = tokens0;
            tokensSlope = tokens - tokens0;
            forwardFrom = forward0;
            forwardSlope = flopsForwardPerToken - forward0;
            trainingFrom = training0;
            trainingSlope = flopsTraining - training0;
            chordX0 = lastAxisValues[first];
            double span = lastAxisValues[lastValid] - chordX0;
            chordScale = span == 0 ? 0 : 1 / span;
            LossBound lossBound = grid.lossBounds[digits[slot[EXPERTS]]];
            for (int j = first + 1; j < lastValid; ) {
                int blockEnd = validBetweenValidPoints ? Math.min(j + chordBlock, lastValid) : j + 1;
                digits[last] = j;
                if (!validBetweenValidPoints && !evaluatePoint(last, false)) {
                    j++;
                    continue;
                }
                chordBound(j, blockEnd - 1, lossBound);
                // a block is tried against the frontier's recent dominators only: with three or more objectives,
                // a block that fails a full test costs a tree descent for nothing (bounds of short blocks fail often)
                boolean dominated = blockEnd > j + 1 ? frontier.dominatesCheaply(bound) : frontier.dominates(bound);
                // blocks double while they are dominated; after a failed one, single points until one is
                chordBlock = dominated ? Math.min(2 * chordBlock, MAX_CHORD_BLOCK) : 1;
                if (dominated) {
                    pointsValid += blockEnd - j;
                    pointsSkipped += blockEnd - j;
                    j = blockEnd;
                } else if (blockEnd == j + 1) {
                    evaluatePoint(last, true);
                    offerPoint(index + j - first, frontier, false);
                    j++;
                }
            }
            digits[last] = lastValid;
            evaluatePoint(last, true);
            offerPoint(index + lastValid - first, frontier, true);
        }
        digits[last] = end - 1;
    }

    /**
     * The last digit in [first, end) of the last axis where the point is valid, the point at {@code first} being
     * valid: a binary search when the valid points of a run form an interval ({@link #validBetweenValidPoints}),
     * else a scan down from {@code end - 1}. Probes validity only, and leaves the digits where the last probe was.
     */
    private int lastValidDigit(int first, int end) {
        final int last = radix.length - 2;
        int lastValid = first;
        if (validBetweenValidPoints) {
            int invalid = end;
            while (invalid - lastValid > 1) {
                int mid = (lastValid + invalid) >>> 1;
                digits[last] = mid;
                if (evaluatePoint(last, false)) {
                    lastValid = mid;
                } else {
                    invalid = mid;
                }
            }
        } else {
            for (int j = end - 1; j > first && lastValid == first; j--) {
                digits[last] = j;
                if (evaluatePoint(last, false)) {
                    lastValid = j;
                }
            }
        }
        return lastValid;
    }

    /**
     * Fills {@link #bound} with lower bounds of every objective over the run's points at digits a..b (a <= b):
     * a chord is linear, so its least and most over the block are at the ends; the loss at the most parameters
     * and tokens.
     */
    private void chordBound(int a, int b, LossBound lossBound) {
        double ta = (lastAxisValues[a] - chordX0) * chordScale, tb = (lastAxisValues[b] - chordX0) * chordScale;
        double tMin = Math.min(ta, tb), tMax = Math.max(ta, tb);
        for (int o = 0; o < bound.length; o++) {
            // a quantity constant along the run is exact: no margin, so that a tie with it still dominates
            bound[o] = chordSlope[o] == 0 ? chordFrom[o]
                    : least(chordFrom[o], chordSlope[o], tMin, tMax) * (1 - CHORD_MARGIN);
        }
        if (lossIsObjective) {
            // at a budget, tokens = budget / (3 x FLOPs) is bounded through the FLOPs chord: far tighter than the
            // tokens chord when FLOPs vary several-fold along the run
            double tokensAbove = budgetGiven
                    ? most(trainingFrom, trainingSlope, tMin, tMax) * (1 + CHORD_MARGIN)
                    / (Flops.TRAINING_PASSES * least(forwardFrom, forwardSlope, tMin, tMax) * (1 - CHORD_MARGIN))
                    : most(tokensFrom, tokensSlope, tMin, tMax) * (1 + CHORD_MARGIN);
            bound[lossPosition] = lossBound.lowerBound(
                    most(paramsFrom, paramsSlope, tMin, tMax) * (1 + CHORD_MARGIN), tokensAbove);
        }
    }

    private static double least(double from, double slope, double tMin, double tMax) {
        return from + (slope < 0 ? tMax : tMin) * slope;
    }

    private static double most(double from, double slope, double tMin, double tMax) {
        return from + (slope < 0 ? tMin : tMax) * slope;
    }

    /**
     * The {@code k} valid points of [from, to) with the lowest loss, ties to the lower index, as grid indices in
     * that order. A point whose loss lower bound is above the current k-th loss is rejected without Math.pow.
     */
    long[] lowestLoss(long from, long to, int k) {
        long[] bestIndex = new long[k];
        double[] bestLoss = new double[k];
        int size = 0;
        if (from < to) {
            grid.decode(from, digits);
        }
        final int last = radix.length - 2;
        int changed = ALL_CHANGED;
        for (long index = from; index < to; index++) {
            if (evaluatePoint(changed, true)) {
                pointsValid++;
                double params = lawUsesActive ? paramsActive : paramsTotal;
                if (size < k || grid.lossBounds[digits[slot[EXPERTS]]].lowerBound(params, tokens) < bestLoss[k - 1]) {
                    pointsEvaluated++;
                    evaluateLoss();
                    if (size < k || loss < bestLoss[k - 1]) {
                        // insertion into the sorted arrays; equal losses keep the earlier (lower) index first
                        int at = size < k ? size++ : k - 1;
                        while (at > 0 && bestLoss[at - 1] > loss) {
                            bestLoss[at] = bestLoss[at - 1];
                            bestIndex[at] = bestIndex[at - 1];
                            at--;
                        }
                        bestLoss[at] = loss;
                        bestIndex[at] = index;
                    }
                }
            } else {
                index += skipInvalidRun(last);
            }
            changed = advance(last);
        }
        return Arrays.copyOf(bestIndex, size);
    }

    /**
     * Moves the digits from the current invalid point to the last point of its run of invalid points (see
     * {@link #failedLevel}) and returns how many indices that passes over; the next {@link #advance} then lands on
     * the first index that may be valid. Only invalid points are passed over, so the counts stay exact.
     */
    private long skipInvalidRun(int last) {
        long skipped = 0;
        if (failedLevel >= 0) {
            skipped = (long) (failedDigit - digits[failedLevel]) * weight[failedLevel];
            digits[failedLevel] = failedDigit;
        }
        for (int j = failedLevel + 1; j <= last; j++) {
            skipped += (long) (radix[j] - 1 - digits[j]) * weight[j];
            digits[j] = radix[j] - 1;
        }
        pointsJumped += skipped;
        return skipped;
    }

    /** Records that the current point fails a check whose inputs sit at digit positions up to {@code level}. */
    private boolean fail(int level) {
        failedLevel = level;
        failedDigit = level >= 0 ? digits[level] : 0;
        return false;
    }

    /** Moves the digits to the next index; returns the leftmost position that changed (-1 past the end). */
    private int advance(int last) {
        int j = last;
        while (j >= 0 && ++digits[j] == radix[j]) {
            digits[j] = 0;
            j--;
        }
        return j;
    }

    /**
     * Block pruning over {@code length} consecutive values of the last axis from digit {@code first}, the other
     * digits fixed; the point at {@code first} is valid and evaluated. Every cheap objective is monotone along any
     * one axis whose values are sorted (params, FLOPs, tokens and KV bytes are sums of products of the shape fields
     * with non-negative coefficients, or linear in first_dense_layers), so over the block's valid points each is
     * smallest at the first or the last valid point; the loss is bounded below by {@link LossBound} at the larger
     * of the two ends' parameters and tokens. When the frontier dominates that vector of lower bounds, no point of
     * the block can enter it: its valid points are only counted, without FLOPs, tokens or frontier tests (without a
     * visit when {@link #validBetweenValidPoints}). Leaves the
     * digits on the block's last point when it returns true, on its first point otherwise (not re-evaluated).
     */
    private boolean skipDominatedBlock(int first, int length, Frontier frontier) {
        final int last = radix.length - 2;
        final int end = first + length;
        fillVector();
        System.arraycopy(vector, 0, bound, 0, bound.length);
        double firstParams = lawUsesActive ? paramsActive : paramsTotal, firstTokens = tokens;
        double lastParams = firstParams, lastTokens = firstTokens;
        int lastValid = lastValidDigit(first, end);
        if (lastValid > first) {
            digits[last] = lastValid;
            evaluatePoint(last, true);
            fillVector();
            for (int o = 0; o < bound.length; o++) {
                bound[o] = Math.min(bound[o], vector[o]);
            }
            lastParams = lawUsesActive ? paramsActive : paramsTotal;
            lastTokens = tokens;
        }
        if (lossIsObjective) {
            bound[lossPosition] = grid.lossBounds[digits[slot[EXPERTS]]].lowerBound(Math.max(firstParams, lastParams),
                    Math.max(firstTokens, lastTokens));
            if (!frontier.dominates(bound)) {
                // When one end has both the most parameters and the most tokens, its loss is the block's least
                // (the loss falls in both), a tight bound for the price of one loss evaluation.
                int best = firstParams >= lastParams && firstTokens >= lastTokens ? first
                        : lastParams >= firstParams && lastTokens >= firstTokens ? lastValid : -1;
                if (best < 0) {
                    digits[last] = first;
                    return false;
                }
                digits[last] = best;
                evaluatePoint(last, true);
                evaluateLoss();
                bound[lossPosition] = loss;
            }
        }
        if (!frontier.dominates(bound)) {
            digits[last] = first;
            return false;
        }
        long valid = validBetweenValidPoints ? lastValid - first + 1 : lastValid == first ? 1 : 2;
        for (int j = first + 1; j < lastValid && !validBetweenValidPoints; j++) {
            digits[last] = j;
            if (evaluatePoint(last, false)) {
                valid++;
            }
        }
        pointsValid += valid;
        pointsSkipped += valid;
        digits[last] = end - 1;
        return true;
    }

    /** Whether the frontier already weakly dominates the point with its loss at its lower bound. */
    private boolean prunedByBound(Frontier frontier) {
        if (lossIsObjective) {
            double params = lawUsesActive ? paramsActive : paramsTotal;
            quantities[LOSS] = grid.lossBounds[digits[slot[EXPERTS]]].lowerBound(params, tokens);
        }
        fillVector();
        return frontier.dominates(vector);
    }

    private void fillVector() {
        for (int j = 0; j < vector.length; j++) {
            vector[j] = quantities[objectiveColumn[j]];
        }
    }

    /**
     * Resolves and costs the point at the current digits, recomputing only the stages whose inputs changed: the
     * digits at positions >= {@code changed} changed since the previous point, and a stage is recomputed when one
     * of its input axes sits there ({@code changed <= level}). Stages are ordered so that a stage's level is at
     * least its inputs' stages' levels, hence a recomputed stage always sees fresh inputs. Without {@code costs}
     * only validity is decided (used inside a run of the last axis; the next run recomputes every stage whose level
     * reaches the last axis, so nothing stale is read). Returns validity:
     * heads divide hidden, kv heads divide heads, tp divides the kv heads (so the heads too), pp does not exceed the
     * layers, the aspect ratio is in range, for MoE top_k <= experts and at
     * least one MoE layer, and memory within the limit. A field that does not change the model (the MoE fields of
     * a dense point, ffn of a MoE point without dense layers) must sit at its axis's first value, so that no model
     * is counted twice.
     */
    boolean evaluatePoint(int changed, boolean costs) {
        if (changed <= levelAttention) {
            attentionValid = resolveAttention();
        }
        if (changed <= levelFfn) {
            ffnValid = resolveFfnBlocks();
        }
        if (changed <= levelParams) {
            paramsValid = !attentionValid ? fail(levelAttention) : !ffnValid ? fail(levelFfn) : resolveParams(costs);
        }
        if (!paramsValid || !costs) {
            return paramsValid;
        }
        if (changed <= levelFlops) {
            evaluateFlops();
        }
        if (changed <= levelTokens) {
            evaluateTokens();
        }
        if (memoryNeeded) {
            memoryTrainingBytes = trainingMemoryBytes();
            quantities[Objective.MEMORY_TRAINING_BYTES.ordinal()] = memoryTrainingBytes;
            // memory depends on every field but tokens and the budget
            if (memoryTrainingBytes > grid.maxMemoryPerGpuBytes) {
                return fail(levelFlops);
            }
        }
        return !withinLawRange || inLawRange() || failLawRange();
    }

    private boolean inLawRange() {
        return grid.inLawRange(paramsTotal, paramsActive, tokens, flopsTraining, experts);
    }

    /** The range reads parameters, tokens, training FLOPs and experts: every input up to the tokens stage. */
    private boolean failLawRange() {
        lawRangeFailed = true;
        return fail(levelTokens);
    }

    /** Heads, head_dim, kv heads and the attention block's parameters (formulas.md 4.1). */
    private boolean resolveAttention() {
        hidden = count(HIDDEN);
        if (headsGiven) {
            heads = count(HEADS);
            if (hidden % heads != 0) {
                return false;
            }
            headDim = hidden / heads;
        } else {
            headDim = count(HEAD_DIM);
            if (hidden % headDim != 0) {
                return false;
            }
            heads = hidden / headDim;
        }
        if (kvHeadsGiven) {
            kvHeads = count(KV_HEADS);
            if (heads % kvHeads != 0) {
                return false;
            }
        } else {
            long ratio = count(KV_RATIO);
            if (heads % ratio != 0) {
                return false;
            }
            kvHeads = heads / ratio;
        }
        if (kvHeads % grid.tp != 0) { // tensor parallelism splits the (kv) heads: Megatron's rule, as in Layout
            return false;
        }
        attentionParams = Params.gqaAttention(hidden, heads, kvHeads, headDim, false, false);
        return true;
    }

    /** The dense MLP and MoE block parameters (total and active), and the MoE validity rules. */
    private boolean resolveFfnBlocks() {
        long h = count(HIDDEN);
        experts = count(EXPERTS);
        if (experts == 1) {
            if ((digits[slot[TOP_K]] | digits[slot[SHARED_EXPERTS]] | digits[slot[EXPERT_FFN]]
                    | digits[slot[FIRST_DENSE_LAYERS]]) != 0) {
                return false;
            }
            topK = 1;
            sharedExperts = 0;
            expertFfn = 0;
            firstDenseLayers = 0;
            sharedFfn = 0;
            ffn = resolveFfn(h);
            moeTotal = 0;
            moeActive = 0;
        } else {
            topK = count(TOP_K);
            if (topK > experts) {
                return false;
            }
            firstDenseLayers = count(FIRST_DENSE_LAYERS);
            sharedExperts = count(SHARED_EXPERTS);
            expertFfn = count(EXPERT_FFN);
            if (firstDenseLayers == 0) {
                if (digits[ffnSlot] != 0) {
                    return false;
                }
                ffn = 0;
            } else {
                ffn = resolveFfn(h);
            }
            sharedFfn = Math.multiplyExact(sharedExperts, expertFfn);
            moeTotal = Params.moe(h, experts, expertFfn, experts, sharedFfn);
            moeActive = Params.moe(h, topK, expertFfn, experts, sharedFfn);
        }
        denseFfnParams = Params.mlp(h, ffn, true, false);
        return true;
    }

    /** ffn from the ffn axis, or ffn_multiple_of * ceil(ffn_mult * hidden / ffn_multiple_of). */
    private long resolveFfn(long h) {
        if (ffnGiven) {
            return count(FFN);
        }
        long m = grid.ffnMultipleOf;
        return m * (long) Math.ceil(value(FFN_MULT) * h / m);
    }

    /** Layers, vocab, the first-dense-layers rule and the aspect ratio; with {@code costs}, {@link #costParams}. */
    private boolean resolveParams(boolean costs) {
        layers = count(LAYERS);
        vocab = count(VOCAB);
        if (layers < grid.pp) { // every pipeline stage holds a layer: Layout's rule, as train applies it
            return fail(levelLayers);
        }
        if (firstDenseLayers >= layers && experts > 1) {
            return fail(levelDenseLayers);
        }
        if (!aspectRatioHolds(hidden, layers)) {
            // a validity probe (no costs) does not jump, so it need not find where the invalid run ends
            return costs ? failAspectRatio() : false;
        }
        if (costs) {
            costParams();
        }
        return true;
    }

    /**
     * The aspect ratio fails: the invalid run ends before the next value of the faster of hidden and layers that
     * passes (kept out of {@link #resolveParams} so that the hot path stays small enough for the JIT to inline).
     */
    private boolean failAspectRatio() {
        int d = digits[levelAspect] + 1;
        while (d < radix[levelAspect] && !(aspectFastAxis == AxisName.LAYERS
                ? aspectRatioHolds(hidden, (long) aspectFastValues[d])
                : aspectRatioHolds((long) aspectFastValues[d], layers))) {
            d++;
        }
        failedLevel = levelAspect;
        failedDigit = d - 1;
        return false;
    }

    /** Total and active parameters, matmul weights and KV cache bytes of the resolved shape (formulas.md 4.1). */
    private void costParams() {
        denseLayers = experts == 1 ? layers : firstDenseLayers;
        paramsTotal = Params.llamaDecoder(vocab, hidden, grid.tied, layers, attentionParams, denseLayers,
                denseFfnParams, moeTotal);
        paramsActive = Params.llamaDecoder(vocab, hidden, grid.tied, layers, attentionParams, denseLayers,
                denseFfnParams, moeActive);
        // Matmul weights per token equal the active block parameters: no biases, and norms are not matmuls.
        matmulWeights = Math.addExact(Math.multiplyExact(layers, attentionParams), Math.addExact(
                Math.multiplyExact(denseLayers, denseFfnParams), Math.multiplyExact(layers - denseLayers, moeActive)));
        kvCacheBytesPerToken = layers * KvCache.layerBytes(2.0 * kvHeads * headDim, 1, 0, grid.kvCacheBytesPerElement);
        quantities[Objective.PARAMS_TOTAL.ordinal()] = paramsTotal;
        quantities[Objective.PARAMS_ACTIVE.ordinal()] = paramsActive;
        quantities[Objective.KV_CACHE_BYTES_PER_TOKEN.ordinal()] = kvCacheBytesPerToken;
    }

    private boolean aspectRatioHolds(long hidden, long layers) {
        return hidden >= grid.aspectRatioMin * layers && hidden <= grid.aspectRatioMax * layers;
    }

    /** Forward FLOPs per token at the point's seq_len, causal attention (formulas.md 1.4). */
    private void evaluateFlops() {
        seqLen = count(SEQ_LEN);
        double positions = Flops.attendedPositions(seqLen, 0, true);
        flopsForwardPerToken = Flops.linear(matmulWeights) + Flops.lmHead(hidden, vocab)
                + layers * Flops.attentionScores(positions, heads, headDim, headDim);
        quantities[Objective.FLOPS_FORWARD_PER_TOKEN.ordinal()] = flopsForwardPerToken;
    }

    /** Tokens from the tokens axis, or budget / training FLOPs per token (3 x forward). */
    private void evaluateTokens() {
        double trainingPerToken = Flops.TRAINING_PASSES * flopsForwardPerToken;
        if (budgetGiven) {
            flopsTraining = value(BUDGET_FLOPS);
            tokens = flopsTraining / trainingPerToken;
        } else {
            tokens = value(TOKENS);
            flopsTraining = trainingPerToken * tokens;
        }
        quantities[Objective.FLOPS_TRAINING.ordinal()] = flopsTraining;
        quantities[Objective.FLOPS_LIFETIME.ordinal()] = flopsLifetime();
    }

    /** Training FLOPs plus one forward pass per served token (Sardana et al. 2024, §2: 6ND + 2N D_inf). */
    private double flopsLifetime() {
        return flopsTraining + flopsForwardPerToken * grid.inferenceTokens;
    }

    void evaluateLoss() {
        if (dataConstrained) {
            loss = DataConstrainedLaw.loss(paramsTotal, tokens, grid.uniqueTokens);
            return;
        }
        int e = digits[slot[EXPERTS]];
        loss = ChinchillaLaw.loss(grid.lawE[e], grid.lawA[e], grid.lawB[e], grid.lawAlpha[e], grid.lawBeta[e],
                lawUsesActive ? paramsActive : paramsTotal, tokens);
    }

    /** Every column of one point, or null when it is not valid. Allocates: for output, not for the hot loop. */
    Row row(long index) {
        grid.decode(index, digits);
        if (!evaluatePoint(ALL_CHANGED, true)) {
            return null;
        }
        if (!memoryNeeded) {
            memoryTrainingBytes = trainingMemoryBytes();
        }
        evaluateLoss();
        Shape shape = new Shape(hidden, layers, heads, kvHeads, headDim, ffn, experts, topK, sharedExperts,
                expertFfn, firstDenseLayers, seqLen, vocab, grid.tied);
        return new Row(index, shape, paramsTotal, paramsActive, flopsForwardPerToken, flopsTraining, tokens, loss,
                memoryTrainingBytes, kvCacheBytesPerToken, flopsLifetime(), !inLawRange());
    }

    /**
     * TrainingMemory's most loaded GPU for this uniform stack, composed from the memory package's primitives:
     * per pipeline stage, the params it holds (attention, dense MLP, shared experts and embedding/head split over
     * tp; norms and routers replicated; routed experts over ep x tp) under ZeRO over dp (experts over dp / ep), the
     * activations of pp - stage micro-batches in flight, the output layer on the last stage, plus the overhead
     * allowance. ReferenceEvaluator calls TrainingMemory.of on the built model; a property test holds them equal.
     */
    private double trainingMemoryBytes() {
        long attention = attentionParams, denseFfn = denseFfnParams, sharedF = sharedFfn;
        double h = hidden, s = seqLen, b = grid.microBatch, t = grid.tp;
        boolean moe = experts > 1;
        double normH = Params.norm(hidden, 1);
        double commonPerLayer = attention / t + 2 * normH;
        double densePerDenseLayer = commonPerLayer + denseFfn / t;
        double densePerMoeLayer = moe ? commonPerLayer + Params.mlp(hidden, sharedF, true, false) / t
                + Params.router(hidden, experts, false) : 0;
        double expertsPerMoeLayer = moe
                ? Math.multiplyExact(experts, Params.mlp(hidden, expertFfn, true, false)) / (grid.ep * t) : 0;
        double tokenEmbedding = Params.embedding(vocab, hidden);

        double denseActivations, moeActivations;
        if (grid.recompute == Recompute.full) {
            denseActivations = Activations.fullRecomputeLayerBytes(s, b, h, t, grid.sp);
            moeActivations = denseActivations;
        } else {
            double q = (double) heads * headDim, kv = (double) kvHeads * headDim;
            double boundary = Activations.normBytes(s, b, h, 2)
                    + Activations.attentionBoundaryBytes(s, b, h, 0, grid.dropout);
            double sharded = Activations.attentionShardedBytes(s, b, q, kv, kv, q);
            double scores = Activations.scoreBytes(s, b, heads, grid.dropout, grid.flash,
                    grid.recompute == Recompute.selective);
            denseActivations = Activations.layerBytes(
                    boundary + Activations.ffnBoundaryBytes(s, b, h, 0, grid.dropout),
                    sharded + Activations.mlpShardedBytes(s, b, ffn, true), scores, t, grid.sp);
            moeActivations = moe ? Activations.layerBytes(
                    boundary + Activations.ffnBoundaryBytes(s, b, h, experts, grid.dropout),
                    sharded + Activations.routedExpertsShardedBytes(s, b, h, topK, expertFfn)
                            + (sharedF > 0 ? Activations.mlpShardedBytes(s, b, sharedF, true) : 0),
                    scores, t, grid.sp) : 0;
        }

        int pp = grid.pp;
        double worst = 0;
        for (int stage = 0; stage < pp; stage++) {
            long from = TrainingMemory.firstLayer(layers, pp, stage);
            long to = TrainingMemory.firstLayer(layers, pp, stage + 1);
            long stageDense = Math.max(0, Math.min(to, denseLayers) - from);
            long stageMoe = to - from - stageDense;
            double denseParams = stageDense * densePerDenseLayer + stageMoe * densePerMoeLayer;
            if (stage == 0) {
                denseParams += tokenEmbedding / t;
            }
            boolean last = stage == pp - 1;
            if (last) {
                denseParams += normH + (!grid.tied || pp > 1 ? tokenEmbedding / t : 0);
            }
            double state = Zero.perGpuBytes(denseParams, bytesPerParam, grid.zero, grid.dp).total()
                    + Zero.perGpuBytes(stageMoe * expertsPerMoeLayer, bytesPerParam, grid.zero,
                    (double) grid.dp / grid.ep).total();
            double activations = (pp - stage) * (stageDense * denseActivations + stageMoe * moeActivations)
                    + (last ? Activations.outputLayerBytes(s, b, h, vocab, t, grid.sp) : 0);
            double total = state + activations + TrainingMemory.overheadBytes(state + activations);
            worst = Math.max(worst, total);
        }
        return worst;
    }

}
