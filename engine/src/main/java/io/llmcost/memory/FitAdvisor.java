package io.llmcost.memory;

import io.llmcost.model.ModelSpec;
import io.llmcost.perf.Layout;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The smallest change that makes training fit in a GPU's memory. Changes are tried from the cheapest in
 * throughput to the dearest: FlashAttention (no s x s score tensors, and faster: Dao et al. 2022,
 * arXiv:2205.14135), a higher ZeRO stage (more communication), selective recompute (about +2.7% FLOPs, Korthikanti
 * abstract), a smaller micro-batch, full recompute (+1 forward, about +33%), then more tensor parallelism (with
 * sequence parallelism) and more pipeline stages at the same GPU count. When nothing fits on these GPUs, the
 * advice is the smallest doubling of the GPU count on which the most memory-saving setup fits.
 */
public final class FitAdvisor {
    private FitAdvisor() {}

    /** Largest tensor-parallel size tried: one 8-GPU NVLink node. */
    public static final int MAX_TP = 8;

    /**
     * Fewest layers a suggested pipeline stage holds: the 1F1B bubble grows as (p - 1) / m (Narayanan et al. 2021,
     * arXiv:2104.04473 section 2.2.1) and the end stages also hold the embedding and LM head, so stages of one or
     * two layers (often with dp = 1) are a poor "smallest change".
     */
    public static final int MIN_LAYERS_PER_STAGE = 4;

    /** Most doublings of the GPU count tried when nothing fits (2^20 times the GPUs given). */
    static final int MAX_GPU_DOUBLINGS = 20;

    /** A change and the setup it gives. */
    public record Change(String description, TrainSetup setup, TrainingMemory memory) {}

    /**
     * How train sizes a step, so that advice is judged as train will judge it: a given global batch of
     * {@code sequences}, split into dp x micro-batch per micro-batch (a setup whose dp x micro-batch does not divide
     * it is never advised: train would reject it), or, with none given, a fixed count of {@code microBatches}
     * whatever the setup. The count caps the micro-batches a pipeline stage keeps in flight
     * ({@link TrainingMemory#of(ModelSpec, TrainSetup, long)}).
     */
    public record StepBatch(long sequences, long microBatches) {
        public static StepBatch ofSequences(long sequences) {
            return new StepBatch(sequences, 0);
        }

        public static StepBatch ofMicroBatches(long count) {
            return new StepBatch(0, count);
        }

        /** The step's micro-batches under {@code s}, or 0 when s's dp x micro-batch does not divide the batch. */
        public long microBatches(TrainSetup s) {
            if (sequences == 0) {
                return microBatches;
            }
            long perMicroBatch = Math.multiplyExact(s.dp(), s.microBatch());
            return sequences % perMicroBatch == 0 ? sequences / perMicroBatch : 0;
        }
    }

    /** Most changes combined when no single one fits. */
    public static final int MAX_COMBINED_CHANGES = 4;

    /**
     * The first single change, in the order above, that fits; failing that, the best combination of settings on the
     * same layout ({@link #settingsOnly}); failing that, changes combined greedily (each step the one that saves the
     * most memory) until the setup fits; failing that, more GPUs ({@link #moreGpus}); empty when even that does not
     * fit. The description lists the options that differ from {@code setup}.
     */
    public static Optional<Change> smallestFittingChange(ModelSpec m, TrainSetup setup, double capacityBytes,
                                                         StepBatch batch) {
        Optional<Change> change = sameGpus(m, setup, capacityBytes, batch);
        return change.isPresent() ? change : moreGpus(m, setup, capacityBytes, batch);
    }

