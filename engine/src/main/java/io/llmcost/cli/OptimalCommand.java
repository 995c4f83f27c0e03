package io.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.hardware.Dtype;
import io.llmcost.hardware.Gpu;
import io.llmcost.io.InputException;
import io.llmcost.plot.IsoFlopCurve;
import io.llmcost.plot.Plot;
import io.llmcost.plot.Plots;
import io.llmcost.plot.Points;
import io.llmcost.scaling.ComputeOptimalLaw;
import io.llmcost.sweep.Row;
import io.llmcost.scaling.DeepSeekLaw;
import io.llmcost.scaling.IsoFlop;
import io.llmcost.scaling.KaplanLaw;
import io.llmcost.scaling.TrainingBudget;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "optimal", mixinStandardHelpOptions = true,
        description = "Compute-optimal model size N and training tokens D for one training budget, by a scaling law.")
public final class OptimalCommand implements Callable<Integer> {

    /** Largest accepted budget: N and D stay far below 2^63 (D ~ 1e17 at 1e35 FLOPs under every law here). */
    static final double MAX_BUDGET_FLOPS = 1e35;
    /** --training_budget: the seed's flag; a dollar budget spent on this GPU at this price. */
    static final String DEFAULT_GPU = "h100-sxm";
    /** $2 per H800 GPU-hour is the rental price DeepSeek-V3's report assumes (formulas.md 5, text unverified). */
    static final double DEFAULT_USD_PER_GPU_HOUR = 2.0;

    @Option(names = "--flops", paramLabel = "C", description = "Training budget in FLOPs, e.g. 1e24 or 5.76e23.")
    Double flops;

    @Option(names = "--gpu-hours", paramLabel = "H", description = "Training budget in GPU-hours (needs --gpu).")
    Double gpuHours;

    @Option(names = "--usd", paramLabel = "X",
            description = "Training budget in US dollars (needs --gpu and --usd-per-gpu-hour).")
    Double usd;

    @Option(names = "--training_budget", paramLabel = "X", hidden = true,
            description = "Seed alias of --usd X on the default GPU at the default price (both printed).")
    Double trainingBudgetUsd;

    @Option(names = "--gpu", paramLabel = "NAME", description = "GPU whose dense BF16 peak converts hours to FLOPs.")
    String gpu;

    @Option(names = "--usd-per-gpu-hour", paramLabel = "P", description = "Price of one GPU-hour in US dollars.")
    Double usdPerGpuHour;

    @Option(names = "--mfu", paramLabel = "U", defaultValue = "0.4",
            description = "Model-FLOPs utilisation for --gpu-hours/--usd (default: ${DEFAULT-VALUE}).")
    double mfu;

    @Option(names = "--law", paramLabel = "LAW", defaultValue = "epoch",
            description = "epoch|hoffmann|tokens-per-param|kaplan|deepseek|joint-moe (default: ${DEFAULT-VALUE}).")
    String law;

    @Option(names = "--tokens-per-param", paramLabel = "R", defaultValue = "20",
            description = "D/N for --law tokens-per-param (default: ${DEFAULT-VALUE}).")
    double tokensPerParam;

    @Option(names = "--experts", paramLabel = "E", defaultValue = "8",
            description = "Experts (top-1, expert = FFN size) for --law joint-moe (default: ${DEFAULT-VALUE}).")
    double experts;

    @Option(names = "--plot", paramLabel = "FILE.png",
            description = "Also draw the IsoFLOP curves (loss against params for the 5 budgets) with each optimum "
                    + "marked into FILE (.png or .svg). The printed output is the same with or without it.")
    Path plotFile;

    @CommandLine.Mixin
    ShapeOptions shapeOptions;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** How the budget was given and turned into FLOPs. */
    record Budget(String source, double flops, String gpu, double peakFlopsPerSecond, double mfu, double gpuHours,
                  double usd, double usdPerGpuHour) {}

