package io.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.io.SweepFile;
import io.llmcost.memory.TrainSetup;
import io.llmcost.scaling.ChinchillaLaw;
import io.llmcost.sweep.LossLaw;
import io.llmcost.sweep.Row;
import io.llmcost.sweep.Shape;
import io.llmcost.sweep.ShapeSearch;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code optimal --shapes K}: concrete architectures for the budget, found by the sweep engine. */
final class ShapeOptions {

    @Option(names = "--shapes", paramLabel = "K",
            description = "Also list the K lowest-loss concrete LLaMA-style shapes for the budget, each trained on "
                    + "budget / (3 x its exact forward FLOPs per token) tokens (the sweep engine).")
    Integer shapes;

    @Option(names = "--seq-len", paramLabel = "S", defaultValue = "4096",
            description = "Training sequence length of the shapes (default: ${DEFAULT-VALUE}).")
    long seqLen;

    @Option(names = "--vocab", paramLabel = "V", defaultValue = "32000",
            description = "Vocabulary of the shapes (default: ${DEFAULT-VALUE}).")
    long vocab;

    @Option(names = "--aspect-ratio-min", paramLabel = "R", defaultValue = "32",
            description = "Smallest hidden / layers of the shapes (default: ${DEFAULT-VALUE}).")
    double aspectMin;

    @Option(names = "--aspect-ratio-max", paramLabel = "R", defaultValue = "256",
            description = "Largest hidden / layers (default: ${DEFAULT-VALUE}; Llama and DeepSeek sit near 100-130).")
    double aspectMax;

    @Option(names = "--max-memory-per-gpu", paramLabel = "SIZE",
            description = "Training memory limit per GPU, e.g. 80GiB, under bf16-mixed AdamW with --zero over --dp "
                    + "and --tp, --pp (no limit by default).")
    String maxMemory;

    @Option(names = "--dp", paramLabel = "N", defaultValue = "1", description = "Data-parallel size for the limit.")
    long dp;

    @Option(names = "--tp", paramLabel = "N", defaultValue = "1", description = "Tensor-parallel size for the limit.")
    int tp;

    @Option(names = "--pp", paramLabel = "N", defaultValue = "1", description = "Pipeline stages for the limit.")
    int pp;

    @Option(names = "--zero", paramLabel = "0-3", defaultValue = "0", description = "ZeRO stage for the limit.")
    int zero;

    boolean requested() {
        return shapes != null;
    }

    /** The sweep law for a planner law; only laws with a loss on total or active parameters can rank shapes. */
    private static LossLaw sweepLaw(CommandSpec spec, String planner) {
        return switch (planner) {
            case "epoch", "tokens-per-param" -> LossLaw.EPOCH;
            case "hoffmann" -> LossLaw.HOFFMANN;
            case "joint-moe" -> LossLaw.JOINT_MOE;
            default -> throw new CommandLine.ParameterException(spec.commandLine(), "--shapes: the " + planner
                    + " law cannot rank shapes; expected --law epoch, hoffmann, tokens-per-param or joint-moe");
        };
    }