    /**
     * On the same GPUs: the first single change that fits, else the best combination of settings that keep the
     * layout ({@link #settingsOnly}), else changes combined greedily, layout included; described from
     * {@code setup}.
     */
    private static Optional<Change> sameGpus(ModelSpec m, TrainSetup setup, double capacityBytes, StepBatch batch) {
        for (Change c : candidates(m, setup, batch)) {
            if (c.memory().totalBytes() <= capacityBytes) {
                return Optional.of(new Change(describe(setup, c.setup()), c.setup(), c.memory()));
            }
        }
        Optional<Change> settings = settingsOnly(m, setup, capacityBytes, batch);
        if (settings.isPresent()) {
            return settings;
        }
        TrainSetup current = setup;
        Change start = change(m, setup, batch);
        double currentBytes = start == null ? Double.POSITIVE_INFINITY : start.memory().totalBytes();
        for (int i = 0; i < MAX_COMBINED_CHANGES; i++) {
            List<Change> next = candidates(m, current, batch);
            for (Change c : next) {
                if (c.memory().totalBytes() <= capacityBytes) {
                    return Optional.of(new Change(describe(setup, c.setup()), c.setup(), c.memory()));
                }
            }
            Change best = null;
            for (Change c : next) {
                if (best == null || c.memory().totalBytes() < best.memory().totalBytes()) {
                    best = c;
                }
            }
            if (best == null || best.memory().totalBytes() >= currentBytes) {
                break;
            }
            current = best.setup();
            currentBytes = best.memory().totalBytes();
        }
        return Optional.empty();
    }

