package io.llmcost.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Training FLOPs, memory per GPU under parallelism, time and money for one model.")
public final class TrainCommand implements Callable<Integer> {

    /** Default model-FLOPs utilisation: Llama-3.1-405B reports 38-43% on H100 (arXiv:2407.21783 Table 4). */
    static final String DEFAULT_MFU = "0.4";

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

    @Option(names = "--precision", paramLabel = "bf16-mixed|fp16-mixed|fp32|bf16", defaultValue = "bf16-mixed",
            converter = EnumConverters.PrecisionConverter.class,
            description = "Mixed keeps an fp32 master copy; bf16 is pure bf16. Default: ${DEFAULT-VALUE}.")
    Precision precision;

    @Option(names = "--grad-accum-dtype", paramLabel = "bf16|fp32",
            description = "Gradient dtype; default: the weights' (16-bit, or fp32 under --precision fp32).")
    GradAccumDtype gradAccumDtype;

    @Option(names = "--zero", paramLabel = "0-3", defaultValue = "0", description = "ZeRO stage over --dp.")
    int zero;

    @Option(names = "--dp", paramLabel = "N", description = "Data-parallel size (default: --gpus / (tp * pp), or 1).")
    Long dp;

    @Option(names = "--tp", paramLabel = "N", defaultValue = "1", description = "Tensor-parallel size.")
    int tp;

    @Option(names = "--pp", paramLabel = "N", defaultValue = "1", description = "Pipeline-parallel stages.")
    int pp;

    @Option(names = "--sp", description = "Sequence parallelism (splits the TP-replicated activations).")
    boolean sp;

    @Option(names = "--ep", paramLabel = "N", defaultValue = "1",
            description = "Expert-parallel size for MoE, within the data-parallel group.")
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

    @Option(names = "--gpus", paramLabel = "N", description = "GPU count (default: dp * tp * pp).")
    Long gpus;

    @Option(names = "--mfu", paramLabel = "U", defaultValue = DEFAULT_MFU,
            description = "Model-FLOPs utilisation of the dense peak (default: ${DEFAULT-VALUE}).")
    double mfu;

    @Option(names = "--usd-per-gpu-hour", paramLabel = "USD", defaultValue = "2.0",
            description = "Price per GPU-hour (default: ${DEFAULT-VALUE}, DeepSeek-V3's H800 rental assumption).")
    double usdPerGpuHour;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Everything the command computes, for the table and the JSON. */
    record Report(String label, ModelSpec model, ParameterCount params, TrainSetup setup, TrainingFlops flops,
                  long tokens, TrainingMemory memory, Gpu gpu, Optional<FitAdvisor.Change> fix, double mfu,
                  double usdPerGpuHour) {

        double modelTotal() { return flops.modelPerToken() * tokens; }
        double hardwareTotal() { return flops.hardwarePerToken() * tokens; }
        double rule6nd() { return 6.0 * params.total() * tokens; }
        double rule6NActiveD() { return 6.0 * params.active() * tokens; }
        double peak() { return gpu.peakFlopsPerSecond(setup.precision().computeDtype); }
        double gpuHours() { return Roofline.gpuHours(modelTotal(), peak(), mfu); }
        double days() { return gpuHours() / setup.gpus() / 24; }
        boolean fits() { return memory.totalBytes() <= gpu.memoryBytes(); }
    }

