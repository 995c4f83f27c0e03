package io.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.formula.Flops;
import io.llmcost.hardware.Dtype;
import io.llmcost.hardware.Gpu;
import io.llmcost.hardware.Roofline;
import io.llmcost.io.ConfigJson;
import io.llmcost.memory.KvCache;
import io.llmcost.memory.QuantFormat;
import io.llmcost.memory.Quantization;
import io.llmcost.model.Attention;
import io.llmcost.model.ForwardFlops;
import io.llmcost.model.Layer;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;
import io.llmcost.perf.Cluster;
import io.llmcost.perf.InferenceMemory;
import io.llmcost.perf.InferenceSetup;
import io.llmcost.perf.InferenceStep;
import io.llmcost.perf.ServingCalibration;
import io.llmcost.plot.Plot;
import io.llmcost.plot.Plots;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Serving a static batch under tensor/pipeline parallelism: TTFT, time per output token, "
                + "throughput, memory per GPU, largest batch, cost per token (step model calibrated on measured "
                + "TensorRT-LLM results; docs/serving.md).")
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--weights", paramLabel = "bf16|fp8|int8|int4|mxfp4|nvfp4", defaultValue = "bf16",
            converter = EnumConverters.WeightFormatConverter.class,
            description = "Storage of the decoder's matmul weights; embeddings, LM head and norms stay 16-bit. "
                    + "Defaults: fp8 128x128 blocks + fp32 scale, int8 groups of 128 + fp16 scale, int4 groups of "
                    + "128 + fp16 scale + 4-bit zero point, mxfp4 blocks of 32 + 8-bit scale, nvfp4 blocks of 16 + "
                    + "fp8 scale. fp8 computes on FP8 tensor cores, the others are weight-only (16-bit compute).")
    QuantFormat weights;

    @Option(names = "--group-size", paramLabel = "N", description = "Elements per quantization group (override).")
    Long groupSize;

    @Option(names = "--scale-bits", paramLabel = "BITS", description = "Bits of each group's scale (override).")
    Double scaleBits;

    @Option(names = "--zero-point-bits", paramLabel = "BITS",
            description = "Bits of each group's zero point, 0 for symmetric (override).")
    Double zeroPointBits;

    @Option(names = "--kv-dtype", paramLabel = "bf16|fp16|fp8|int8|int4", defaultValue = "bf16",
            converter = EnumConverters.KvFormatConverter.class, description = "KV-cache dtype (default: ${DEFAULT-VALUE}).")
    QuantFormat kvDtype;

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1",
            description = "Sequences in the static batch (default: ${DEFAULT-VALUE}).")
    long batch;

    @Option(names = "--prompt-tokens", paramLabel = "P", defaultValue = "1024",
            description = "Prompt tokens per sequence, prefilled together (default: ${DEFAULT-VALUE}).")
    long promptTokens;

    @Option(names = "--output-tokens", paramLabel = "O", defaultValue = "128",
            description = "Generated tokens per sequence, the first from the prefill (default: ${DEFAULT-VALUE}).")
    long outputTokens;

    @Option(names = "--attention", paramLabel = "causal|full", defaultValue = "causal",
            description = "Prefill attention FLOPs convention (default: ${DEFAULT-VALUE}).")
    AttentionConvention attention;

    @Option(names = "--gpu", paramLabel = "NAME", defaultValue = "h100-sxm", description = "Default: ${DEFAULT-VALUE}.")
    String gpuName;

    @Option(names = "--tp", paramLabel = "T", description = "Tensor-parallel GPUs (default: --gpus / --pp, or 1).")
    Long tp;

    @Option(names = "--pp", paramLabel = "S", defaultValue = "1", description = "Pipeline stages (default: 1).")
    long pp;

    @Option(names = "--gpus", paramLabel = "N", description = "GPUs of the replica; must equal tp * pp "
            + "(default: tp * pp).")
    Long gpus;

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--usd-per-gpu-hour", paramLabel = "USD", defaultValue = "2.0",
            description = "Price per GPU-hour (default: ${DEFAULT-VALUE}).")
    double usdPerGpuHour;

    @Option(names = "--sweep-batch", description = "Also tabulate batch 1, 2, 4, ... up to the largest that fits.")
    boolean sweepBatch;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "With --sweep-batch: draw time per output token against output tokens/s per GPU into FILE "
                    + "(.png or .svg).")
    Path plotFile;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final double SECONDS_PER_HOUR = Roofline.SECONDS_PER_HOUR;
    private static final double MILLION = 1e6;

    /** One static batch, estimated. */
    record Estimate(InferenceSetup setup, InferenceStep.Timeline timeline, InferenceMemory memory) {
        double outputTokens() {
            return (double) setup.batch() * setup.outputTokens();
        }

        double tokensPerSecond() {
            return outputTokens() / timeline.e2eSeconds();
        }

        double tokensPerSecondPerGpu() {
            return tokensPerSecond() / setup.gpus();
        }

        /** Dollars of the replica for one batch, all charged to its output tokens (prefill included). */
        double usdPerMillionOutput(double usdPerGpuHour) {
            return usdPerGpuHour * setup.gpus() * timeline.e2eSeconds() / SECONDS_PER_HOUR / outputTokens() * MILLION;
        }

        /** Dollars of the prefill alone per prompt token. */
        double usdPerMillionInput(double usdPerGpuHour) {
            return usdPerGpuHour * setup.gpus() * timeline.ttftSeconds() / SECONDS_PER_HOUR
                    / setup.prefillTokens() * MILLION;
        }
    }

    static Estimate estimate(InferenceSetup s) {
        return new Estimate(s, InferenceStep.timeline(s, ServingCalibration.FITTED), InferenceMemory.of(s));
    }

    @Override
    public Integer call() throws IOException {
        Options.requirePositive(spec, "--batch", batch);
        Options.requirePositive(spec, "--prompt-tokens", promptTokens);
        Options.requirePositive(spec, "--output-tokens", outputTokens);
        Options.requirePositive(spec, "--pp", pp);
        if (!(usdPerGpuHour >= 0) || Double.isInfinite(usdPerGpuHour)) {
            throw bad("--usd-per-gpu-hour", usdPerGpuHour, "expected a finite price >= 0");
        }
        if (plotFile != null) {
            if (!sweepBatch) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--plot: draws the batch sweep; "
                        + "expected --sweep-batch with it");
            }
            Options.requirePlotFile(spec, "--plot", plotFile);
        }
        long tensorParallel = tensorParallel();
        ConfigJson config = model.configJson();
        ModelSpec m = model.spec();
        String promptProblem = contextProblem(config, promptTokens);
        if (promptProblem != null) {
            throw bad("--prompt-tokens", promptTokens, promptProblem);
        }
        try {
            Math.multiplyExact(batch, Math.addExact(promptTokens, outputTokens));
        } catch (ArithmeticException e) {
            throw bad("--batch", batch, "batch x (prompt + output tokens) overflows a 64-bit count; expected less");
        }
        Gpu gpu = Gpu.find(gpuName);
        List<String> assumptions = new ArrayList<>();
        Cluster cluster = clusterOptions.cluster(spec, gpu, assumptions);
        InferenceSetup s = new InferenceSetup(m, cluster,
                (int) tensorParallel, (int) pp, weightFormat(), kvDtype, batch, promptTokens, outputTokens,
                attention.isCausal());
        gpu.peakFlopsPerSecond(s.computeDtype()); // an unsupported dtype on this GPU is bad input, before any output
        long maxBatch = InferenceMemory.maxBatch(s);
        if (maxBatch < (sweepBatch ? 1 : batch)) {
            throw doesNotFit(s, maxBatch);
        }
        assumptions.addAll(assumptions(s, config));
        Estimate e = estimate(s);
        List<Estimate> sweep = sweepBatch ? sweep(s, maxBatch) : List.of();
        if (plotFile != null) {
            plot(model.label(), s, sweep).write(plotFile);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, toJson(model.label(), e, maxBatch, InferenceMemory.maxContext(s), usdPerGpuHour,
                    assumptions, sweep));
        } else {
            print(out, model.label(), e, maxBatch, InferenceMemory.maxContext(s), usdPerGpuHour, assumptions, sweep);
        }
        return Main.EXIT_OK;
    }

    /** tp from --tp, or derived from --gpus / --pp; --gpus, when given, must equal tp * pp. */
    private long tensorParallel() {
        if (gpus != null) {
            Options.requirePositive(spec, "--gpus", gpus);
        }
        if (pp > Integer.MAX_VALUE) {
            throw bad("--pp", pp, "expected at most " + Integer.MAX_VALUE);
        }
        long t;
        if (tp != null) {
            Options.requirePositive(spec, "--tp", tp);
            if (tp > Integer.MAX_VALUE) {
                throw bad("--tp", tp, "expected at most " + Integer.MAX_VALUE);
            }
            t = tp;
            if (gpus != null && gpus != t * pp) {
                throw bad("--gpus", gpus, "expected tp * pp = " + t + " * " + pp + " = " + t * pp);
            }
        } else if (gpus != null) {
            if (gpus % pp != 0) {
                throw bad("--gpus", gpus, "expected a multiple of --pp=" + pp + " (tp = gpus / pp)");
            }
            t = gpus / pp;
        } else {
            t = 1;
        }
        return t;
    }

    private QuantFormat weightFormat() {
        if (groupSize == null && scaleBits == null && zeroPointBits == null) {
            return weights;
        }
        long g = groupSize == null ? weights.groupSize() : groupSize;
        double scale = scaleBits == null ? weights.scaleBits() : scaleBits;
        double zp = zeroPointBits == null ? weights.zeroPointBits() : zeroPointBits;
        Options.requirePositive(spec, "--group-size", g);
        if (!(scale >= 0) || !(zp >= 0) || Double.isInfinite(scale) || Double.isInfinite(zp)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    (!(scale >= 0) || Double.isInfinite(scale) ? "--scale-bits=" + scale : "--zero-point-bits=" + zp)
                            + ": expected 0 or more bits");
        }
        return weights.withGroup(scale, zp, g);
    }

    private CommandLine.ParameterException bad(String option, Object value, String expected) {
        return new CommandLine.ParameterException(spec.commandLine(), option + "=" + value + ": " + expected);
    }

    /** Why {@code tokens} exceed the model's trained context, or null. */
    private static String contextProblem(ConfigJson config, long tokens) {
        if (!config.has("max_position_embeddings")) {
            return null;
        }
        long max = config.positiveLong("max_position_embeddings");
        return tokens <= max ? null : "longer than " + config.source() + "'s max_position_embeddings=" + max
                + "; expected at most " + max;
    }

    private CommandLine.ParameterException doesNotFit(InferenceSetup s, long maxBatch) {
        InferenceMemory m = InferenceMemory.of(s);
        double capacity = s.cluster().gpu().memoryBytes();
        String what = String.format(Locale.ROOT, "needs %s per GPU (stage %d of %d), %s more than %s's %s; ",
                Format.bytes(m.totalBytes()), m.stage(), s.pp(), Format.bytes(m.totalBytes() - capacity),
                s.cluster().gpu().name(), Format.bytes(capacity));
        String fix = maxBatch > 0
                ? "expected --batch at most " + maxBatch + " at " + s.promptTokens() + " + " + s.outputTokens()
                + " tokens per sequence"
                : "not even batch 1 fits; expected a larger --tp/--pp or fewer --weights bits";
        return bad(sweepBatch ? "--tp" : "--batch", sweepBatch ? s.tp() : s.batch(), what + fix);
    }

    private static List<String> assumptions(InferenceSetup s, ConfigJson config) {
        List<String> a = new ArrayList<>();
        a.add("static batch: all " + s.batch() + " prompts prefilled in one pass (TTFT), then " + (s.outputTokens() - 1)
                + " decode steps; output tokens/s = output tokens x batch / end-to-end latency");
        ServingCalibration c = ServingCalibration.FITTED;
        a.add(String.format(Locale.ROOT, "step model calibrated on 24 published TensorRT-LLM v0.9.0 results on H200 "
                        + "(docs/serving.md): %.3g of peak HBM bandwidth, GEMMs at %.3g of the tensor peak x M / (M + "
                        + "%.3g), %.3g us per layer and pass, MoE grouped GEMM at %.3g of a dense GEMM",
                c.bandwidthFraction(), c.gemmEfficiency(), c.gemmHalfTokens(), 1e6 * c.layerOverheadSeconds(),
                c.moeGemmFactor()));
        a.add(s.computeDtype() == Dtype.FP8
                ? "fp8 weights: GEMMs on FP8 tensor cores"
                : s.weights().label() + " weights: GEMMs on 16-bit tensor cores (weight-only quantization)");
        a.add("tensor parallelism: attention heads, MLP and experts split " + s.tp() + " ways, embedding and LM head "
                + "vocabulary-parallel; 2 all-reduces per layer over "
                + (s.tp() <= s.cluster().gpusPerNode() ? (s.cluster().gpu().nvlink() ? "NVLink" : "PCIe")
                : "the network (TP group spans nodes)"));
        for (Layer layer : s.model().layers()) {
            if (layer.attention() instanceof Attention.Gqa gqa && s.tp() > gqa.kvHeads()) {
                a.add("tp " + s.tp() + " > " + gqa.kvHeads() + " KV heads: each GPU keeps one KV head, its projection "
                        + "and cache replicated " + s.tp() / gqa.kvHeads() + " times");
                break;
            }
            if (layer.attention() instanceof Attention.Mla) {
                a.add("MLA: the latent KV cache is replicated on every GPU of the TP group");
                break;
            }
        }
        if (s.pp() > 1) {
            a.add("pipeline: " + s.pp() + " stages run one after another for a single batch (no micro-batching); "
                    + "pp adds memory, not speed");
        }
        String context = contextProblem(config, s.contextTokens());
        if (context != null) {
            a.add("prompt + output = " + s.contextTokens() + " tokens is " + context.replace("; expected at most", ","
                    + " beyond the trained context of"));
        }
        return a;
    }

    private static List<Estimate> sweep(InferenceSetup s, long maxBatch) {
        List<Estimate> rows = new ArrayList<>();
        for (long b = 1; b < maxBatch; b *= 2) {
            rows.add(estimate(s.withBatch(b)));
        }
        rows.add(estimate(s.withBatch(maxBatch)));
        return rows;
    }

    private static Plot plot(String label, InferenceSetup s, List<Estimate> sweep) {
        double[] x = sweep.stream().mapToDouble(Estimate::tokensPerSecondPerGpu).toArray();
        double[] y = sweep.stream().mapToDouble(e -> 1e3 * e.timeline().tpotSeconds()).toArray();
        return Plots.curve(String.format(Locale.ROOT, "%s on %d x %s (tp %d, pp %d), prompt %d + output %d: "
                                + "batch 1 to %d", label, s.gpus(), s.cluster().gpu().name(), s.tp(), s.pp(),
                        s.promptTokens(), s.outputTokens(), sweep.get(sweep.size() - 1).setup().batch()),
                "output tokens/s per GPU", "time per output token [ms]", "static batch", x, y);
    }

    /** Whole-replica totals kept from the single-GPU roofline version of serve: weights and one batch's cache. */
    private record Totals(double weightsBytes, double kvBytesPerToken, double kvTotalBytes) {
        static Totals of(InferenceSetup s) {
            ModelSpec m = s.model();
            Map<String, Long> parts = ParameterCount.of(m).breakdown();
            long sixteenBit = parts.get(ParameterCount.EMBEDDING) + parts.get(ParameterCount.POSITION_EMBEDDING)
                    + parts.get(ParameterCount.LM_HEAD) + parts.get(ParameterCount.NORMS);
            long quantized = ParameterCount.of(m).total() - sixteenBit;
            double perToken = 0, total = 0;
            for (Layer layer : m.layers()) {
                Attention attn = layer.attention();
                double elements = attn.kvCacheElementsPerToken();
                perToken += elements * s.kv().bytesPerElement();
                total += KvCache.layerBytes(elements, s.contextTokens(), attn.slidingWindow(),
                        s.kv().bytesPerElement()) + attn.recurrentStateElements() * s.kv().bytesPerElement();
            }
            return new Totals(Quantization.weightBytes(quantized, sixteenBit, s.weights()), perToken,
                    total * s.batch());
        }
    }

    static ObjectNode toJson(String label, Estimate e, long maxBatch, long maxContext, double usdPerGpuHour,
                             List<String> assumptions, List<Estimate> sweep) {
        InferenceSetup s = e.setup();
        InferenceStep.Timeline t = e.timeline();
        ObjectNode root = Json.object();
        root.put("model", label);
        root.put("model_type", s.model().modelType());
        ObjectNode st = root.putObject("setup");
        st.put("weights", s.weights().label());
        st.put("weight_bits_per_param", s.weights().bitsPerElement());
        st.put("kv_dtype", s.kv().label());
        st.put("kv_bits_per_element", s.kv().bitsPerElement());
        st.put("batch", s.batch());
        st.put("prompt_tokens", s.promptTokens());
        st.put("output_tokens", s.outputTokens());
        st.put("context", s.contextTokens());
        st.put("gpu", s.cluster().gpu().name());
        st.put("gpus", s.gpus());
        st.put("tp", s.tp());
        st.put("pp", s.pp());
        st.put("gpus_per_node", s.cluster().gpusPerNode());
        st.put("compute_dtype", s.computeDtype().name());

        ObjectNode lat = root.putObject("latency");
        lat.put("ttft_seconds", t.ttftSeconds());
        lat.put("tpot_seconds", t.tpotSeconds());
        lat.put("e2e_seconds", t.e2eSeconds());
        ObjectNode tput = root.putObject("throughput");
        tput.put("output_tokens_per_second_per_gpu", e.tokensPerSecondPerGpu());
        tput.put("output_tokens_per_second", e.tokensPerSecond());
        tput.put("output_tokens_per_second_per_sequence", 1 / t.tpotSeconds());

        Totals totals = Totals.of(s);
        ObjectNode kv = root.putObject("kv_cache");
        kv.put("bytes_per_token", totals.kvBytesPerToken());
        kv.put("total_bytes", totals.kvTotalBytes());
        ObjectNode mem = root.putObject("memory");
        mem.put("per_gpu_bytes", e.memory().totalBytes());
        ObjectNode br = mem.putObject("breakdown");
        e.memory().breakdownBytes().forEach(br::put);
        mem.put("pipeline_stage", e.memory().stage());
        mem.put("gpu_memory_bytes", s.cluster().gpu().memoryBytes());
        mem.put("fits", e.memory().totalBytes() <= s.cluster().gpu().memoryBytes());
        mem.put("weights_bytes", totals.weightsBytes());
        mem.put("kv_cache_bytes", totals.kvTotalBytes());
        mem.put("total_bytes", totals.weightsBytes() + totals.kvTotalBytes());
        ObjectNode lim = root.putObject("limits");
        lim.put("max_batch", maxBatch);
        if (maxContext >= 0) {
            lim.put("max_context_tokens", maxContext);
        } else {
            lim.putNull("max_context_tokens");
        }
        ObjectNode cost = root.putObject("cost");
        cost.put("usd_per_gpu_hour", usdPerGpuHour);
        cost.put("usd_per_million_output_tokens", e.usdPerMillionOutput(usdPerGpuHour));
        cost.put("usd_per_million_input_tokens", e.usdPerMillionInput(usdPerGpuHour));

        ForwardFlops prefill = ForwardFlops.of(s.model(), s.promptTokens(), s.causal());
        ObjectNode p = root.putObject("prefill");
        p.put("flops", (prefill.linear() + prefill.attention()) * s.prefillTokens()
                + prefill.lmHead() * s.batch());
        p.put("seconds", t.ttftSeconds());
        p.put("gemm_bound", t.prefill().gemmBound().name());
        terms(p.putObject("seconds_by_term"), t.prefill());
        ObjectNode d = root.putObject("decode");
        d.put("flops_per_token", decodeFlopsPerToken(s.model(), s.promptTokens() + 1));
        d.put("seconds_per_step", t.tpotSeconds());
        d.put("tokens_per_second", s.batch() / t.tpotSeconds());
        d.put("gemm_bound", t.firstDecodeStep().gemmBound().name());
        terms(d.putObject("seconds_by_term"), t.decodeSteps() == 0 ? t.firstDecodeStep() : t.decode());
        ArrayNode as = root.putArray("assumptions");
        assumptions.forEach(as::add);
        if (!sweep.isEmpty()) {
            ArrayNode rows = root.putArray("sweep_batch");
            for (Estimate r : sweep) {
                ObjectNode row = rows.addObject();
                row.put("batch", r.setup().batch());
                row.put("ttft_seconds", r.timeline().ttftSeconds());
                row.put("tpot_seconds", r.timeline().tpotSeconds());
                row.put("e2e_seconds", r.timeline().e2eSeconds());
                row.put("output_tokens_per_second_per_gpu", r.tokensPerSecondPerGpu());
                row.put("output_tokens_per_second", r.tokensPerSecond());
                row.put("per_gpu_bytes", r.memory().totalBytes());
                row.put("usd_per_million_output_tokens", r.usdPerMillionOutput(usdPerGpuHour));
            }
        }
        return root;
    }

    private static void terms(ObjectNode o, InferenceStep.Terms t) {
        o.put("gemm", t.gemmSeconds());
        o.put("attention", t.attentionSeconds());
        o.put("elementwise", t.elementwiseSeconds());
        o.put("communication", t.communicationSeconds());
        o.put("overhead", t.overheadSeconds());
    }

    /** Forward FLOPs of one decoded token at {@code context} cached tokens (every key attended, windows capped). */
    static double decodeFlopsPerToken(ModelSpec m, long context) {
        ForwardFlops oneToken = ForwardFlops.of(m, 1, true);
        double attention = 0;
        for (Layer layer : m.layers()) {
            Attention attn = layer.attention();
            attention += Flops.attentionScores(KvCache.cachedTokens(context, attn.slidingWindow()), attn.heads(),
                    attn.qkHeadDim(), attn.vHeadDim());
        }
        return oneToken.linear() + oneToken.lmHead() + attention;
    }

    private static void print(PrintWriter out, String label, Estimate e, long maxBatch, long maxContext,
                              double usdPerGpuHour, List<String> assumptions, List<Estimate> sweep) {
        InferenceSetup s = e.setup();
        InferenceStep.Timeline t = e.timeline();
        out.printf(Locale.ROOT, "%s: serve a static batch of %d x (%d prompt + %d output tokens), %s weights "
                        + "(%.4g bits/param), %s KV cache, tp %d x pp %d = %d x %s%n%n", label, s.batch(),
                s.promptTokens(), s.outputTokens(), s.weights().label(), s.weights().bitsPerElement(),
                s.kv().label(), s.tp(), s.pp(), s.gpus(), s.cluster().gpu().name());
        Table lat = new Table("latency and throughput", "value", "");
        lat.row("time to first token (prefill of the batch)", ms(t.ttftSeconds()), "GEMMs " + t.prefill().gemmBound()
                + "-bound");
        lat.row("time per output token", ms(t.tpotSeconds()), "GEMMs " + t.firstDecodeStep().gemmBound()
                + "-bound");
        lat.row("end-to-end latency", String.format(Locale.ROOT, "%.3f s", t.e2eSeconds()), "");
        lat.row("output tokens/s per GPU", String.format(Locale.ROOT, "%.1f", e.tokensPerSecondPerGpu()), "");
        lat.row("output tokens/s (replica)", String.format(Locale.ROOT, "%.1f", e.tokensPerSecond()),
                String.format(Locale.ROOT, "%.1f per sequence", 1 / t.tpotSeconds()));
        lat.row("USD per million output tokens",
                String.format(Locale.ROOT, "%.4f", e.usdPerMillionOutput(usdPerGpuHour)),
                String.format(Locale.ROOT, "at $%.2f/GPU-hour, prefill included", usdPerGpuHour));
        lat.row("USD per million input tokens",
                String.format(Locale.ROOT, "%.4f", e.usdPerMillionInput(usdPerGpuHour)),
                "prefill alone");
        lat.print(out);
        out.println();
        Table mem = new Table("memory per GPU (stage " + e.memory().stage() + ")", "bytes", "");
        e.memory().breakdownBytes().forEach((k, v) -> mem.row("  " + k.replace('_', ' '), Format.bytes(v), ""));
        mem.row("total", Format.bytes(e.memory().totalBytes()), String.format(Locale.ROOT, "of %s: fits",
                Format.bytes(s.cluster().gpu().memoryBytes())));
        mem.row("largest batch at this prompt and output", Format.thousands(maxBatch), "");
        mem.row("largest context at this batch", maxContext >= 0 ? Format.thousands(maxContext) + " tokens"
                : "unbounded (windowed cache)", "");
        mem.print(out);
        if (!sweep.isEmpty()) {
            out.println();
            Table sw = new Table("batch", "TTFT", "TPOT", "e2e", "tok/s/GPU", "tok/s", "mem/GPU", "$/M out");
            for (Estimate r : sweep) {
                sw.row(Format.thousands(r.setup().batch()), ms(r.timeline().ttftSeconds()),
                        ms(r.timeline().tpotSeconds()),
                        String.format(Locale.ROOT, "%.3f s", r.timeline().e2eSeconds()),
                        String.format(Locale.ROOT, "%.1f", r.tokensPerSecondPerGpu()),
                        String.format(Locale.ROOT, "%.1f", r.tokensPerSecond()),
                        Format.bytes(r.memory().totalBytes()),
                        String.format(Locale.ROOT, "%.4f", r.usdPerMillionOutput(usdPerGpuHour)));
            }
            sw.print(out);
        }
        out.println();
        out.println("assumptions:");
        assumptions.forEach(a -> out.println("  - " + a));
    }

    private static String ms(double seconds) {
        return String.format(Locale.ROOT, "%.2f ms", 1e3 * seconds);
    }
}
