package io.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.hardware.Gpu;
import io.llmcost.io.AtomicFile;
import io.llmcost.memory.Precision;
import io.llmcost.memory.TrainSetup;
import io.llmcost.model.ModelSpec;
import io.llmcost.perf.Cluster;
import io.llmcost.perf.LayoutPlanner;
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
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Every valid training layout on a fixed number of GPUs, costed by the step-time model: the "
                + "frontier of step time against memory per GPU, fastest first.")
public final class PlanCommand implements Callable<Integer> {

    @Mixin
    ModelOptions model;

    @Option(names = "--gpu", paramLabel = "NAME", defaultValue = "h100-sxm",
            description = "GPU from the catalog (default: ${DEFAULT-VALUE}).")
    String gpuName;

    @Option(names = "--gpus", paramLabel = "N", required = true, description = "GPU count.")
    long gpus;

    @Option(names = "--seq-len", paramLabel = "S", defaultValue = "4096",
            description = "Sequence length (default: ${DEFAULT-VALUE}).")
    long seqLen;

    @Option(names = "--global-batch", paramLabel = "B", required = true, description = "Sequences per step.")
    long globalBatch;

    @Option(names = "--precision", paramLabel = "bf16-mixed|fp16-mixed|fp8|fp32|bf16", defaultValue = "bf16-mixed",
            converter = EnumConverters.PrecisionConverter.class, description = "As train (default: ${DEFAULT-VALUE}).")
    Precision precision;

    @Option(names = "--flash-attention", description = "FlashAttention in every layout.")
    boolean flash;

    @Mixin
    ClusterOptions clusterOptions;

    @Option(names = "--max-tp", paramLabel = "N", description = "Largest tp tried (default: GPUs per node).")
    Integer maxTp;

    @Option(names = "--max-pp", paramLabel = "N", description = "Largest pp tried (default: the layers).")
    Integer maxPp;

    @Option(names = "--max-cp", paramLabel = "N", defaultValue = "8", description = "Largest cp (default: 8).")
    int maxCp;

    @Option(names = "--max-ep", paramLabel = "N", description = "Largest ep tried (default: the routed experts).")
    Integer maxEp;

    @Option(names = "--max-vp", paramLabel = "N", defaultValue = "8", description = "Largest vp (default: 8).")
    int maxVp;

    @Option(names = "--max-micro-batch", paramLabel = "N", defaultValue = "8",
            description = "Largest micro-batch (default: 8).")
    long maxMicroBatch;

    @Option(names = "--top", paramLabel = "N", defaultValue = "10",
            description = "Frontier layouts printed (default: ${DEFAULT-VALUE}; JSON and CSV hold all).")
    int top;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write the frontier to FILE as CSV.")
    Path csv;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Columns of the table and the CSV. */
    private static final String[] HEADER = {"rank", "tp", "pp", "cp", "ep", "vp", "micro_batch", "recompute",
            "zero", "sp", "step_seconds", "tokens_per_second_per_gpu", "mfu", "memory_per_gpu_bytes"};