    @Override
    public Integer call() {
        ModelSpec m = model.spec();
        Gpu gpu = Gpu.find(gpuName);
        TrainSetup setup = setup(m);
        TrainingMemory memory = TrainingMemory.of(m, setup);
        boolean fits = memory.totalBytes() <= gpu.memoryBytes();
        Report r = new Report(model.label(), m, ParameterCount.of(m), setup,
                TrainingFlops.of(m, seqLen, attention.isCausal(), recompute, flash), tokens, memory, gpu,
                fits ? Optional.empty() : FitAdvisor.smallestFittingChange(m, setup, gpu.memoryBytes()), mfu,
                usdPerGpuHour);
        r.peak(); // an unsupported dtype on this GPU is bad input, reported before any output
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, toJson(r));
        } else {
            print(out, r);
        }
        return Main.EXIT_OK;
    }

    private CommandLine.ParameterException bad(String option, Object value, String expected) {
        return new CommandLine.ParameterException(spec.commandLine(), option + "=" + value + ": " + expected);
    }

    TrainSetup setup(ModelSpec m) {
        Options.requirePositive(spec, "--seq-len", seqLen);
        Options.requirePositive(spec, "--micro-batch", microBatch);
        Options.requirePositive(spec, "--tp", tp);
        Options.requirePositive(spec, "--pp", pp);
        Options.requirePositive(spec, "--ep", ep);
        if (mfu <= 0 || mfu > 1) {
            throw bad("--mfu", mfu, "expected a fraction in (0, 1]");
        }
        if (!(usdPerGpuHour >= 0) || Double.isInfinite(usdPerGpuHour)) {
            throw bad("--usd-per-gpu-hour", usdPerGpuHour, "expected a non-negative price");
        }
        if (zero < 0 || zero > Zero.MAX_STAGE) {
            throw bad("--zero", zero, "expected 0, 1, 2 or 3");
        }
        String tpProblem = FitAdvisor.tensorParallelProblem(m, tp);
        if (tpProblem != null) {
            throw bad("--tp", tp, tpProblem);
        }
        String epProblem = FitAdvisor.expertParallelProblem(m, ep);
        if (epProblem != null) {
            throw bad("--ep", ep, epProblem);
        }
        if (pp > m.numLayers()) {
            throw bad("--pp", pp, "expected at most the number of layers (" + m.numLayers() + ")");
        }
        long modelParallel = (long) tp * pp;
        long dataParallel;
        if (dp != null) {
            Options.requirePositive(spec, "--dp", dp);
            if (dp > Long.MAX_VALUE / modelParallel) {
                throw bad("--dp", dp, "dp * tp * pp exceeds 2^63 - 1 GPUs");
            }
        }
        if (gpus != null) {
            Options.requirePositive(spec, "--gpus", gpus);
            if (dp != null && dp * modelParallel != gpus) {
                throw bad("--gpus", gpus, "expected dp * tp * pp = " + dp + " * " + tp + " * " + pp + " = "
                        + dp * modelParallel);
            }
            if (gpus % modelParallel != 0) {
                throw bad("--gpus", gpus, "expected a multiple of tp * pp = " + modelParallel);
            }
            dataParallel = gpus / modelParallel;
        } else {
            dataParallel = dp == null ? 1 : dp;
            Options.requirePositive(spec, "--dp", dataParallel);
        }
        if (dataParallel % ep != 0) {
            throw bad("--ep", ep, "expected a divisor of the data-parallel size (" + dataParallel + ")");
        }
        double gradientBytes;
        if (gradAccumDtype == null) {
            gradientBytes = precision.weightBytes;
        } else if (gradAccumDtype.bytes < precision.weightBytes) {
            throw bad("--grad-accum-dtype", gradAccumDtype, "expected fp32 with --precision " + precision);
        } else {
            gradientBytes = gradAccumDtype.bytes;
        }
        return new TrainSetup(seqLen, microBatch, precision, optimizer, gradientBytes, zero, dataParallel, tp, pp, sp,
                ep, recompute, flash, dropout);
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
        setup.put("gpus", s.gpus());
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
        t.put("peak_flops_per_second", r.peak());
        t.put("mfu", r.mfu());
        t.put("gpu_hours", r.gpuHours());
        t.put("days", r.days());
        ObjectNode c = root.putObject("cost");
        c.put("usd_per_gpu_hour", r.usdPerGpuHour());
        c.put("usd", r.gpuHours() * r.usdPerGpuHour());
        return root;
    }

    private static void print(PrintWriter out, Report r) {
        TrainSetup s = r.setup();
        out.printf(Locale.ROOT, "%s: train on %s tokens, S=%d, micro-batch %d, %s %s, ZeRO-%d, dp %d x tp %d x pp %d%s%s"
                        + " = %d x %s%n%n", r.label(), Format.suffixed(r.tokens()), s.seqLen(), s.microBatch(),
                s.precision().label, s.optimizer().label, s.zero(), s.dp(), s.tp(), s.pp(), s.sp() ? " (sp)" : "",
                s.ep() > 1 ? ", ep " + s.ep() : "", s.gpus(), r.gpu().name());

        Table f = new Table("FLOPs (" + (r.flops().forward().causal() ? "causal" : "full") + " attention)",
                "per token", "total", "vs exact");
        f.row("model (3 x forward)", Format.suffixed(r.flops().modelPerToken()), Format.suffixed(r.modelTotal()), "");
        f.row("hardware (+ recompute " + s.recompute() + (s.flash() ? ", flash" : "") + ")",
                Format.suffixed(r.flops().hardwarePerToken()), Format.suffixed(r.hardwareTotal()), "");
        f.row("rule 6 N D (N = total)", Format.suffixed(6.0 * r.params().total()), Format.suffixed(r.rule6nd()),
                Format.percent(r.rule6nd() / r.modelTotal() - 1));
        f.row("rule 6 N_active D", Format.suffixed(6.0 * r.params().active()), Format.suffixed(r.rule6NActiveD()),
                Format.percent(r.rule6NActiveD() / r.modelTotal() - 1));
        f.print(out);
        out.println();

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
        m.print(out);
        out.printf(Locale.ROOT, "training state: %.4g bytes/param before sharding%n", s.bytesPerParam().total());
        if (!r.fits()) {
            out.println(r.fix().map(c -> "smallest change that fits: " + c.description() + " -> "
                    + Format.bytes(c.memory().totalBytes()))
                    .orElse("nothing fits, not even on 2^20 times the GPUs with every memory saving on"));
        }
        out.println();

        Table t = new Table("time and cost", "value", "");
        t.row("peak " + s.precision().computeDtype + " dense", Format.flopsPerSecond(r.peak()), "");
        t.row("MFU", Format.percent(r.mfu()), "");
        t.row("GPU-hours", Format.suffixed(r.gpuHours()), "");
        t.row("wall-clock on " + s.gpus() + " GPUs", String.format(Locale.ROOT, "%.1f days", r.days()), "");
        t.row("cost at $" + r.usdPerGpuHour() + "/GPU-hour", "$" + Format.suffixed(r.gpuHours() * r.usdPerGpuHour()),
                "");
        t.print(out);
    }
}
