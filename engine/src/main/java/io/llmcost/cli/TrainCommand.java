package io.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.hardware.Dtype;
import io.llmcost.hardware.Gpu;
import io.llmcost.hardware.Roofline;
import io.llmcost.memory.BytesPerParam;
import io.llmcost.memory.FitAdvisor;
import io.llmcost.memory.Optimizer;
import io.llmcost.memory.Precision;
import io.llmcost.memory.Recompute;
import io.llmcost.memory.TrainSetup;
import io.llmcost.memory.TrainingMemory;
import io.llmcost.memory.Zero;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;
import io.llmcost.model.TrainingFlops;
import io.llmcost.io.AtomicFile;
import io.llmcost.perf.Cluster;
import io.llmcost.perf.Layout;
import io.llmcost.perf.TrainingStep;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Training FLOPs, memory per GPU under parallelism, time and money for one model.")
public final class TrainCommand implements Callable<Integer> {

    /** Micro-batches per step when --global-batch is not given: enough to keep a short pipeline's bubble small. */
    static final long DEFAULT_MICRO_BATCHES = 8;

    /** Gradient dtype as accumulated. */
    enum GradAccumDtype {
        bf16(2), fp32(4);

        final double bytes;

        GradAccumDtype(double bytes) {
            this.bytes = bytes;
        }
    }

    @Mixin
    ModelOptions model;

    @Option(names = "--tokens", required = true, paramLabel = "D", converter = TokenCount.class,
            description = "Training tokens, e.g. 15.6T, 1.4e12, 2B.")
    long tokens;

    @Option(names = "--seq-len", paramLabel = "S", defaultValue = "4096",
            description = "Sequence length (default: ${DEFAULT-VALUE}).")
    long seqLen;

    @Option(names = "--micro-batch", paramLabel = "B", defaultValue = "1",
            description = "Sequences per micro-batch per data-parallel rank (default: ${DEFAULT-VALUE}).")
    long microBatch;

    @Option(names = "--optimizer", paramLabel = "adamw|adamw-8bit|sgd-momentum|sgd", defaultValue = "adamw",
            converter = EnumConverters.OptimizerConverter.class, description = "Default: ${DEFAULT-VALUE}.")
    Optimizer optimizer;

    @Option(names = "--global-batch", paramLabel = "B",
            description = "Sequences per optimizer step (default: dp x micro-batch x 8 micro-batches).")
    Long globalBatch;

    @Option(names = "--precision", paramLabel = "bf16-mixed|fp16-mixed|fp8|fp32|bf16", defaultValue = "bf16-mixed",
            converter = EnumConverters.PrecisionConverter.class,
            description = "Mixed keeps an fp32 master copy; fp8 runs the GEMMs in FP8 and stores what bf16-mixed "
                    + "does (bf16 weights, fp32 master and moments); bf16 is pure bf16. Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Option(names = "--grad-accum-dtype", paramLabel = "bf16|fp32",
            description = "Gradient dtype; default: the weights' (16-bit, or fp32 under --precision fp32).")
    GradAccumDtype gradAccumDtype;

    @Option(names = "--zero", paramLabel = "0-3", defaultValue = "0", description = "ZeRO stage over --dp.")
    int zero;

    @Option(names = "--dp", paramLabel = "N",
            description = "Data-parallel size (default: --gpus / (tp * pp * cp), or 1).")
    Long dp;

    @Option(names = "--tp", paramLabel = "N", defaultValue = "1", description = "Tensor-parallel size.")
    int tp;

    @Option(names = "--pp", paramLabel = "N", defaultValue = "1", description = "Pipeline-parallel stages.")
    int pp;

    @Option(names = "--cp", paramLabel = "N", defaultValue = "1",
            description = "Context-parallel size: each rank holds seq-len / cp tokens of every sequence.")
    int cp;

    @Option(names = "--vp", paramLabel = "N", defaultValue = "1",
            description = "Virtual pipeline stages per rank (interleaved 1F1B; needs --pp > 1).")
    int vp;

    @Option(names = "--sp", description = "Sequence parallelism (splits the TP-replicated activations).")
    boolean sp;