    @Override
    public Integer call() {
        ModelSpec m = model.spec();
        Gpu gpu = Gpu.find(gpuName);
        Options.requirePositive(spec, "--gpus", gpus);
        Options.requirePositive(spec, "--seq-len", seqLen);
        Options.requirePositive(spec, "--global-batch", globalBatch);
        Options.requirePositive(spec, "--max-cp", maxCp);
        Options.requirePositive(spec, "--max-vp", maxVp);
        Options.requirePositive(spec, "--max-micro-batch", maxMicroBatch);
        Options.requirePositive(spec, "--top", top);
        gpu.peakFlopsPerSecond(precision.computeDtype);
        List<String> assumptions = new ArrayList<>();
        Cluster cluster = clusterOptions.cluster(spec, gpu, assumptions);
        LayoutPlanner.Bounds bounds = new LayoutPlanner.Bounds(bound("--max-tp", maxTp, cluster.gpusPerNode()),
                bound("--max-pp", maxPp, m.numLayers()), maxCp, bound("--max-ep", maxEp, LayoutPlanner.maxExperts(m)), maxVp,
                maxMicroBatch);
        assumptions.add("AdamW, gradients in the weights' dtype, no dropout; layouts searched: tp powers of two up to "
                + bounds.maxTp() + ", pp up to " + bounds.maxPp() + ", cp powers of two up to " + maxCp + ", ep up to "
                + bounds.maxEp() + ", vp powers of two up to " + maxVp + ", micro-batch powers of two up to "
                + maxMicroBatch + ", recompute none/selective/full, ZeRO 0-3, sp on/off");
        LayoutPlanner.Problem problem = new LayoutPlanner.Problem(m, gpus, seqLen, globalBatch, precision, flash,
                cluster);
        List<LayoutPlanner.Candidate> fitting = LayoutPlanner.fitting(problem, bounds);
        List<LayoutPlanner.Candidate> frontier = LayoutPlanner.frontier(fitting);
        if (csv != null) {
            writeCsv(frontier);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, toJson(problem, fitting.size(), frontier, assumptions));
        } else {
            print(out, problem, fitting.size(), frontier, assumptions);
        }
        return Main.EXIT_OK;
    }

    private int bound(String option, Integer given, int fallback) {
        if (given == null) {
            return fallback;
        }
        Options.requirePositive(spec, option, given);
        return given;
    }

    private static String[] cells(int rank, LayoutPlanner.Candidate c) {
        TrainSetup s = c.setup();
        TrainingStep step = c.step();
        return new String[]{Integer.toString(rank), Integer.toString(s.tp()), Integer.toString(s.pp()),
                Integer.toString(s.cp()), Integer.toString(s.ep()), Integer.toString(s.vp()),
                Long.toString(s.microBatch()), s.recompute().name(), Integer.toString(s.zero()),
                Boolean.toString(s.sp()), String.format(Locale.ROOT, "%.4g", step.stepSeconds()),
                String.format(Locale.ROOT, "%.1f", step.tokensPerSecondPerGpu()),
                String.format(Locale.ROOT, "%.4f", step.mfu()), String.format(Locale.ROOT, "%.0f", c.memoryBytes())};
    }

    /** Why {@code second} is slower than {@code first}: the step terms that grew most, largest first. */
    static String whySlower(LayoutPlanner.Candidate first, LayoutPlanner.Candidate second) {
        Map<String, Double> a = first.step().breakdown().seconds(), b = second.step().breakdown().seconds();
        List<String> terms = new ArrayList<>(a.keySet());
        terms.sort((x, y) -> Double.compare(b.get(y) - a.get(y), b.get(x) - a.get(x)));
        double gap = second.step().stepSeconds() - first.step().stepSeconds();
        StringBuilder why = new StringBuilder(String.format(Locale.ROOT, "runner-up is %.3g s (%.1f%%) slower per "
                + "step, using %s less memory per GPU:", gap, 100 * gap / first.step().stepSeconds(),
                Format.bytes(first.memoryBytes() - second.memoryBytes())));
        for (String t : terms.subList(0, 3)) {
            double d = b.get(t) - a.get(t);
            if (d != 0) {
                why.append(String.format(Locale.ROOT, " %s %+.3g s;", t, d));
            }
        }
        return why.substring(0, why.length() - 1);
    }

    private ObjectNode toJson(LayoutPlanner.Problem p, int fittingCount, List<LayoutPlanner.Candidate> frontier,
                              List<String> assumptions) {
        ObjectNode root = Json.object();
        root.put("model", model.label());
        root.put("gpu", p.cluster().gpu().name());
        root.put("gpus", p.gpus());
        root.put("seq_len", p.seqLen());
        root.put("global_batch", p.globalBatch());
        root.put("precision", p.precision().label);
        root.put("flash_attention", p.flash());
        root.put("layouts_fitting", fittingCount);
        ArrayNode layouts = root.putArray("layouts");
        for (LayoutPlanner.Candidate c : frontier) {
            TrainSetup s = c.setup();
            ObjectNode o = layouts.addObject();
            o.put("tp", s.tp());
            o.put("pp", s.pp());
            o.put("cp", s.cp());
            o.put("ep", s.ep());
            o.put("vp", s.vp());
            o.put("dp", s.dp());
            o.put("micro_batch", s.microBatch());
            o.put("recompute", s.recompute().name());
            o.put("zero", s.zero());
            o.put("sp", s.sp());
            ObjectNode t = o.putObject("time");
            t.put("step_seconds", c.step().stepSeconds());
            ObjectNode b = t.putObject("breakdown");
            c.step().breakdown().seconds().forEach(b::put);
            ObjectNode th = o.putObject("throughput");
            th.put("tokens_per_second_per_gpu", c.step().tokensPerSecondPerGpu());
            th.put("model_tflops_per_gpu", c.step().modelFlopsPerSecondPerGpu() / 1e12);
            th.put("mfu", c.step().mfu());
            ObjectNode mem = o.putObject("memory");
            mem.put("per_gpu_bytes", c.memoryBytes());
            mem.put("fits", c.fits(p.cluster().gpu().memoryBytes()));
        }
        if (frontier.size() > 1) {
            root.put("runner_up", whySlower(frontier.get(0), frontier.get(1)));
        } else {
            root.putNull("runner_up");
        }
        ArrayNode a = root.putArray("assumptions");
        assumptions.forEach(a::add);
        return root;
    }

    private void print(PrintWriter out, LayoutPlanner.Problem p, int fittingCount,
                       List<LayoutPlanner.Candidate> frontier, List<String> assumptions) {
        out.printf(Locale.ROOT, "%s on %d x %s, S=%d, global batch %d, %s%s: %,d layouts fit in %s; frontier of "
                        + "step time vs memory: %d layouts%n%n", model.label(), p.gpus(), p.cluster().gpu().name(),
                p.seqLen(), p.globalBatch(), p.precision().label, p.flash() ? ", flash" : "", fittingCount,
                Format.bytes(p.cluster().gpu().memoryBytes()), frontier.size());
        if (frontier.isEmpty()) {
            out.println("no layout fits: more GPUs, a smaller global batch or micro-batch, or another GPU are needed");
            out.flush();
            return;
        }
        Table t = new Table("#", "tp", "pp", "cp", "ep", "vp", "mb", "recompute", "zero", "sp", "step s",
                "tok/s/GPU", "MFU", "memory/GPU");
        for (int i = 0; i < Math.min(top, frontier.size()); i++) {
            String[] c = cells(i + 1, frontier.get(i));
            c[12] = Format.percent(frontier.get(i).step().mfu());
            c[13] = Format.bytes(frontier.get(i).memoryBytes());
            t.row(c);
        }
        t.print(out);
        out.println();
        int shown = Math.min(3, frontier.size());
        String[] header = new String[shown + 1];
        header[0] = "step breakdown (s)";
        for (int i = 0; i < shown; i++) {
            header[i + 1] = "#" + (i + 1);
        }
        Table b = new Table(header);
        for (String term : frontier.get(0).step().breakdown().seconds().keySet()) {
            String[] row = new String[shown + 1];
            row[0] = term;
            for (int i = 0; i < shown; i++) {
                row[i + 1] = String.format(Locale.ROOT, "%.4g", frontier.get(i).step().breakdown().seconds()
                        .get(term));
            }
            b.row(row);
        }
        b.print(out);
        if (frontier.size() > 1) {
            out.println(whySlower(frontier.get(0), frontier.get(1)));
        }
        out.println();
        out.println("assumptions:");
        assumptions.forEach(a -> out.println("  " + a));
        out.flush();
    }

    private void writeCsv(List<LayoutPlanner.Candidate> frontier) {
        try {
            AtomicFile.writeText(csv, w -> {
                try (CSVPrinter p = new CSVPrinter(w, CSVFormat.DEFAULT)) {
                    p.printRecord((Object[]) HEADER);
                    for (int i = 0; i < frontier.size(); i++) {
                        p.printRecord((Object[]) cells(i + 1, frontier.get(i)));
                    }
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--csv=" + csv + ": cannot write: "
                    + e.getMessage());
        }
    }
}
