package io.llmcost.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.memory.TrainSetup;
import io.llmcost.memory.TrainingMemory;
import io.llmcost.model.Checkpoint;
import io.llmcost.model.ForwardFlops;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;
import io.llmcost.formula.Flops;
import io.llmcost.plot.Plot;
import io.llmcost.plot.Plots;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = "Exact parameter counts and forward FLOPs per token of one model.")
public final class AnalyzeCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--seq-len", paramLabel = "S", defaultValue = "4096",
            description = "Sequence length for attention FLOPs (default: ${DEFAULT-VALUE}).")
    long seqLen;

    @Option(names = "--attention", paramLabel = "causal|full", defaultValue = "causal",
            description = "causal: S/2 positions per token, sliding windows respected; full: S positions in every "
                    + "layer (PaLM/nanoGPT MFU convention). Default: ${DEFAULT-VALUE}.")
    AttentionConvention attention;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--include-vision", description = "Add a multimodal config's vision tower and projector to the "
            + "total (they are always reported apart as parameters.vision).")
    boolean includeVision;

    @Option(names = "--csv", description = "Print the tables as CSV: table,quantity,value with exact values "
            + "(parameter counts as integers, FLOPs per token as doubles).")
    boolean csv;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw the parameter breakdown and the training memory (one GPU, bf16-mixed AdamW, "
                    + "micro-batch 1 at --seq-len, no recompute) by component into FILE (.png or .svg). "
                    + "The printed output is the same with or without it.")
    Path plotFile;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        Options.requirePositive(spec, "--seq-len", seqLen);
        if (json && csv) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--json and --csv: give one of them");
        }
        if (plotFile != null) {
            Options.requirePlotFile(spec, "--plot", plotFile);
        }
        Checkpoint checkpoint = model.checkpoint();
        ModelSpec m = checkpoint.language();
        if (includeVision && checkpoint.vision().isEmpty()) {
            throw new ParameterException(spec.commandLine(), "--include-vision: " + model.label() + " ("
                    + checkpoint.modelType() + "): " + checkpoint.counted());
        }
        ParameterCount params = ParameterCount.of(m);
        long vision = includeVision ? checkpoint.vision().getAsLong() : 0;
        ForwardFlops flops = ForwardFlops.of(m, seqLen, attention.isCausal());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = toJson(m, params, flops, attention);
            ObjectNode p = (ObjectNode) root.get("parameters");
            p.put("total", Math.addExact(params.total(), vision));
            p.put("total_includes_vision", includeVision);
            if (checkpoint.vision().isPresent()) {
                p.put("vision", checkpoint.vision().getAsLong());
            } else {
                p.putNull("vision");
            }
            p.put("counted", checkpoint.counted());
            // per-layer cache: K/V (or MLA latent) elements per token, and the fixed state of linear-attention and
            // Mamba layers per sequence (elements; multiply by the cache dtype's bytes)
            ObjectNode cache = root.putObject("cache");
            cache.put("kv_elements_per_token",
                    m.layers().stream().mapToLong(l -> l.attention().kvCacheElementsPerToken()).sum());
            cache.put("recurrent_state_elements_per_sequence",
                    m.layers().stream().mapToLong(l -> l.attention().recurrentStateElements()).sum());
            Json.print(out, root);
        } else if (csv) {
            printCsv(out, params, flops, checkpoint, includeVision);
        } else {
            printTables(out, model.label(), m, params, flops);
            if (!checkpoint.counted().equals("language model")) {
                out.printf("%ncounted: %s%n", checkpoint.counted());
            }
            if (checkpoint.vision().isPresent()) {
                out.printf(includeVision ? "total with vision tower and projector: %s%n"
                        : "vision tower and projector (not in total): %s%n",
                        Format.thousands(Math.addExact(vision == 0 ? 0 : params.total(), checkpoint.vision().getAsLong())));
            }
        }
        out.flush();
        if (plotFile != null) {
            parameterPlot(model.label(), params).above(memoryPlot(model.label(), m, seqLen)).write(plotFile);
            spec.commandLine().getErr().println("llmcost: wrote " + plotFile);
        }
        return Main.EXIT_OK;
    }

    /** Parameters by component, in billions or millions so that the axis reads without exponents. */
    static Plot parameterPlot(String label, ParameterCount params) {
        double scale = params.total() >= 1e9 ? 1e9 : 1e6;
        Map<String, Double> scaled = new LinkedHashMap<>();
        params.breakdown().forEach((name, count) -> scaled.put(name, count / scale));
        String title = label + ": " + Format.suffixed(params.total()) + " parameters"
                + (params.active() == params.total() ? "" : ", " + Format.suffixed(params.active()) + " active");
        return Plots.breakdown(title, "parameters [" + (scale == 1e9 ? "billions" : "millions") + "]", scaled);
    }

    /** Training memory on one GPU by component, in GiB, under {@link TrainSetup#singleGpu}. */
    static Plot memoryPlot(String label, ModelSpec m, long seqLen) {
        TrainingMemory memory = TrainingMemory.of(m, TrainSetup.singleGpu(seqLen));
        double gib = 1L << 30;
        Map<String, Double> parts = new LinkedHashMap<>();
        memory.breakdownBytes().forEach((name, bytes) -> parts.put(name, bytes / gib));
        String title = label + ": training memory on one GPU, " + Format.bytes(memory.totalBytes());
        return Plots.breakdown(title, "memory [GiB] (bf16-mixed AdamW, S=" + seqLen
                + ", micro-batch 1, no recompute)", parts);
    }

    static ObjectNode toJson(ModelSpec m, ParameterCount params, ForwardFlops flops, AttentionConvention attention) {
        ObjectNode root = Json.object();
        root.put("model_type", m.modelType());
        root.put("num_layers", m.numLayers());
        root.put("moe", m.isMoe());
        ObjectNode p = root.putObject("parameters");
        p.put("total", params.total());
        p.put("active", params.active());
        p.put("active_excluding_input_embedding", params.activeExcludingInputEmbedding());
        p.put("mtp", params.mtp());
        ObjectNode b = p.putObject("breakdown");
        params.breakdown().forEach(b::put);
        ObjectNode f = root.putObject("flops");
        f.put("seq_len", flops.seqLen());
        f.put("attention", attention.name());
        f.put("forward_per_token", flops.total());
        f.put("forward_per_sequence", flops.total() * flops.seqLen());
        f.put("training_per_token", Flops.TRAINING_PASSES * flops.total());
        ObjectNode fb = f.putObject("breakdown");
        fb.put("linear", flops.linear());
        fb.put("lm_head", flops.lmHead());
        fb.put("attention", flops.attention());
        return root;
    }

    /**
     * The two tables of {@link #printTables} as rows of (table, quantity, value), values unformatted; the total adds
     * the vision tower and projector with --include-vision, as in --json.
     */
    static void printCsv(PrintWriter out, ParameterCount params, ForwardFlops flops, Checkpoint checkpoint,
                         boolean includeVision) throws IOException {
        CSVPrinter csv = CSVFormat.DEFAULT.builder().setHeader("table", "quantity", "value").setRecordSeparator('\n')
                .build().print(out);
        for (Map.Entry<String, Long> e : params.breakdown().entrySet()) {
            csv.printRecord("parameters", e.getKey(), e.getValue());
        }
        csv.printRecord("parameters", "total",
                Math.addExact(params.total(), includeVision ? checkpoint.vision().getAsLong() : 0));
        if (checkpoint.vision().isPresent()) {
            csv.printRecord("parameters", "vision", checkpoint.vision().getAsLong());
        }
        csv.printRecord("parameters", "active", params.active());
        csv.printRecord("parameters", "active_excluding_input_embedding", params.activeExcludingInputEmbedding());
        csv.printRecord("parameters", "mtp", params.mtp());
        String table = "forward_flops_per_token";
        csv.printRecord(table, "seq_len", flops.seqLen());
        csv.printRecord(table, "linear", flops.linear());
        csv.printRecord(table, "lm_head", flops.lmHead());
        csv.printRecord(table, "attention", flops.attention());
        csv.printRecord(table, "forward_per_token", flops.total());
        csv.printRecord(table, "forward_per_sequence", flops.total() * flops.seqLen());
        csv.printRecord(table, "training_per_token", Flops.TRAINING_PASSES * flops.total());
        csv.flush();
    }

    private static void printTables(PrintWriter out, String label, ModelSpec m, ParameterCount params,
                                    ForwardFlops flops) {
        out.printf("%s  (model_type %s, %d layers, hidden %d, vocab %d%s)%n%n", label, m.modelType(),
                m.numLayers(), m.hiddenSize(), m.vocabSize(), m.tiedEmbeddings() ? ", tied embeddings" : "");
        Table t = new Table("parameters", "exact", "");
        for (Map.Entry<String, Long> e : params.breakdown().entrySet()) {
            if (e.getValue() != 0) {
                t.row("  " + e.getKey(), Format.thousands(e.getValue()), Format.suffixed(e.getValue()));
            }
        }
        t.row("total", Format.thousands(params.total()), Format.suffixed(params.total()));
        t.row("active per token", Format.thousands(params.active()), Format.suffixed(params.active()));
        t.row("active w/o input embedding", Format.thousands(params.activeExcludingInputEmbedding()),
                Format.suffixed(params.activeExcludingInputEmbedding()));
        if (params.mtp() > 0) {
            t.row("MTP module (not in total)", Format.thousands(params.mtp()), Format.suffixed(params.mtp()));
        }
        t.print(out);
        out.println();
        Table f = new Table("forward FLOPs per token (S=" + flops.seqLen() + ", "
                + (flops.causal() ? "causal" : "full") + ")", "FLOPs", "share");
        f.row("  linear", Format.suffixed(flops.linear()), Format.percent(flops.linear() / flops.total()));
        f.row("  lm_head", Format.suffixed(flops.lmHead()), Format.percent(flops.lmHead() / flops.total()));
        f.row("  attention", Format.suffixed(flops.attention()), Format.percent(flops.attention() / flops.total()));
        f.row("forward per token", Format.suffixed(flops.total()), "");
        f.row("forward per sequence", Format.suffixed(flops.total() * flops.seqLen()), "");
        f.row("training per token (3x)", Format.suffixed(Flops.TRAINING_PASSES * flops.total()), "");
        f.print(out);
    }
}