    @Option(names = "--ep", paramLabel = "N", defaultValue = "1",
            description = "Expert-parallel size for MoE; divides tp * cp * dp (1 for every model).")
    int ep;

    @Option(names = "--recompute", paramLabel = "none|selective|full", defaultValue = "none",
            description = "Activation recomputation (default: ${DEFAULT-VALUE}).")
    Recompute recompute;

    @Option(names = "--flash-attention", description = "FlashAttention: no s x s score tensors kept.")
    boolean flash;

    @Option(names = "--dropout", description = "Store dropout masks (GPT-style training; modern LLMs use none).")
    boolean dropout;

    @Option(names = "--attention", paramLabel = "causal|full", defaultValue = "causal",
            description = "Attention FLOPs convention (default: ${DEFAULT-VALUE}).")
    AttentionConvention attention;

    @Option(names = "--gpu", paramLabel = "NAME", defaultValue = "h100-sxm",
            description = "GPU from the catalog (default: ${DEFAULT-VALUE}).")
    String gpuName;

    @Option(names = "--gpus", paramLabel = "N", description = "GPU count (default: dp * tp * pp * cp).")
    Long gpus;

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--mfu", paramLabel = "U",
            description = "Override the step-time model: time from this model-FLOPs utilisation of the dense "
                    + "BF16/FP16 peak (TF32 under fp32).")
    Double mfu;

    @Option(names = "--usd-per-gpu-hour", paramLabel = "USD", defaultValue = "2.0",
            description = "Price per GPU-hour (default: ${DEFAULT-VALUE}, DeepSeek-V3's H800 rental assumption).")
    double usdPerGpuHour;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--csv", paramLabel = "FILE",
            description = "Also write the tables to FILE as CSV (table, row, column, value).")
    Path csv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Everything the command computes, for the tables and the JSON.
     *
     * @param step the step-time model's prediction (also under --mfu, for the breakdown)
     * @param mfu  the --mfu override, or null when time comes from the step model
     */
    record Report(String label, ModelSpec model, ParameterCount params, TrainSetup setup, TrainingFlops flops,
                  long tokens, TrainingMemory memory, Cluster cluster, long globalBatch, TrainingStep step,
                  Optional<FitAdvisor.Change> fix, Double mfu, double usdPerGpuHour, List<String> assumptions) {

        Gpu gpu() { return cluster.gpu(); }
        double modelTotal() { return flops.modelPerToken() * tokens; }
        double hardwareTotal() { return flops.hardwarePerToken() * tokens; }
        double rule6nd() { return 6.0 * params.total() * tokens; }
        double rule6NActiveD() { return 6.0 * params.active() * tokens; }
        /** The dense peak MFU is quoted against (BF16 for fp8 training). */
        double peak() { return gpu().peakFlopsPerSecond(setup.precision().mfuDtype()); }
        double tokensPerStep() { return (double) globalBatch * setup.seqLen(); }
        /** Tokens/s per GPU: the step model's, or what --mfu implies. */
        double tokensPerSecondPerGpu() {
            return mfu == null ? step.tokensPerSecondPerGpu() : mfu * peak() / flops.modelPerToken();
        }
        double stepSeconds() { return tokensPerStep() / (tokensPerSecondPerGpu() * setup.gpus()); }
        double modelFlopsPerSecondPerGpu() { return tokensPerSecondPerGpu() * flops.modelPerToken(); }
        double achievedMfu() { return modelFlopsPerSecondPerGpu() / peak(); }
        /** MFU against the dense FP8 peak, reported beside {@link #achievedMfu} under FP8 training. */
        double mfuFp8() { return modelFlopsPerSecondPerGpu() / gpu().peakFlopsPerSecond(Dtype.FP8); }
        double gpuHours() { return tokens / tokensPerSecondPerGpu() / Roofline.SECONDS_PER_HOUR; }
        double days() { return gpuHours() / setup.gpus() / 24; }
        boolean fits() { return memory.totalBytes() <= gpu().memoryBytes(); }
    }

    @Override
    public Integer call() {
        ModelSpec m = model.spec();
        Gpu catalogGpu = Gpu.find(gpuName);
        List<String> assumptions = new ArrayList<>();
        TrainSetup setup = setup(m, assumptions);
        Cluster cluster = clusterOptions.cluster(spec, catalogGpu, assumptions);
        long perStep = Math.multiplyExact(setup.dp(), setup.microBatch());
        if (globalBatch != null) {
            Options.requirePositive(spec, "--global-batch", globalBatch);
        }
        // the one rule for how a step splits into micro-batches, which the fit advice applies to its setups too
        FitAdvisor.StepBatch stepBatch = globalBatch == null
                ? FitAdvisor.StepBatch.ofMicroBatches(DEFAULT_MICRO_BATCHES)
                : FitAdvisor.StepBatch.ofSequences(globalBatch);
        long microBatches = stepBatch.microBatches(setup);
        if (microBatches == 0) {
            throw bad("--global-batch", globalBatch, "expected a multiple of dp * micro-batch = " + perStep);
        }
        long batch = Math.multiplyExact(perStep, microBatches);
        if (globalBatch == null) {
            assumptions.add("--global-batch " + batch + ": " + DEFAULT_MICRO_BATCHES
                    + " micro-batches of dp x micro-batch (not given)");
        }
        catalogGpu.peakFlopsPerSecond(setup.precision().computeDtype); // unsupported dtype: bad input, no output
        TrainingMemory memory = TrainingMemory.of(m, setup, microBatches);
        boolean fits = memory.totalBytes() <= catalogGpu.memoryBytes();
        TrainingStep step = TrainingStep.of(m, setup, batch, cluster);
        if (mfu != null) {
            assumptions.add("--mfu " + mfu + " overrides the step-time model for time and cost");
        } else {
            assumptions.add("time from the step-time model, constants fitted on 35 published runs "
                    + "(docs/step-time.md); pipeline stages assumed balanced");
        }
        if (setup.precision() == Precision.FP8) {
            assumptions.add("fp8: FP8 GEMMs; bf16 weights, fp32 master weights and moments, bf16 activations; "
                    + "MFU against the dense BF16 peak (throughput.mfu_fp8 against FP8)");
        }
        if (m.isMoe() && setup.ep() > 1) {
            assumptions.add(setup.expertTp() == setup.tp()
                    ? "experts split over tp as well as ep (ep divides dp * cp)"
                    : "experts whole on each rank: ep folds over the tp ranks (expert tensor parallelism 1)");
        }
        Report r = new Report(model.label(), m, ParameterCount.of(m), setup,
                TrainingFlops.of(m, seqLen, attention.isCausal(), recompute, flash), tokens, memory, cluster, batch,
                step, fits ? Optional.empty() : FitAdvisor.smallestFittingChange(m, setup, catalogGpu.memoryBytes(),
                        stepBatch),
                mfu, usdPerGpuHour, List.copyOf(assumptions));
        PrintWriter out = spec.commandLine().getOut();
        List<Table> tables = tables(r);
        if (csv != null) {
            writeCsv(csv, tables);
        }
        if (json) {
            Json.print(out, toJson(r));
        } else {
            print(out, r, tables);
        }
        return Main.EXIT_OK;
    }

    private CommandLine.ParameterException bad(String option, Object value, String expected) {
        return new CommandLine.ParameterException(spec.commandLine(), option + "=" + value + ": " + expected);
    }

    TrainSetup setup(ModelSpec m, List<String> assumptions) {
        Options.requirePositive(spec, "--seq-len", seqLen);
        Options.requirePositive(spec, "--micro-batch", microBatch);
        if (mfu != null && !(mfu > 0 && mfu <= 1)) {
            throw bad("--mfu", mfu, "expected a fraction in (0, 1]");
        }
        if (!(usdPerGpuHour >= 0) || Double.isInfinite(usdPerGpuHour)) {
            throw bad("--usd-per-gpu-hour", usdPerGpuHour, "expected a non-negative price");
        }
        if (zero < 0 || zero > Zero.MAX_STAGE) {
            throw bad("--zero", zero, "expected 0, 1, 2 or 3");
        }
        Layout.Problem shape = Layout.shapeProblem(m, seqLen, tp, pp, cp, ep, vp);
        if (shape != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), shape.asOption());
        }
        long dataParallel;
        if (dp != null) {
            Options.requirePositive(spec, "--dp", dp);
            if (dp > Long.MAX_VALUE / ((long) tp * pp * cp)) {
                throw bad("--dp", dp, "dp * tp * pp * cp exceeds 2^63 - 1 GPUs");
            }
        }
        if (gpus != null) {
            Layout.Problem problem = Layout.gpusProblem(gpus, tp, pp, cp);
            if (problem != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), problem.asOption());
            }
            dataParallel = gpus / ((long) tp * pp * cp);
            if (dp != null && dp != dataParallel) {
                throw bad("--gpus", gpus, "expected dp * tp * pp * cp = " + dp + " * " + tp + " * " + pp + " * "
                        + cp);
            }
        } else {
            dataParallel = dp == null ? 1 : dp; // a given --dp was checked above
            if (dp == null) {
                assumptions.add("dp 1 (neither --gpus nor --dp given)");
            }
        }
        Layout.Problem problem = Layout.problem(m, seqLen, tp, pp, cp, ep, vp, dataParallel);
        if (problem != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), problem.asOption());
        }
        double gradientBytes;
        if (gradAccumDtype == null) {
            gradientBytes = precision.weightBytes;
        } else if (gradAccumDtype.bytes < precision.weightBytes) {
            throw bad("--grad-accum-dtype", gradAccumDtype, "expected fp32 with --precision " + precision);
        } else {
            gradientBytes = gradAccumDtype.bytes;
        }
        TrainSetup setup = new TrainSetup(seqLen, microBatch, precision, optimizer, gradientBytes, zero, dataParallel,
                tp, pp, sp, ep, recompute, flash, dropout, cp, vp);
        setup.gpus(); // the product of the sizes fits a long
        return setup;
    }

    static ObjectNode toJson(Report r) {
        ObjectNode root = Json.object();
        root.put("model", r.label());
        root.put("model_type", r.model().modelType());
        ObjectNode p = root.putObject("parameters");
        p.put("total", r.params().total());
        p.put("active", r.params().active());

        TrainSetup s = r.setup();
        ObjectNode setup = root.putObject("setup");
        setup.put("tokens", r.tokens());
        setup.put("seq_len", s.seqLen());
        setup.put("micro_batch", s.microBatch());
        setup.put("precision", s.precision().label);
        setup.put("optimizer", s.optimizer().label);
        setup.put("gradient_bytes_per_element", s.gradientBytes());
        setup.put("zero", s.zero());
        setup.put("dp", s.dp());
        setup.put("tp", s.tp());
        setup.put("pp", s.pp());
        setup.put("sp", s.sp());
        setup.put("ep", s.ep());
        setup.put("cp", s.cp());
        setup.put("vp", s.vp());
        setup.put("gpus", s.gpus());
        setup.put("global_batch", r.globalBatch());
        setup.put("micro_batches", r.step().microBatches());
        ObjectNode cluster = setup.putObject("cluster");
        cluster.put("gpus_per_node", r.cluster().gpusPerNode());
        cluster.put("intra_node_bytes_per_second", r.cluster().intraNode().bytesPerSecond());
        cluster.put("inter_node_bytes_per_second", r.cluster().interNode().bytesPerSecond());
        setup.put("recompute", s.recompute().name());
        setup.put("flash_attention", s.flash());
        setup.put("dropout", s.dropout());

        ObjectNode f = root.putObject("flops");
        f.put("seq_len", r.flops().forward().seqLen());
        f.put("attention", r.flops().forward().causal() ? "causal" : "full");
        f.put("forward_per_token", r.flops().forward().total());
        f.put("model_per_token", r.flops().modelPerToken());
        f.put("hardware_per_token", r.flops().hardwarePerToken());
        f.put("model_total", r.modelTotal());
        f.put("hardware_total", r.hardwareTotal());
        f.put("rule_6nd_total", r.rule6nd());
        f.put("rule_6_nactive_d_total", r.rule6NActiveD());
        // one sign convention with the table's "vs exact": rule / exact - 1, positive when the rule overcounts
        f.put("rule_6nd_vs_exact", r.rule6nd() / r.modelTotal() - 1);
        f.put("rule_6_nactive_d_vs_exact", r.rule6NActiveD() / r.modelTotal() - 1);

        TrainingMemory mem = r.memory();
        ObjectNode m = root.putObject("memory");
        m.put("per_gpu_bytes", mem.totalBytes());
        ObjectNode b = m.putObject("breakdown");
        mem.breakdownBytes().forEach(b::put);
        BytesPerParam bpp = s.bytesPerParam();
        m.put("bytes_per_param", bpp.total());
        m.put("pipeline_stage", mem.stage());
        m.put("stage_layers", mem.stageLayers());
        m.put("gpu_memory_bytes", r.gpu().memoryBytes());
        m.put("fits", r.fits());
        if (r.fits()) {
            m.putNull("suggestion");
        } else {
            m.put("suggestion", r.fix().map(FitAdvisor.Change::description).orElse(null));
        }

        ObjectNode t = root.putObject("time");
        t.put("gpu", r.gpu().name());
        t.put("source", r.mfu() == null ? "step_model" : "mfu");
        t.put("peak_flops_per_second", r.peak());
        t.put("step_seconds", r.stepSeconds());
        t.put("mfu", r.achievedMfu());
        if (r.mfu() == null) {
            ObjectNode b2 = t.putObject("breakdown");
            r.step().breakdown().seconds().forEach(b2::put);
        } else {
            t.putNull("breakdown");
        }
        t.put("bubble_fraction", r.step().bubbleFraction());
        t.put("gpu_hours", r.gpuHours());
        t.put("days", r.days());
        ObjectNode th = root.putObject("throughput");
        th.put("tokens_per_second_per_gpu", r.tokensPerSecondPerGpu());
        th.put("model_tflops_per_gpu", r.modelFlopsPerSecondPerGpu() / 1e12);
        th.put("mfu", r.achievedMfu());
        if (s.precision() == Precision.FP8) {
            th.put("mfu_fp8", r.mfuFp8());
        }
        ObjectNode c = root.putObject("cost");
        c.put("usd_per_gpu_hour", r.usdPerGpuHour());
        c.put("usd", r.gpuHours() * r.usdPerGpuHour());
        ArrayNode a = root.putArray("assumptions");
        r.assumptions().forEach(a::add);
        return root;
    }

    /** The tables of the text output, in order: FLOPs, memory, step, time and cost. */
    private static List<Table> tables(Report r) {
        TrainSetup s = r.setup();

        Table f = new Table("FLOPs (" + (r.flops().forward().causal() ? "causal" : "full") + " attention)",
                "per token", "total", "vs exact");
        f.row("model (3 x forward)", Format.suffixed(r.flops().modelPerToken()), Format.suffixed(r.modelTotal()), "");
        f.row("hardware (+ recompute " + s.recompute() + (s.flash() ? ", flash" : "") + ")",
                Format.suffixed(r.flops().hardwarePerToken()), Format.suffixed(r.hardwareTotal()), "");
        f.row("rule 6 N D (N = total)", Format.suffixed(6.0 * r.params().total()), Format.suffixed(r.rule6nd()),
                Format.percent(r.rule6nd() / r.modelTotal() - 1));
        f.row("rule 6 N_active D", Format.suffixed(6.0 * r.params().active()), Format.suffixed(r.rule6NActiveD()),
                Format.percent(r.rule6NActiveD() / r.modelTotal() - 1));

        TrainingMemory mem = r.memory();
        Table m = new Table("memory per GPU (stage " + mem.stage() + ", " + mem.stageLayers() + " layers)", "bytes",
                "");
        m.row("  weights", Format.bytes(mem.state().weights()), "");
        m.row("  gradients", Format.bytes(mem.state().gradients()), "");
        m.row("  optimizer (master + moments)", Format.bytes(mem.state().optimizer()), "");
        m.row("  activations (" + s.recompute() + (s.flash() ? ", flash" : "") + ")",
                Format.bytes(mem.activationBytes()), "");
        m.row("  overhead allowance", Format.bytes(mem.overheadBytes()), "");
        m.row("total", Format.bytes(mem.totalBytes()),
                String.format(Locale.ROOT, "of %s: %s", Format.bytes(r.gpu().memoryBytes()),
                        r.fits() ? "fits" : "DOES NOT FIT"));

        Table st = new Table("step (" + r.globalBatch() + " sequences, " + r.step().microBatches()
                + " micro-batches per pipeline)", "seconds", "share");
        TrainingStep.Breakdown b = r.step().breakdown();
        for (var e : b.seconds().entrySet()) {
            st.row("  " + e.getKey(), String.format(Locale.ROOT, "%.4g", e.getValue()),
                    Format.percent(e.getValue() / b.total()));
        }
        st.row("step (model)", String.format(Locale.ROOT, "%.4g", r.step().stepSeconds()), "");

        Table t = new Table("time and cost" + (r.mfu() == null ? " (step model)" : " (--mfu override)"), "value",
                "");
        t.row("peak " + s.precision().mfuDtype() + " dense", Format.flopsPerSecond(r.peak()), "");
        t.row("step", String.format(Locale.ROOT, "%.4g s", r.stepSeconds()), "");
        t.row("tokens/s per GPU", String.format(Locale.ROOT, "%.1f", r.tokensPerSecondPerGpu()), "");
        t.row("model FLOP/s per GPU", Format.flopsPerSecond(r.modelFlopsPerSecondPerGpu()), "");
        t.row("MFU", Format.percent(r.achievedMfu()), "");
        if (s.precision() == Precision.FP8) {
            t.row("MFU of the FP8 peak", Format.percent(r.mfuFp8()), "");
        }
        t.row("GPU-hours", Format.suffixed(r.gpuHours()), "");
        t.row("wall-clock on " + s.gpus() + " GPUs", String.format(Locale.ROOT, "%.1f days", r.days()), "");
        t.row("cost at $" + r.usdPerGpuHour() + "/GPU-hour", "$" + Format.suffixed(r.gpuHours() * r.usdPerGpuHour()),
                "");
        return List.of(f, m, st, t);
    }

    private static void print(PrintWriter out, Report r, List<Table> tables) {
        TrainSetup s = r.setup();
        out.printf(Locale.ROOT, "%s: train on %s tokens, S=%d, micro-batch %d, global batch %d, %s %s, ZeRO-%d, "
                        + "dp %d x tp %d x pp %d%s%s%s%s = %d x %s%n%n", r.label(), Format.suffixed(r.tokens()),
                s.seqLen(), s.microBatch(), r.globalBatch(), s.precision().label, s.optimizer().label, s.zero(),
                s.dp(), s.tp(), s.pp(), s.vp() > 1 ? " (vp " + s.vp() + ")" : "", s.cp() > 1 ? " x cp " + s.cp() : "",
                s.sp() ? " (sp)" : "", s.ep() > 1 ? ", ep " + s.ep() : "", s.gpus(), r.gpu().name());
        tables.get(0).print(out);
        out.println();
        tables.get(1).print(out);
        out.printf(Locale.ROOT, "training state: %.4g bytes/param before sharding%n", s.bytesPerParam().total());
        if (!r.fits()) {
            out.println(r.fix().map(c -> "smallest change that fits: " + c.description() + " -> "
                    + Format.bytes(c.memory().totalBytes()))
                    .orElse("nothing fits, not even on 2^20 times the GPUs with every memory saving on"));
        }
        out.println();
        if (r.mfu() == null) {
            tables.get(2).print(out);
            out.println();
        }
        tables.get(3).print(out);
        out.println();
        out.println("assumptions:");
        r.assumptions().forEach(a -> out.println("  " + a));
        out.flush();
    }

    private void writeCsv(Path file, List<Table> tables) {
        try {
            AtomicFile.writeText(file, w -> {
                try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
                    p.printRecord("table", "row", "column", "value");
                    for (Table t : tables) {
                        t.printCsv(p);
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--csv=" + file + ": cannot write: "
                    + e.getMessage());
        }
    }
}