    @Override
    public Integer call() throws IOException {
        Options.requirePositive(spec, "--tokens-per-param", tokensPerParam);
        Options.requirePositive(spec, "--experts", experts);
        if (!(mfu > 0 && mfu <= 1)) {
            throw usage("--mfu=" + mfu + ": expected a fraction in (0, 1]");
        }
        ComputeOptimalLaw chosen;
        try {
            chosen = ComputeOptimalLaw.of(law, tokensPerParam, experts);
        } catch (IllegalArgumentException e) {
            throw usage("--law=" + law + ": expected one of " + String.join(", ", ComputeOptimalLaw.NAMES));
        }
        Budget budget = budget();
        IsoFlop iso = Double.isNaN(chosen.loss(1, 1)) ? null : IsoFlop.around(chosen, budget.flops());
        if (plotFile != null) {
            Options.requirePlotFile(spec, "--plot", plotFile);
            if (iso == null) {
                throw usage("--plot: the " + law + " law predicts no loss, so it has no IsoFLOP curves");
            }
        }
        List<Row> shapes = shapeOptions.requested()
                ? shapeOptions.search(spec, law, experts, budget.flops()) : List.of();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = toJson(chosen, budget, iso);
            if (shapeOptions.requested()) {
                ShapeOptions.putJson(root, shapes, shapeOptions.constraints());
            }
            Json.print(out, root);
        } else {
            print(out, chosen, budget, iso);
            if (shapeOptions.requested()) {
                ShapeOptions.print(out, shapes, shapeOptions.constraints());
            }
        }
        out.flush();
        if (plotFile != null) {
            isoFlopPlot(chosen, iso).write(plotFile);
            spec.commandLine().getErr().println("llmcost: wrote " + plotFile);
        }
        return Main.EXIT_OK;
    }

    private Budget budget() {
        int given = (flops != null ? 1 : 0) + (gpuHours != null ? 1 : 0) + (usd != null ? 1 : 0)
                + (trainingBudgetUsd != null ? 1 : 0);
        if (given != 1) {
            throw usage((given == 0 ? "no budget" : "more than one budget")
                    + ": give exactly one of --flops, --gpu-hours, --usd, --training_budget");
        }
        if (flops != null) {
            requireBudget("--flops", flops);
            return new Budget("flops", flops, null, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        if (trainingBudgetUsd != null) {
            if (gpu != null || usdPerGpuHour != null) {
                throw usage("--training_budget uses " + DEFAULT_GPU + " at $" + DEFAULT_USD_PER_GPU_HOUR
                        + "/GPU-hour; use --usd with --gpu and --usd-per-gpu-hour to choose");
            }
            return fromUsd("training_budget", trainingBudgetUsd, DEFAULT_GPU, DEFAULT_USD_PER_GPU_HOUR);
        }
        if (gpu == null) {
            throw usage((gpuHours != null ? "--gpu-hours" : "--usd") + " needs --gpu NAME");
        }
        if (gpuHours != null) {
            Options.requirePositive(spec, "--gpu-hours", gpuHours);
            double peak = peakFlopsPerSecond(gpu);
            return new Budget("gpu-hours", checkedFlops(TrainingBudget.flopsFromGpuHours(gpuHours, peak, mfu)), gpu,
                    peak, mfu, gpuHours, Double.NaN, Double.NaN);
        }
        if (usdPerGpuHour == null) {
            throw usage("--usd needs --usd-per-gpu-hour P");
        }
        Options.requirePositive(spec, "--usd-per-gpu-hour", usdPerGpuHour);
        return fromUsd("usd", usd, gpu, usdPerGpuHour);
    }

    private Budget fromUsd(String source, double dollars, String gpuName, double price) {
        Options.requirePositive(spec, "--" + source, dollars);
        double peak = peakFlopsPerSecond(gpuName);
        double hours = TrainingBudget.gpuHoursFromUsd(dollars, price);
        return new Budget(source, checkedFlops(TrainingBudget.flopsFromGpuHours(hours, peak, mfu)), gpuName, peak, mfu,
                hours, dollars, price);
    }

    /** Dense BF16 peak of {@code name}, from the GPU catalog. */
    private static double peakFlopsPerSecond(String name) {
        return Gpu.find(name).peakFlopsPerSecond(Dtype.BF16);
    }

    private void requireBudget(String option, double value) {
        Options.requirePositive(spec, option, value);
        if (value > MAX_BUDGET_FLOPS) {
            throw usage(option + "=" + value + ": expected at most " + MAX_BUDGET_FLOPS + " FLOPs");
        }
    }

    private double checkedFlops(double value) {
        requireBudget("budget in FLOPs", value);
        return value;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    static Plot isoFlopPlot(ComputeOptimalLaw law, IsoFlop iso) {
        List<IsoFlopCurve> curves = new ArrayList<>();
        for (int j = 0; j < iso.budgetsFlops().length; j++) {
            curves.add(new IsoFlopCurve(iso.budgetsFlops()[j], new Points(iso.params(), iso.losses()[j]),
                    iso.optimalParams()[j], iso.optimalLosses()[j]));
        }
        return Plots.isoFlop(law.name(), curves);
    }

    static ObjectNode toJson(ComputeOptimalLaw law, Budget budget, IsoFlop iso) {
        double c = budget.flops();
        long n = count(law.optimalParams(c), "params N");
        long d = count(law.optimalTokens(c), "tokens D");
        ObjectNode root = Json.object();
        root.put("law", law.name());
        root.put("budget_flops", c);
        root.put("params", n);
        root.put("tokens", d);
        root.put("tokens_per_param", (double) d / n);
        putNumberOrNull(root, "loss", law.loss(n, d));
        root.put("flops_used", ComputeOptimalLaw.trainingFlops(n, d));
        root.put("params_meaning", law.paramsMeaning());
        root.put("formula", law.formula());
        root.put("source", law.source());
        if (law instanceof DeepSeekLaw ds) {
            root.put("flops_per_token", ds.optimalFlopsPerToken(c));
        }
        if (law instanceof KaplanLaw) {
            ObjectNode f = root.putObject("kaplan_table6_frontier");
            f.put("params", count(KaplanLaw.paperFrontierParams(c), "Kaplan Table 6 N"));
            f.put("tokens", count(KaplanLaw.paperFrontierTokens(c), "Kaplan Table 6 D"));
        }
        ObjectNode b = root.putObject("budget");
        b.put("source", budget.source());
        if (budget.gpu() != null) {
            b.put("gpu", budget.gpu());
            b.put("peak_flops_per_second", budget.peakFlopsPerSecond());
            b.put("mfu", budget.mfu());
            b.put("gpu_hours", budget.gpuHours());
            putNumberOrNull(b, "usd", budget.usd());
            putNumberOrNull(b, "usd_per_gpu_hour", budget.usdPerGpuHour());
        }
        if (iso != null) {
            ObjectNode i = root.putObject("isoflop");
            array(i.putArray("budgets_flops"), iso.budgetsFlops());
            array(i.putArray("params"), iso.params());
            ArrayNode losses = i.putArray("losses");
            for (double[] row : iso.losses()) {
                array(losses.addArray(), row);
            }
            array(i.putArray("optimal_params"), iso.optimalParams());
            array(i.putArray("optimal_tokens"), iso.optimalTokens());
            array(i.putArray("optimal_losses"), iso.optimalLosses());
        }
        return root;
    }

    /**
     * A law's real-valued N or D rounded to a whole count, range-checked: Math.round saturates at 2^63 - 1 and the
     * report would go on with a wrong N (extreme --tokens-per-param or --experts reach it below the budget cap).
     */
    static long count(double value, String quantity) {
        if (!(value >= 0.5 && value < 0x1p63)) {
            throw new InputException(String.format(Locale.ROOT, "%s = %.3g: expected a count from 1 to 2^63 - 1; "
                    + "the budget and the law's options (--tokens-per-param, --experts) give no usable %s",
                    quantity, value, quantity));
        }
        return Math.round(value);
    }

    private static void putNumberOrNull(ObjectNode node, String field, double value) {
        if (Double.isNaN(value)) {
            node.putNull(field);
        } else {
            node.put(field, value);
        }
    }

    private static void array(ArrayNode node, double[] values) {
        for (double v : values) {
            node.add(v);
        }
    }

    private static void print(PrintWriter out, ComputeOptimalLaw law, Budget budget, IsoFlop iso) {
        double c = budget.flops();
        long n = count(law.optimalParams(c), "params N");
        long d = count(law.optimalTokens(c), "tokens D");
        double loss = law.loss(n, d);
        out.printf("Compute-optimal allocation, law %s%n%n", law.name());
        Table t = new Table("", "value", "");
        t.row("budget", sci(c) + " FLOPs", budgetNote(budget));
        t.row("params N", Format.suffixed(n), Format.thousands(n) + " (" + law.paramsMeaning() + ")");
        t.row("tokens D", Format.suffixed(d), Format.thousands(d));
        t.row("tokens per param D/N", String.format(Locale.ROOT, "%.1f", (double) d / n), "");
        t.row("predicted loss", Double.isNaN(loss) ? "n/a" : String.format(Locale.ROOT, "%.4f", loss),
                Double.isNaN(loss) ? "this law publishes no loss form used here" : "nats/token on the law's own data");
        t.row("compute used 6ND", sci(ComputeOptimalLaw.trainingFlops(n, d)) + " FLOPs",
                Format.percent(ComputeOptimalLaw.trainingFlops(n, d) / c) + " of budget");
        if (law instanceof DeepSeekLaw ds) {
            t.row("M (FLOPs/token)", sci(ds.optimalFlopsPerToken(c)), "non-embedding, attention included");
        }
        if (law instanceof KaplanLaw) {
            double fn = KaplanLaw.paperFrontierParams(c), fd = KaplanLaw.paperFrontierTokens(c);
            t.row("Kaplan Table 6 N", Format.suffixed(fn), "paper's frontier, C as C_min (critical batch)");
            t.row("Kaplan Table 6 D", Format.suffixed(fd),
                    "6ND = " + Format.percent(ComputeOptimalLaw.trainingFlops(fn, fd) / c) + " of budget");
        }
        t.print(out);
        out.println();
        out.println("Assumptions");
        out.println("  law:        " + law.formula());
        out.println("  source:     " + law.source());
        out.println("  compute:    C = 6 N D (2 FLOPs per multiply-add, backward = 2x forward)");
        if (budget.gpu() != null) {
            out.printf(Locale.ROOT, "  conversion: C = GPU-hours x 3600 x peak x MFU = %s x 3600 x %s x %.2f%n",
                    Format.suffixed(budget.gpuHours()), sci(budget.peakFlopsPerSecond()), budget.mfu());
        }
        if (!Double.isNaN(budget.usd())) {
            out.printf(Locale.ROOT, "  price:      GPU-hours = $%s / $%.2f per GPU-hour%s%n",
                    Format.suffixed(budget.usd()), budget.usdPerGpuHour(),
                    budget.source().equals("training_budget")
                            ? " (--training_budget: default GPU " + DEFAULT_GPU + ", default price)" : "");
        }
        out.println();
        if (iso == null) {
            out.println("IsoFLOP view: not available, the law has no loss form.");
        } else {
            printIsoFlop(out, iso);
        }
        out.flush();
    }

    private static String budgetNote(Budget b) {
        return switch (b.source()) {
            case "flops" -> "--flops";
            case "gpu-hours" -> Format.suffixed(b.gpuHours()) + " GPU-hours on " + b.gpu();
            default -> "$" + Format.suffixed(b.usd()) + " on " + b.gpu();
        };
    }

    private static void printIsoFlop(PrintWriter out, IsoFlop iso) {
        int budgets = iso.budgetsFlops().length;
        String[] header = new String[budgets + 1];
        header[0] = "IsoFLOP loss: params \\ C";
        for (int j = 0; j < budgets; j++) {
            header[j + 1] = sci(iso.budgetsFlops()[j]);
        }
        Table t = new Table(header);
        for (int i = 0; i < iso.params().length; i++) {
            String[] row = new String[budgets + 1];
            row[0] = Format.suffixed(iso.params()[i]);
            for (int j = 0; j < budgets; j++) {
                row[j + 1] = String.format(Locale.ROOT, "%.4f", iso.losses()[j][i])
                        + (iso.nearestGridIndex(j) == i ? "*" : " ");
            }
            t.row(row);
        }
        String[] optN = new String[budgets + 1], optL = new String[budgets + 1];
        optN[0] = "optimum N";
        optL[0] = "optimum loss";
        for (int j = 0; j < budgets; j++) {
            optN[j + 1] = Format.suffixed(iso.optimalParams()[j]) + " ";
            optL[j + 1] = String.format(Locale.ROOT, "%.4f ", iso.optimalLosses()[j]);
        }
        t.row(optN).row(optL);
        t.print(out);
        out.println("* grid size nearest each budget's optimum; D = C/(6N) on every row");
    }

    private static String sci(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
