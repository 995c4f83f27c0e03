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
import io.llmcost.scaling.ChinchillaLaw;
import io.llmcost.scaling.ComputeOptimalLaw;
import io.llmcost.scaling.DataConstrainedLaw;
import io.llmcost.scaling.InferenceAware;
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
    /** --mfu when not given: a typical large-scale training utilisation (formulas.md 5). */
    static final double DEFAULT_MFU = 0.4;
    /** --tokens-per-param when not given: Chinchilla's 70B on 1.4T tokens. */
    static final double DEFAULT_TOKENS_PER_PARAM = 20;
    /** --experts when not given. */
    static final double DEFAULT_EXPERTS = 8;

    @Option(names = "--flops", paramLabel = "C", description = "Training budget in FLOPs, e.g. 1e24 or 5.76e23.")
    Double flops;

    @Option(names = "--loss", paramLabel = "L",
            description = "Target loss instead of a budget: the budget whose compute-optimal model reaches L (laws of "
                    + "the form E + A/N^a + B/D^b: epoch, hoffmann, sardana, joint-moe).")
    Double targetLoss;

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

    @Option(names = "--mfu", paramLabel = "U",
            description = "Model-FLOPs utilisation for --gpu-hours/--usd and for pricing --inference-tokens "
                    + "(default: 0.4).")
    Double mfu;

    @Option(names = "--law", paramLabel = "LAW", defaultValue = "epoch",
            description = "epoch|hoffmann|sardana|tokens-per-param|kaplan|deepseek|joint-moe|data-constrained "
                    + "(default: ${DEFAULT-VALUE}).")
    String law;

    @Option(names = "--tokens-per-param", paramLabel = "R",
            description = "D/N for --law tokens-per-param (default: 20).")
    Double tokensPerParam;

    @Option(names = "--experts", paramLabel = "E",
            description = "Experts (top-1, expert = FFN size) for --law joint-moe (default: 8).")
    Double experts;

    @Option(names = "--unique-tokens", paramLabel = "U",
            description = "Unique training tokens available, for --law data-constrained (required there): tokens "
                    + "beyond U are repeats, worth less each epoch (Muennighoff et al. 2023).")
    Double uniqueTokens;

    @Option(names = "--inference-tokens", paramLabel = "T",
            description = "Tokens the model will serve over its life: also print the model of the same predicted "
                    + "loss that minimises training + inference FLOPs 6ND + 2NT (Sardana et al. 2024). Needs a law "
                    + "of the form E + A/N^a + B/D^b (epoch, hoffmann, sardana, joint-moe).")
    Double inferenceTokens;

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
        if (!ComputeOptimalLaw.NAMES.contains(law)) {
            throw usage("--law=" + law + ": expected one of " + String.join(", ", ComputeOptimalLaw.NAMES));
        }
        requireUsed();
        double ratio = tokensPerParam == null ? DEFAULT_TOKENS_PER_PARAM : tokensPerParam;
        double e = experts == null ? DEFAULT_EXPERTS : experts;
        Options.requirePositive(spec, "--tokens-per-param", ratio);
        Options.requirePositive(spec, "--experts", e);
        if (uniqueTokens != null) {
            Options.requirePositive(spec, "--unique-tokens", uniqueTokens);
        }
        if (inferenceTokens != null && !(inferenceTokens >= 0 && inferenceTokens < Double.POSITIVE_INFINITY)) {
            throw usage("--inference-tokens=" + inferenceTokens + ": expected a finite number >= 0");
        }
        if (mfu != null && !(mfu > 0 && mfu <= 1)) {
            throw usage("--mfu=" + mfu + ": expected a fraction in (0, 1]");
        }
        ComputeOptimalLaw chosen = ComputeOptimalLaw.of(law, ratio, e, uniqueTokens == null ? Double.NaN
                : uniqueTokens);
        Budget budget = budget();
        Lifetime lifetime = inferenceTokens == null ? null : lifetime((ChinchillaLaw) chosen, budget);
        IsoFlop iso = Double.isNaN(chosen.loss(1, 1)) ? null : IsoFlop.around(chosen, budget.flops());
        if (plotFile != null) {
            Options.requirePlotFile(spec, "--plot", plotFile);
            if (iso == null) {
                throw usage("--plot: the " + law + " law predicts no loss, so it has no IsoFLOP curves");
            }
        }
        List<Row> shapes = shapeOptions.requested()
                ? shapeOptions.search(spec, law, e, budget.flops()) : List.of();
        // Range-check the answer before any line is printed: a failing count is the only line the user sees.
        count(chosen.optimalParams(budget.flops()), "params N");
        count(chosen.optimalTokens(budget.flops()), "tokens D");
        warnIfExtrapolated(chosen, budget.flops(), lifetime);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = toJson(chosen, budget, iso);
            if (lifetime != null) {
                putJson(root.putObject("inference_aware"), chosen, lifetime);
            }
            if (shapeOptions.requested()) {
                ShapeOptions.putJson(root, shapes, shapeOptions.constraints());
            }
            Json.print(out, root);
        } else {
            print(out, chosen, budget, iso, lifetime);
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

    /** Laws of the form E + A/N^alpha + B/D^beta, the form the inference-aware optimum is solved in. */
    static final List<String> CHINCHILLA_FORM = List.of("epoch", "hoffmann", "sardana", "joint-moe");

    /**
     * An option that would change nothing is a usage error (exit 2), never silently ignored: the option, what it
     * is for and what is missing, on one line.
     */
    private void requireUsed() {
        requireLaw("--tokens-per-param", tokensPerParam, "tokens-per-param");
        requireLaw("--experts", experts, "joint-moe");
        requireLaw("--unique-tokens", uniqueTokens, "data-constrained");
        if (uniqueTokens == null && law.equals("data-constrained")) {
            throw usage("--law data-constrained needs --unique-tokens U (the unique tokens available)");
        }
        if (inferenceTokens != null && !CHINCHILLA_FORM.contains(law)) {
            throw usage("--inference-tokens needs a law of the form E + A/N^a + B/D^b ("
                    + String.join(", ", CHINCHILLA_FORM) + "), not --law " + law);
        }
        boolean pricesServing = inferenceTokens != null && gpu != null && usdPerGpuHour != null;
        if ((flops != null || targetLoss != null) && !pricesServing) {
            for (String option : new String[] {gpu != null ? "--gpu" : null,
                    usdPerGpuHour != null ? "--usd-per-gpu-hour" : null, mfu != null ? "--mfu" : null}) {
                if (option != null) {
                    throw usage(option + " has no effect with " + (flops != null ? "--flops" : "--loss")
                            + " (the budget is then FLOPs): it converts "
                            + "--gpu-hours or --usd, or prices --inference-tokens together with --gpu and "
                            + "--usd-per-gpu-hour");
                }
            }
        }
        if (gpuHours != null && usdPerGpuHour != null && inferenceTokens == null) {
            throw usage("--usd-per-gpu-hour has no effect with --gpu-hours unless --inference-tokens is given "
                    + "(it prices the lifetime FLOPs)");
        }
    }

    private void requireLaw(String option, Double value, String owner) {
        if (value != null && !law.equals(owner)) {
            throw usage(option + " has no effect with --law " + law + ": it is used only by --law " + owner);
        }
    }

    private double mfu() {
        return mfu == null ? DEFAULT_MFU : mfu;
    }

    /**
     * The Chinchilla-form law's compute-optimal model at the budget, and the model of the same predicted loss that
     * minimises training + inference FLOPs for --inference-tokens; priced when a GPU and a price are known.
     */
    private Lifetime lifetime(ChinchillaLaw chosen, Budget budget) {
        double c = budget.flops();
        double n = chosen.optimalParams(c), d = chosen.optimalTokens(c);
        double loss = chosen.loss(n, d);
        var compute = new InferenceAware.Allocation(n, d, inferenceTokens);
        var lifetime = InferenceAware.optimum(chosen, loss, inferenceTokens);
        double usdPerFlop = Double.NaN;
        if (budget.gpu() != null && !Double.isNaN(budget.usdPerGpuHour())) {
            usdPerFlop = budget.usdPerGpuHour() / TrainingBudget.flopsFromGpuHours(1, budget.peakFlopsPerSecond(),
                    budget.mfu());
        } else if (gpu != null && usdPerGpuHour != null) {
            Options.requirePositive(spec, "--usd-per-gpu-hour", usdPerGpuHour);
            usdPerFlop = usdPerGpuHour / TrainingBudget.flopsFromGpuHours(1, peakFlopsPerSecond(gpu), mfu());
        }
        return new Lifetime(inferenceTokens, loss, compute, lifetime, usdPerFlop);
    }

    /**
     * The inference-aware comparison: both models reach {@code loss}; {@code usdPerFlop} is NaN when unpriced.
     * Serving is priced at the training GPU, price and MFU: the paper's cost variant (§6, separate MFU for
     * generation) is not modelled, so dollars scale the FLOPs and the optimum is the same.
     */
    record Lifetime(double inferenceTokens, double loss, InferenceAware.Allocation computeOptimal,
                    InferenceAware.Allocation lifetimeOptimal, double usdPerFlop) {}

    /** One stderr line per answer that lies outside its law's fitted range. */
    private void warnIfExtrapolated(ComputeOptimalLaw chosen, double c, Lifetime lifetime) {
        PrintWriter err = spec.commandLine().getErr();
        String reason = chosen.extrapolation(chosen.optimalParams(c), chosen.optimalTokens(c), c);
        if (reason != null) {
            err.println("llmcost: warning: the " + chosen.name() + " law extrapolates at this budget: " + reason);
        }
        if (lifetime != null) {
            var l = lifetime.lifetimeOptimal();
            String r = chosen.extrapolation(l.params(), l.tokens(), l.flopsTraining());
            if (r != null) {
                err.println("llmcost: warning: the " + chosen.name() + " law extrapolates at the inference-aware "
                        + "optimum: " + r);
            }
        }
        err.flush();
    }

    private Budget budget() {
        int given = (flops != null ? 1 : 0) + (targetLoss != null ? 1 : 0) + (gpuHours != null ? 1 : 0)
                + (usd != null ? 1 : 0)
                + (trainingBudgetUsd != null ? 1 : 0);
        if (given != 1) {
            throw usage((given == 0 ? "no budget" : "more than one budget")
                    + ": give exactly one of --flops, --loss, --gpu-hours, --usd, --training_budget");
        }
        if (targetLoss != null) {
            return fromLoss(targetLoss);
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
            double price = usdPerGpuHour == null ? Double.NaN : usdPerGpuHour;
            if (usdPerGpuHour != null) {
                Options.requirePositive(spec, "--usd-per-gpu-hour", usdPerGpuHour);
            }
            return new Budget("gpu-hours", checkedFlops(TrainingBudget.flopsFromGpuHours(gpuHours, peak, mfu())),
                    gpu, peak, mfu(), gpuHours, Double.NaN, price);
        }
        if (usdPerGpuHour == null) {
            throw usage("--usd needs --usd-per-gpu-hour P");
        }
        Options.requirePositive(spec, "--usd-per-gpu-hour", usdPerGpuHour);
        return fromUsd("usd", usd, gpu, usdPerGpuHour);
    }

    /**
     * The budget whose compute-optimal model reaches the loss: the Chinchilla-form minimum of 6ND on the iso-loss
     * curve ({@link InferenceAware#optimum} without inference), C = 6 N D.
     */
    private Budget fromLoss(double loss) {
        if (!CHINCHILLA_FORM.contains(law)) {
            throw usage("--loss needs a law of the form E + A/N^a + B/D^b (" + String.join(", ", CHINCHILLA_FORM)
                    + "), not --law " + law);
        }
        ChinchillaLaw chosen = (ChinchillaLaw) ComputeOptimalLaw.of(law, DEFAULT_TOKENS_PER_PARAM,
                experts == null ? DEFAULT_EXPERTS : experts, Double.NaN);
        if (!(loss > chosen.e()) || Double.isInfinite(loss)) {
            throw usage("--loss=" + loss + ": expected a finite loss above the " + law + " law's irreducible "
                    + ChinchillaLaw.number(chosen.e()) + " nats/token");
        }
        InferenceAware.Allocation a = InferenceAware.optimum(chosen, loss, 0);
        return new Budget("loss", checkedFlops(a.flopsTraining()), null, Double.NaN, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
    }

    private Budget fromUsd(String source, double dollars, String gpuName, double price) {
        Options.requirePositive(spec, "--" + source, dollars);
        double peak = peakFlopsPerSecond(gpuName);
        double hours = TrainingBudget.gpuHoursFromUsd(dollars, price);
        return new Budget(source, checkedFlops(TrainingBudget.flopsFromGpuHours(hours, peak, mfu())), gpuName, peak,
                mfu(), hours, dollars, price);
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
        String extrapolation = law.extrapolation(n, d, c);
        root.put("extrapolated", extrapolation != null);
        root.put("extrapolated_reason", extrapolation);
        root.put("fitted_range", law.fitRange().source());
        if (law instanceof DataConstrainedLaw dc) {
            root.put("unique_tokens", dc.uniqueTokens());
            root.put("epochs", d / dc.uniqueTokens());
        }
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
                    + "the budget and the law's options (--tokens-per-param, --experts, --inference-tokens) give no "
                    + "usable %s",
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

    /** The inference-aware comparison as JSON: both models, their FLOPs and, when priced, dollars. */
    static void putJson(ObjectNode node, ComputeOptimalLaw law, Lifetime lifetime) {
        node.put("source", "Sardana et al. 2024, arXiv:2401.00448, section 2: minimise 6ND + 2NT at equal loss");
        node.put("inference_tokens", lifetime.inferenceTokens());
        node.put("loss", lifetime.loss());
        putAllocation(node.putObject("compute_optimal"), law, lifetime.computeOptimal(), lifetime.usdPerFlop());
        putAllocation(node.putObject("lifetime_optimal"), law, lifetime.lifetimeOptimal(), lifetime.usdPerFlop());
        var c = lifetime.computeOptimal();
        var l = lifetime.lifetimeOptimal();
        node.put("params_ratio", l.params() / c.params());
        node.put("tokens_ratio", l.tokens() / c.tokens());
        node.put("flops_saved", c.flopsTotal() - l.flopsTotal());
        node.put("flops_saved_fraction", 1 - l.flopsTotal() / c.flopsTotal());
    }

    private static void putAllocation(ObjectNode node, ComputeOptimalLaw law, InferenceAware.Allocation a,
                                      double usdPerFlop) {
        node.put("params", count(a.params(), "inference-aware params N"));
        node.put("tokens", count(a.tokens(), "inference-aware tokens D"));
        node.put("tokens_per_param", a.tokens() / a.params());
        node.put("flops_training", a.flopsTraining());
        node.put("flops_inference", a.flopsInference());
        node.put("flops_total", a.flopsTotal());
        putNumberOrNull(node, "usd_total", a.flopsTotal() * usdPerFlop);
        String extrapolation = law.extrapolation(a.params(), a.tokens(), a.flopsTraining());
        node.put("extrapolated", extrapolation != null);
        node.put("extrapolated_reason", extrapolation);
    }

    private static void printLifetime(PrintWriter out, Lifetime lifetime) {
        var c = lifetime.computeOptimal();
        var l = lifetime.lifetimeOptimal();
        out.printf(Locale.ROOT, "Serving %s tokens: the model of the same predicted loss (%.4f) with the fewest "
                + "training + inference FLOPs (Sardana et al. 2024)%n%n", sci(lifetime.inferenceTokens()),
                lifetime.loss());
        Table t = new Table("", "compute-optimal", "inference-aware", "");
        t.row("params N", Format.suffixed(c.params()), Format.suffixed(l.params()),
                Format.percent(1 - l.params() / c.params()) + " smaller");
        t.row("tokens D", Format.suffixed(c.tokens()), Format.suffixed(l.tokens()),
                String.format(Locale.ROOT, "%.2fx the data", l.tokens() / c.tokens()));
        t.row("tokens per param D/N", String.format(Locale.ROOT, "%.1f", c.tokens() / c.params()),
                String.format(Locale.ROOT, "%.1f", l.tokens() / l.params()), "");
        t.row("training FLOPs 6ND", sci(c.flopsTraining()), sci(l.flopsTraining()), "");
        t.row("inference FLOPs 2NT", sci(c.flopsInference()), sci(l.flopsInference()), "");
        t.row("total FLOPs", sci(c.flopsTotal()), sci(l.flopsTotal()),
                Format.percent(1 - l.flopsTotal() / c.flopsTotal()) + " less");
        if (!Double.isNaN(lifetime.usdPerFlop())) {
            t.row("total cost", "$" + Format.suffixed(c.flopsTotal() * lifetime.usdPerFlop()),
                    "$" + Format.suffixed(l.flopsTotal() * lifetime.usdPerFlop()),
                    "serving priced like training (GPU, MFU, $/GPU-hour)");
        }
        t.print(out);
        out.println();
    }

    private static void print(PrintWriter out, ComputeOptimalLaw law, Budget budget, IsoFlop iso, Lifetime lifetime) {
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
        if (law instanceof DataConstrainedLaw dc) {
            t.row("epochs D/U", String.format(Locale.ROOT, "%.2f", d / dc.uniqueTokens()),
                    Format.suffixed(dc.uniqueTokens()) + " unique tokens");
        }
        String extrapolation = law.extrapolation(n, d, c);
        t.row("law's fitted range", extrapolation == null ? "inside" : "EXTRAPOLATED",
                extrapolation == null ? "" : "the law was not fitted here (see Assumptions)");
        t.print(out);
        out.println();
        if (lifetime != null) {
            printLifetime(out, lifetime);
        }
        out.println("Assumptions");
        out.println("  law:        " + law.formula());
        out.println("  source:     " + law.source());
        out.println("  fitted on:  " + law.fitRange().source());
        if (extrapolation != null) {
            out.println("  outside:    " + extrapolation.substring(0, extrapolation.indexOf(" (fitted range")));
        }
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
            case "loss" -> "compute-optimal budget for --loss";
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