    /**
     * The fitting combination of the settings that keep the layout (FlashAttention, ZeRO stage, recompute,
     * micro-batch) with the fewest changed options, then the least recompute, the lowest ZeRO stage and the largest
     * micro-batch. A TP or PP change costs data parallelism (dp 1 at the extreme), so it is advised only when no such
     * combination fits.
     */
    static Optional<Change> settingsOnly(ModelSpec m, TrainSetup s, double capacityBytes, StepBatch batch) {
        Change best = null;
        long[] bestKey = null;
        int maxZero = s.replicas() > 1 ? Zero.MAX_STAGE : s.zero(); // ZeRO shards over dp x cp
        for (int f = s.flash() ? 1 : 0; f <= 1; f++) {
            for (int z = s.zero(); z <= maxZero; z++) {
                for (Recompute r : Recompute.values()) {
                    if (r.ordinal() < s.recompute().ordinal()) {
                        continue;
                    }
                    for (long b = s.microBatch(); b >= 1; b /= 2) {
                        boolean flash = f == 1;
                        long changes = (flash != s.flash() ? 1 : 0) + (z != s.zero() ? 1 : 0)
                                + (r != s.recompute() ? 1 : 0) + (b != s.microBatch() ? 1 : 0);
                        long[] key = {changes, r.ordinal(), z, -b};
                        if (changes == 0 || bestKey != null && java.util.Arrays.compare(key, bestKey) >= 0) {
                            continue;
                        }
                        TrainSetup t = s.withFlash(flash).withZero(z).withRecompute(r).withMicroBatch(b);
                        Change c = change(m, t, batch);
                        if (c != null && c.memory().totalBytes() <= capacityBytes) {
                            best = new Change(describe(s, t), t, c.memory());
                            bestKey = key;
                        }
                    }
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /**
     * The smallest GPU count among 2, 4, 8, ... times the given one on which a setup fits with every memory saving
     * on (FlashAttention, ZeRO-3, full recompute, micro-batch 1) and the first layout (tp up to {@link #MAX_TP},
     * then pp with stages of at least {@link #MIN_LAYERS_PER_STAGE} layers) that fits; empty when none does. At
     * that count the advice is the smallest change from the given layout with dp scaled up, when one fits.
     */
    static Optional<Change> moreGpus(ModelSpec m, TrainSetup setup, double capacityBytes, StepBatch batch) {
        TrainSetup lean = setup.withFlash(true).withZero(Zero.MAX_STAGE).withRecompute(Recompute.full)
                .withMicroBatch(1);
        long given = setup.gpus();
        for (int k = 1; k <= MAX_GPU_DOUBLINGS && given <= Long.MAX_VALUE >> k; k++) {
            long gpus = given << k;
            for (int tp = 1; tp <= MAX_TP; tp *= 2) {
                for (int pp = 1; pp <= m.numLayers() / MIN_LAYERS_PER_STAGE || pp == 1; pp *= 2) {
                    if (!validSplit(m, lean, gpus, tp, pp)) {
                        continue;
                    }
                    Change leanChange = change(m, lean.withGpus(gpus, tp, pp, tp > 1 || lean.sp()), batch);
                    if (leanChange != null && leanChange.memory().totalBytes() <= capacityBytes) {
                        String more = "--gpus " + gpus + " (" + (gpus - given) + " more)";
                        TrainSetup scaled = setup.withGpus(gpus, setup.tp(), setup.pp(), setup.sp());
                        Change scaledChange = change(m, scaled, batch);
                        Optional<Change> change = scaledChange != null
                                && scaledChange.memory().totalBytes() <= capacityBytes
                                ? Optional.of(scaledChange) : sameGpus(m, scaled, capacityBytes, batch);
                        Change c = change.orElse(leanChange);
                        String options = describe(scaled, c.setup());
                        return Optional.of(new Change(options.isEmpty() ? more : more + " " + options, c.setup(),
                                c.memory()));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The options that take {@code from} to {@code to}, in the command's order, and dp when it changes. */
    static String describe(TrainSetup from, TrainSetup to) {
        List<String> options = new ArrayList<>();
        if (to.flash() && !from.flash()) {
            options.add("--flash-attention");
        }
        if (to.zero() != from.zero()) {
            options.add("--zero " + to.zero());
        }
        if (to.recompute() != from.recompute()) {
            options.add("--recompute " + to.recompute());
        }
        if (to.microBatch() != from.microBatch()) {
            options.add("--micro-batch " + to.microBatch());
        }
        if (to.tp() != from.tp()) {
            options.add("--tp " + to.tp());
        }
        if (to.sp() && !from.sp()) {
            options.add("--sp");
        }
        if (to.pp() != from.pp()) {
            options.add("--pp " + to.pp());
        }
        if (to.dp() != from.dp()) {
            options.add("(dp " + to.dp() + ")");
        }
        return String.join(" ", options);
    }

    /** The single changes from {@code s} that can run the batch, cheapest first (package-private for tests). */
    static List<Change> candidates(ModelSpec m, TrainSetup s, StepBatch batch) {
        List<TrainSetup> out = new ArrayList<>();
        if (!s.flash()) {
            TrainSetup flash = s.withFlash(true);
            // only where it helps: under full recompute no score tensor is kept anyway
            if (TrainingMemory.of(m, flash).totalBytes() < TrainingMemory.of(m, s).totalBytes()) {
                out.add(flash);
            }
        }
        for (int z = s.zero() + 1; z <= Zero.MAX_STAGE && s.replicas() > 1; z++) {
            out.add(s.withZero(z));
        }
        if (s.recompute() == Recompute.none) {
            out.add(s.withRecompute(Recompute.selective));
        }
        for (long b = s.microBatch() / 2; b >= 1; b /= 2) {
            out.add(s.withMicroBatch(b));
        }
        if (s.recompute() != Recompute.full) {
            out.add(s.withRecompute(Recompute.full));
        }
        for (int tp = s.tp() * 2; tp <= MAX_TP; tp *= 2) {
            if (validSplit(m, s, s.gpus(), tp, s.pp())) {
                out.add(s.withModelParallel(tp, s.pp(), true));
            }
        }
        for (int pp = s.pp() * 2; pp <= m.numLayers() / MIN_LAYERS_PER_STAGE; pp *= 2) {
            if (validSplit(m, s, s.gpus(), s.tp(), pp)) {
                out.add(s.withModelParallel(s.tp(), pp, s.sp()));
            }
        }
        return out.stream().map(t -> change(m, t, batch)).filter(Objects::nonNull).toList();
    }

    /** Whether {@code gpus} GPUs split as tp x pp (s's cp, ep and vp) are a valid layout ({@link Layout}). */
    private static boolean validSplit(ModelSpec m, TrainSetup s, long gpus, int tp, int pp) {
        long modelParallel = (long) tp * pp * s.cp();
        return gpus % modelParallel == 0 && Layout.problem(m, s.seqLen(), tp, pp, s.cp(), s.ep(),
                pp > 1 ? s.vp() : 1, gpus / modelParallel) == null;
    }

    /** The setup with its memory under the batch (description left empty), or null when it cannot run the batch. */
    private static Change change(ModelSpec m, TrainSetup setup, StepBatch batch) {
        long microBatches = batch.microBatches(setup);
        return microBatches == 0 ? null : new Change("", setup, TrainingMemory.of(m, setup, microBatches));
    }
}