    List<Row> search(CommandSpec spec, String planner, double experts, double budgetFlops) {
        Options.requirePositive(spec, "--shapes", shapes);
        Options.requirePositive(spec, "--seq-len", seqLen);
        Options.requirePositive(spec, "--vocab", vocab);
        Options.requirePositive(spec, "--aspect-ratio-min", aspectMin);
        if (!(aspectMax >= aspectMin)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--aspect-ratio-max=" + aspectMax + ": expected at least --aspect-ratio-min=" + aspectMin);
        }
        if (zero < 0 || zero > 3) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--zero=" + zero + ": expected 0 to 3");
        }
        Options.requirePositive(spec, "--dp", dp);
        Options.requirePositive(spec, "--tp", tp);
        Options.requirePositive(spec, "--pp", pp);
        double limit = Double.POSITIVE_INFINITY;
        if (maxMemory != null) {
            limit = SweepFile.parseBytes(maxMemory);
            if (Double.isNaN(limit)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--max-memory-per-gpu=" + maxMemory
                        + ": expected bytes such as 80GiB, 80GB or 8e10");
            }
        }
        LossLaw law = sweepLaw(spec, planner);
        long e = law == LossLaw.JOINT_MOE ? Math.round(experts) : 1;
        if (e != experts && law == LossLaw.JOINT_MOE) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--experts=" + experts + ": expected a whole number with --shapes");
        }
        io.llmcost.perf.Layout.Problem layout = io.llmcost.perf.Layout.sizesProblem(tp, pp, 1, 1, 1, dp);
        if (layout != null) {
            throw new CommandLine.ParameterException(spec.commandLine(), layout.asOption());
        }
        TrainSetup one = TrainSetup.singleGpu(seqLen);
        TrainSetup training = new TrainSetup(seqLen, 1, one.precision(), one.optimizer(), one.gradientBytes(), zero,
                dp, tp, pp, false, 1, one.recompute(), false, false);
        return new ShapeSearch(budgetFlops, law, e, seqLen, vocab, aspectMin, aspectMax, limit, training)
                .best(shapes);
    }

    String constraints() {
        return String.format(Locale.ROOT, "head_dim 128 (heads divide hidden), kv heads divide heads, hidden/layers "
                        + "in [%s, %s], seq_len %d, vocab %d, untied%s", ChinchillaLaw.number(aspectMin),
                ChinchillaLaw.number(aspectMax), seqLen, vocab, maxMemory == null ? ""
                        : ", training memory <= " + maxMemory + " per GPU (bf16-mixed AdamW, ZeRO-" + zero + ", dp "
                        + dp + ", tp " + tp + ", pp " + pp + ", micro-batch 1, no recompute)");
    }

    static void putJson(ObjectNode root, List<Row> rows, String constraints) {
        root.put("shape_constraints", constraints);
        ArrayNode shapes = root.putArray("shapes");
        for (Row r : rows) {
            Shape s = r.shape();
            ObjectNode o = shapes.addObject();
            Shape.INTEGER_COLUMNS.forEach((name, column) -> o.put(name, column.applyAsLong(s)));
            o.put("params_total", r.paramsTotal());
            o.put("params_active", r.paramsActive());
            // the exact whole number nearest the real token count: Math.round would saturate at 2^63 - 1
            o.put("tokens", new java.math.BigDecimal(Math.rint(r.tokens())).toBigInteger());
            o.put("tokens_per_param", r.tokens() / r.paramsTotal());
            o.put("flops_forward_per_token", r.flopsForwardPerToken());
            o.put("flops_training", r.flopsTraining());
            o.put("loss", r.loss());
            o.put("memory_training_bytes", r.memoryTrainingBytes());
            o.put("extrapolated", r.extrapolated());
        }
    }

    static void print(PrintWriter out, List<Row> rows, String constraints) {
        out.printf("%nConcrete shapes, lowest predicted loss first (tokens = budget / (3 x exact forward FLOPs "
                + "per token))%n");
        Table t = new Table("hidden", "layers", "heads", "kv", "ffn", "experts", "expert_ffn", "params", "active",
                "tokens", "D/N", "fwd FLOPs/tok", "train mem/GPU", "loss");
        for (Row r : rows) {
            Shape s = r.shape();
            t.row(Long.toString(s.hidden()), Long.toString(s.layers()), Long.toString(s.heads()),
                    Long.toString(s.kvHeads()), Long.toString(s.ffn()), Long.toString(s.experts()),
                    Long.toString(s.expertFfn()), Format.suffixed(r.paramsTotal()), Format.suffixed(r.paramsActive()),
                    Format.suffixed(r.tokens()), String.format(Locale.ROOT, "%.1f", r.tokens() / r.paramsTotal()),
                    Format.suffixed(r.flopsForwardPerToken()), Format.bytes(r.memoryTrainingBytes()),
                    String.format(Locale.ROOT, "%.4f", r.loss()));
        }
        t.print(out);
        out.println("constraints: " + constraints);
        out.flush();
    }
}
