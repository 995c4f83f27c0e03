package io.llmcost.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.formula.Flops;
import io.llmcost.hardware.Dtype;
import io.llmcost.hardware.Gpu;
import io.llmcost.hardware.Roofline;
import io.llmcost.memory.KvCache;
import io.llmcost.memory.QuantFormat;
import io.llmcost.memory.Quantization;
import io.llmcost.memory.Serving;
import io.llmcost.model.Attention;
import io.llmcost.model.Ffn;
import io.llmcost.model.ForwardFlops;
import io.llmcost.model.Layer;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Inference memory (weights, KV cache), prefill and decode roofline for one model.")
public final class ServeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--weights", paramLabel = "bf16|fp8|int8|int4", defaultValue = "bf16",
            converter = EnumConverters.WeightFormatConverter.class,
            description = "Storage of the decoder's matmul weights; embeddings, LM head and norms stay 16-bit. "
                    + "Defaults: fp8 128x128 blocks + fp32 scale, int8 groups of 128 + fp16 scale, int4 groups of "
                    + "128 + fp16 scale + 4-bit zero point.")
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

    @Option(names = "--batch", paramLabel = "B", defaultValue = "1", description = "Concurrent sequences.")
    long batch;

    @Option(names = "--context", paramLabel = "C", defaultValue = "4096",
            description = "Tokens per sequence in the KV cache; decode is measured at this context.")
    long context;

    @Option(names = "--prompt-tokens", paramLabel = "P", description = "Prefill length (default: --context).")
    Long promptTokens;

    @Option(names = "--attention", paramLabel = "causal|full", defaultValue = "causal",
            description = "Prefill attention FLOPs convention (default: ${DEFAULT-VALUE}).")
    AttentionConvention attention;

    @Option(names = "--gpu", paramLabel = "NAME", defaultValue = "h100-sxm", description = "Default: ${DEFAULT-VALUE}.")
    String gpuName;

    @Option(names = "--gpus", paramLabel = "N", defaultValue = "1",
            description = "GPUs sharing the model by ideal tensor parallelism (memory, FLOP/s and bandwidth add up).")
    long gpus;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Everything the command computes. */
    record Report(String label, ModelSpec model, QuantFormat weights, QuantFormat kv, long batch, long context,
                  long prompt, Gpu gpu, long gpus, double weightsBytes, double kvBytesPerToken, double kvTotalBytes,
                  double prefillFlops, double prefillBytes, double decodeFlopsPerToken, double decodeBytesPerStep,
                  Dtype computeDtype) {

        double memoryTotal() { return weightsBytes + kvTotalBytes; }
        double capacity() { return gpu.memoryBytes() * gpus; }
        double peak() { return gpu.peakFlopsPerSecond(computeDtype) * gpus; }
        double bandwidth() { return gpu.memoryBytesPerSecond() * gpus; }
        double prefillSeconds() { return Roofline.seconds(prefillFlops, prefillBytes, peak(), bandwidth()); }
        Roofline.Bound prefillBound() { return Roofline.bound(prefillFlops, prefillBytes, peak(), bandwidth()); }
        double decodeStepFlops() { return decodeFlopsPerToken * batch; }
        double decodeStepSeconds() { return Roofline.seconds(decodeStepFlops(), decodeBytesPerStep, peak(), bandwidth()); }
        Roofline.Bound decodeBound() { return Roofline.bound(decodeStepFlops(), decodeBytesPerStep, peak(), bandwidth()); }
        double decodeTokensPerSecond() { return batch / decodeStepSeconds(); }
    }

    @Override
    public Integer call() {
        Options.requirePositive(spec, "--batch", batch);
        Options.requirePositive(spec, "--context", context);
        Options.requirePositive(spec, "--gpus", gpus);
        long prompt = promptTokens == null ? context : promptTokens;
        Options.requirePositive(spec, "--prompt-tokens", prompt);
        if (prompt > context) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--prompt-tokens=" + prompt
                    + ": expected at most --context (" + context + "), the tokens each sequence holds");
        }
        QuantFormat w = weightFormat();
        Report r = report(model.label(), model.spec(), w, kvDtype, batch, context, prompt, Gpu.find(gpuName), gpus,
                attention.isCausal());
        r.peak(); // an unsupported dtype on this GPU is bad input, reported before any output
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, toJson(r));
        } else {
            print(out, r);
        }
        return Main.EXIT_OK;
    }

    private QuantFormat weightFormat() {
        if (groupSize == null && scaleBits == null && zeroPointBits == null) {
            return weights;
        }
        long g = groupSize == null ? weights.groupSize() : groupSize;
        double scale = scaleBits == null ? weights.scaleBits() : scaleBits;
        double zp = zeroPointBits == null ? weights.zeroPointBits() : zeroPointBits;
        Options.requirePositive(spec, "--group-size", g);
        if (scale < 0 || zp < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    (scale < 0 ? "--scale-bits=" + scale : "--zero-point-bits=" + zp) + ": expected 0 or more bits");
        }
        return weights.withGroup(scale, zp, g);
    }

    static Report report(String label, ModelSpec m, QuantFormat w, QuantFormat kv, long batch, long context,
                         long prompt, Gpu gpu, long gpus, boolean causal) {
        ParameterCount count = ParameterCount.of(m);
        Map<String, Long> parts = count.breakdown();
        long embedding = parts.get(ParameterCount.EMBEDDING);
        long positions = parts.get(ParameterCount.POSITION_EMBEDDING);
        long head = parts.get(ParameterCount.LM_HEAD);
        long norms = parts.get(ParameterCount.NORMS);
        long sixteenBit = embedding + positions + head + norms;
        long quantized = count.total() - sixteenBit;
        double weightsBytes = Quantization.weightBytes(quantized, sixteenBit, w);

        double kvPerToken = 0, kvPerSequence = 0, kvPerPromptSequence = 0, decodeAttention = 0, touchedExpertParams = 0;
        long h = m.hiddenSize();
        for (Layer layer : m.layers()) {
            Attention attn = layer.attention();
            double elements = attn.kvCacheElementsPerToken();
            kvPerToken += elements * kv.bytesPerElement();
            kvPerSequence += KvCache.layerBytes(elements, context, attn.slidingWindow(), kv.bytesPerElement());
            kvPerPromptSequence += KvCache.layerBytes(elements, prompt, attn.slidingWindow(), kv.bytesPerElement());
            decodeAttention += Flops.attentionScores(KvCache.cachedTokens(context, attn.slidingWindow()),
                    attn.heads(), attn.qkHeadDim(), attn.vHeadDim());
            if (layer.ffn() instanceof Ffn.Moe moe) {
                touchedExpertParams += Serving.expectedExpertsTouched(moe.experts(), moe.topK(), batch)
                        * moe.expertParams(h);
            }
        }
        // A decode step reads every non-expert weight, the experts its batch routes to (the embedding only in rows),
        // and each sequence's cache.
        long routed = parts.get(ParameterCount.EXPERTS);
        long headRead = m.tiedEmbeddings() ? embedding : head;
        double weightsRead = (quantized - routed + touchedExpertParams) * w.bytesPerElement()
                + (headRead + norms) * Quantization.BF16.bytesPerElement();
        ForwardFlops prefill = ForwardFlops.of(m, prompt, causal);
        ForwardFlops oneToken = ForwardFlops.of(m, 1, causal);
        Dtype compute = w.label().equals(Quantization.FP8_WEIGHTS.label()) ? Dtype.FP8 : Dtype.BF16;
        return new Report(label, m, w, kv, batch, context, prompt, gpu, gpus, weightsBytes, kvPerToken,
                kvPerSequence * batch, prefill.total() * prompt * batch, weightsBytes + kvPerPromptSequence * batch,
                oneToken.linear() + oneToken.lmHead() + decodeAttention, weightsRead + kvPerSequence * batch, compute);
    }

    static ObjectNode toJson(Report r) {
        ObjectNode root = Json.object();
        root.put("model", r.label());
        root.put("model_type", r.model().modelType());
        ObjectNode s = root.putObject("setup");
        s.put("weights", r.weights().label());
        s.put("weight_bits_per_param", r.weights().bitsPerElement());
        s.put("kv_dtype", r.kv().label());
        s.put("kv_bits_per_element", r.kv().bitsPerElement());
        s.put("batch", r.batch());
        s.put("context", r.context());
        s.put("prompt_tokens", r.prompt());
        s.put("gpu", r.gpu().name());
        s.put("gpus", r.gpus());
        s.put("compute_dtype", r.computeDtype().name());

        ObjectNode kv = root.putObject("kv_cache");
        kv.put("bytes_per_token", r.kvBytesPerToken());
        kv.put("total_bytes", r.kvTotalBytes());
        ObjectNode m = root.putObject("memory");
        m.put("weights_bytes", r.weightsBytes());
        m.put("kv_cache_bytes", r.kvTotalBytes());
        m.put("total_bytes", r.memoryTotal());
        m.put("gpu_memory_bytes", r.capacity());
        m.put("fits", r.memoryTotal() <= r.capacity());

        ObjectNode p = root.putObject("prefill");
        p.put("flops", r.prefillFlops());
        p.put("bytes", r.prefillBytes());
        p.put("seconds", r.prefillSeconds());
        p.put("bound", r.prefillBound().name());
        ObjectNode d = root.putObject("decode");
        d.put("flops_per_token", r.decodeFlopsPerToken());
        d.put("bytes_per_step", r.decodeBytesPerStep());
        d.put("seconds_per_step", r.decodeStepSeconds());
        d.put("tokens_per_second", r.decodeTokensPerSecond());
        d.put("bound", r.decodeBound().name());
        return root;
    }

    private static void print(PrintWriter out, Report r) {
        out.printf(Locale.ROOT, "%s: serve with %s weights (%.4g bits/param), %s KV cache, batch %d x context %d, "
                        + "%d x %s%n%n", r.label(), r.weights().label(), r.weights().bitsPerElement(), r.kv().label(),
                r.batch(), r.context(), r.gpus(), r.gpu().name());
        Table m = new Table("memory", "bytes", "");
        m.row("weights", Format.bytes(r.weightsBytes()), "");
        m.row("KV cache per token (one sequence, all layers)", Format.bytes(r.kvBytesPerToken()),
                Format.thousands(Math.round(r.kvBytesPerToken())) + " B");
        m.row("KV cache, batch x context", Format.bytes(r.kvTotalBytes()), "");
        m.row("total", Format.bytes(r.memoryTotal()), String.format(Locale.ROOT, "of %s: %s",
                Format.bytes(r.capacity()), r.memoryTotal() <= r.capacity() ? "fits" : "DOES NOT FIT"));
        m.print(out);
        out.println();
        Table t = new Table("roofline (" + r.computeDtype() + " peak " + Format.flopsPerSecond(r.peak())
                + ", " + Format.bytes(r.bandwidth()) + "/s)", "FLOPs", "bytes", "time", "bound");
        t.row("prefill " + r.prompt() + " tokens x " + r.batch(), Format.suffixed(r.prefillFlops()),
                Format.bytes(r.prefillBytes()), Format.duration(r.prefillSeconds()),
                r.prefillBound().name());
        t.row("decode step at context " + r.context(), Format.suffixed(r.decodeStepFlops()),
                Format.bytes(r.decodeBytesPerStep()), String.format(Locale.ROOT, "%.2f ms", 1e3 * r.decodeStepSeconds()),
                r.decodeBound().name());
        t.print(out);
        out.printf(Locale.ROOT, "decode: %.1f tokens/s (%.1f per sequence)%n", r.decodeTokensPerSecond(),
                r.decodeTokensPerSecond() / r.batch());
    }
}
