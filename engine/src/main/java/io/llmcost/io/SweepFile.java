package io.llmcost.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.llmcost.memory.Optimizer;
import io.llmcost.memory.Precision;
import io.llmcost.perf.Layout;
import io.llmcost.memory.Recompute;
import io.llmcost.memory.TrainSetup;
import io.llmcost.sweep.AxisName;
import io.llmcost.sweep.LossLaw;
import io.llmcost.sweep.Objective;
import io.llmcost.sweep.SweepSpec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads and validates a sweep file (YAML). Every error is one {@link InputException} line naming the file and the
 * key, e.g. {@code sweeps/x.yaml: axes.layers.step: expected a number > 0, got 0}. The format is in docs-sweep.md.
 */
public final class SweepFile {
    private SweepFile() {}

    /** LLaMA rounds its SwiGLU width up to a multiple of 256 ({@code multiple_of}, Meta llama model.py). */
    public static final long DEFAULT_FFN_MULTIPLE_OF = 256;
    /** bf16 KV cache. */
    public static final double DEFAULT_KV_CACHE_BYTES_PER_ELEMENT = 2;
    /**
     * Largest parameter count a sweep's biggest shape may reach: half of 2^63, so that the kernel's exact sums of
     * counts (and memory terms built from them) stay inside a {@code long}.
     */
    public static final double MAX_SHAPE_PARAMS = 0x1p62;
    /** Values one axis may expand to: far above any useful axis, small enough that a typo fails fast. */
    public static final long MAX_AXIS_VALUES = 1 << 24;

    private static final Set<String> TOP_KEYS = Set.of("name", "family", "tied_embeddings", "ffn_multiple_of", "axes",
            "constraints", "training", "kv_cache_bytes_per_element", "law", "objectives", "unique_tokens",
            "inference_tokens");
    private static final Set<String> CONSTRAINT_KEYS = Set.of("aspect_ratio", "max_memory_per_gpu",
            "within_law_range");
    private static final Set<String> TRAINING_KEYS = Set.of("micro_batch", "precision", "optimizer",
            "gradient_bytes", "zero", "dp", "tp", "pp", "sp", "ep", "recompute", "flash_attention", "dropout");
    private static final String FAMILY = "llama";

    /** A positive byte size with an optional unit (80GiB, 80GB, 8e10, 512MiB), or NaN when it is not one. */
    public static double parseBytes(String text) {
        String s = text.trim();
        String[] units = {"KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB", "TB", "B", ""};
        double[] scale = {1L << 10, 1L << 20, 1L << 30, 1L << 40, 1e3, 1e6, 1e9, 1e12, 1, 1};
        for (int i = 0; i < units.length; i++) {
            if (s.endsWith(units[i])) {
                try {
                    double v = Double.parseDouble(s.substring(0, s.length() - units[i].length()).trim()) * scale[i];
                    return v > 0 && Double.isFinite(v) ? v : Double.NaN;
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    public static SweepSpec read(Path file) {
        String source = file.toString();
        byte[] bytes = InputFiles.read(file);
        String fileName = file.getFileName().toString();
        int dot = fileName.lastIndexOf('.');
        return parse(source, dot > 0 ? fileName.substring(0, dot) : fileName, bytes);
    }

    public static SweepSpec parse(String source, String defaultName, byte[] yaml) {
        JsonNode root;
        try {
            root = JsonTree.readYaml(yaml); // a repeated key or a second document is an error
        } catch (JsonProcessingException e) {
            throw InputFiles.parseError(source, "YAML", e);
        } catch (IOException e) {
            throw new InputException(source + ": cannot read: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InputException(source + ": expected a mapping of keys (name, axes, objectives, ...)");
        }
        return new Parser(source).spec(root, defaultName);
    }

    private record Parser(String source) {

        InputException bad(String key, String problem) {
            return new InputException(source + ": " + key + ": " + problem);
        }

        void onlyKeys(JsonNode node, String prefix, Set<String> allowed) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String k = names.next();
                if (!allowed.contains(k)) {
                    throw bad(prefix + k, "unknown key (expected one of " + String.join(", ",
                            allowed.stream().sorted().toList()) + ")");
                }
            }
        }

        SweepSpec spec(JsonNode root, String defaultName) {
            onlyKeys(root, "", TOP_KEYS);
            String name = text(root, "name", defaultName);
            // Not "." or "..": out/<name> would be out/ itself or its parent.
            if (!name.matches("[A-Za-z0-9._-]+") || name.matches("\\.+")) {
                throw bad("name", "expected letters, digits, '.', '_' or '-' (not only dots), got '" + name + "'");
            }
            String family = text(root, "family", FAMILY);
            if (!family.equals(FAMILY)) {
                throw bad("family", "only 'llama' (LLaMA-style decoder, dense or MoE) is supported, got '"
                        + family + "'");
            }
            boolean tied = bool(root, "tied_embeddings", "tied_embeddings", false);
            long multipleOf = (long) number(root.get("ffn_multiple_of"), "ffn_multiple_of", DEFAULT_FFN_MULTIPLE_OF,
                    1, true);
            List<SweepSpec.Axis> axes = axes(root.get("axes"));
            checkLargestShape(axes, multipleOf);

            double aspectMin = 0, aspectMax = Double.POSITIVE_INFINITY, maxMemory = Double.POSITIVE_INFINITY;
            boolean withinLawRange = false;
            JsonNode constraints = root.get("constraints");
            if (constraints != null) {
                requireMapping(constraints, "constraints");
                onlyKeys(constraints, "constraints.", CONSTRAINT_KEYS);
                JsonNode aspect = constraints.get("aspect_ratio");
                if (aspect != null) {
                    requireMapping(aspect, "constraints.aspect_ratio");
                    onlyKeys(aspect, "constraints.aspect_ratio.", Set.of("min", "max"));
                    aspectMin = number(aspect.get("min"), "constraints.aspect_ratio.min", 0, 0, false);
                    aspectMax = number(aspect.get("max"), "constraints.aspect_ratio.max", Double.POSITIVE_INFINITY,
                            0, false);
                    if (aspectMin > aspectMax) {
                        throw bad("constraints.aspect_ratio", "min " + aspectMin + " > max " + aspectMax);
                    }
                }
                JsonNode memory = constraints.get("max_memory_per_gpu");
                if (memory != null) {
                    maxMemory = bytes(memory, "constraints.max_memory_per_gpu");
                }
                withinLawRange = bool(constraints, "within_law_range", "constraints.within_law_range", false);
            }
            TrainSetup training = training(root.get("training"));
            double maxLayers = axes.stream().filter(a -> a.name() == AxisName.LAYERS)
                    .flatMapToDouble(a -> java.util.Arrays.stream(a.values())).max().orElse(0);
            // Layout's pp <= layers: a grid with no stack that deep is an input error; shallower stacks in a grid that
            // has one are dropped point by point (Kernel), like shapes whose heads tp cannot split
            if (training.pp() > maxLayers) {
                throw bad("training.pp", "expected at most the largest layers value (" + plain(maxLayers) + "), got "
                        + training.pp());
            }
            double kvBytes = number(root.get("kv_cache_bytes_per_element"), "kv_cache_bytes_per_element",
                    DEFAULT_KV_CACHE_BYTES_PER_ELEMENT, Double.MIN_VALUE, false);

            String lawKey = text(root, "law", LossLaw.AUTO);
            LossLaw law;
            if (lawKey.equals(LossLaw.AUTO)) {
                boolean moe = axes.stream().anyMatch(a -> a.name() == AxisName.EXPERTS
                        && java.util.Arrays.stream(a.values()).anyMatch(v -> v > 1));
                law = moe ? LossLaw.JOINT_MOE : LossLaw.EPOCH;
            } else {
                law = LossLaw.ofKey(lawKey);
                if (law == null) {
                    throw bad("law", "unknown law '" + lawKey
                            + "' (expected auto, epoch, hoffmann, joint-moe or data-constrained)");
                }
            }
            boolean dataConstrained = law == LossLaw.DATA_CONSTRAINED;
            JsonNode unique = root.get("unique_tokens");
            if (dataConstrained && unique == null) {
                throw bad("unique_tokens", "missing (the data-constrained law needs the unique tokens available)");
            }
            if (!dataConstrained && unique != null) {
                throw bad("unique_tokens", "has no effect with law " + law.key
                        + ": only law data-constrained repeats unique tokens");
            }
            double uniqueTokens = dataConstrained
                    ? number(unique, "unique_tokens", Double.NaN, Double.MIN_VALUE, false) : Double.NaN;
            List<Objective> objectives = objectives(root.get("objectives"));
            JsonNode inference = root.get("inference_tokens");
            if (objectives.contains(Objective.FLOPS_LIFETIME) && inference == null) {
                throw bad("inference_tokens", "missing (the flops_lifetime objective adds the FLOPs of serving "
                        + "this many tokens)");
            }
            double inferenceTokens = number(inference, "inference_tokens", 0, 0, false);
            return new SweepSpec(name, source, tied, axes, multipleOf, aspectMin, aspectMax, training, maxMemory,
                    kvBytes, law, objectives, root, uniqueTokens, inferenceTokens, withinLawRange);
        }

        List<SweepSpec.Axis> axes(JsonNode node) {
            if (node == null) {
                throw bad("axes", "missing (give at least hidden, layers and tokens or budget_flops)");
            }
            requireMapping(node, "axes");
            List<SweepSpec.Axis> axes = new ArrayList<>();
            Map<String, String> byGroup = new HashMap<>();
            long points = 1;
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                String key = "axes." + f.getKey();
                AxisName name = AxisName.ofKey(f.getKey());
                if (name == null) {
                    throw bad(key, "unknown axis (expected one of " + AxisName.keys() + ")");
                }
                String other = byGroup.putIfAbsent(name.group, f.getKey());
                if (other != null) {
                    throw bad(key, "conflicts with axes." + other + " (give one of them)");
                }
                double[] values = values(f.getValue(), key, name);
                try {
                    points = Math.multiplyExact(points, values.length);
                } catch (ArithmeticException e) {
                    throw bad(key, "the grid has more than " + Long.MAX_VALUE + " points (the index is a long)");
                }
                axes.add(new SweepSpec.Axis(name, values));
            }
            for (AxisName required : List.of(AxisName.HIDDEN, AxisName.LAYERS)) {
                if (!byGroup.containsKey(required.group)) {
                    throw bad("axes." + required.key, "missing");
                }
            }
            if (!byGroup.containsKey(AxisName.TOKENS.group)) {
                throw bad("axes.tokens", "missing (give tokens or budget_flops)");
            }
            boolean moe = axes.stream().anyMatch(a -> a.name() == AxisName.EXPERTS
                    && java.util.Arrays.stream(a.values()).anyMatch(v -> v > 1));
            if (moe && !byGroup.containsKey(AxisName.EXPERT_FFN.group)) {
                throw bad("axes.expert_ffn", "missing (required when experts has a value above 1)");
            }
            return axes;
        }

        /**
         * Range checks of what the kernel derives from the axes, so that its exact integer arithmetic cannot wrap
         * or throw in the middle of a sweep: ffn from ffn_mult (LLaMA's rounding, as {@code Kernel.resolveFfn})
         * must be an int, and an upper bound of the largest shape's parameter count (every axis at its maximum;
         * attention at most 4 h^2 since heads x head_dim = hidden; Params' per-block formulas) at most
         * {@link #MAX_SHAPE_PARAMS}.
         */
        void checkLargestShape(List<SweepSpec.Axis> axes, long multipleOf) {
            Map<AxisName, Double> max = new HashMap<>();
            for (SweepSpec.Axis a : axes) {
                max.put(a.name(), java.util.Arrays.stream(a.values()).max().orElseThrow());
            }
            double h = max.get(AxisName.HIDDEN);
            double ffn;
            if (max.containsKey(AxisName.FFN)) {
                ffn = max.get(AxisName.FFN);
            } else {
                double mult = max.getOrDefault(AxisName.FFN_MULT, io.llmcost.sweep.Grid.DEFAULT_FFN_MULT);
                ffn = multipleOf * Math.ceil(mult * h / multipleOf);
                if (ffn > AxisName.MAX_INTEGER_VALUE) {
                    throw bad("axes.ffn_mult value " + plain(mult), "gives ffn = " + plain(ffn) + " at hidden "
                            + plain(h) + "; expected ffn <= " + plain(AxisName.MAX_INTEGER_VALUE));
                }
            }
            double experts = max.getOrDefault(AxisName.EXPERTS, 1.0);
            double expertFfn = max.getOrDefault(AxisName.EXPERT_FFN, 0.0);
            double shared = max.getOrDefault(AxisName.SHARED_EXPERTS, 0.0);
            double vocab = max.getOrDefault(AxisName.VOCAB, io.llmcost.sweep.Grid.DEFAULT_VOCAB);
            double layer = 4 * h * h + 3 * h * ffn + 3 * h * expertFfn * (experts + shared) + h * experts + 2 * h;
            double params = max.get(AxisName.LAYERS) * layer + 2 * vocab * h + h;
            if (params > MAX_SHAPE_PARAMS) {
                throw bad("axes", String.format(Locale.ROOT, "the largest shape (hidden %s, layers %s, ffn %s, "
                        + "vocab %s, experts %s x expert_ffn %s) has up to %.3g parameters; expected at most 2^62 "
                        + "(%.3g): lower the largest values", plain(h), plain(max.get(AxisName.LAYERS)),
                        plain(ffn), plain(vocab), plain(experts), plain(expertFfn), params, MAX_SHAPE_PARAMS));
            }
        }

        double[] values(JsonNode node, String key, AxisName axis) {
            double[] values;
            if (node.isArray()) {
                if (node.isEmpty()) {
                    throw bad(key, "empty list");
                }
                values = new double[node.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = number(node.get(i), key + "[" + i + "]", Double.NaN, axis.min, axis.integer);
                }
            } else if (node.isObject()) {
                values = range(node, key, axis);
            } else {
                values = new double[] {number(node, key, Double.NaN, axis.min, axis.integer)};
            }
            for (int i = 0; i < values.length; i++) {
                String at = values.length > 1 ? key + " value " + values[i] : key;
                check(values[i], at, axis.min, axis.integer);
            }
            return values;
        }

        double[] range(JsonNode node, String key, AxisName axis) {
            onlyKeys(node, key + ".", Set.of("from", "to", "step", "factor"));
            double from = number(node.get("from"), key + ".from", Double.NaN, axis.min, axis.integer);
            double to = number(node.get("to"), key + ".to", Double.NaN, axis.min, axis.integer);
            JsonNode stepNode = node.get("step");
            JsonNode factorNode = node.get("factor");
            if ((stepNode == null) == (factorNode == null)) {
                throw bad(key, "a range needs exactly one of step or factor");
            }
            if (from > to) {
                throw bad(key, "empty range (from " + plain(from) + " > to " + plain(to) + ")");
            }
            if (stepNode != null) {
                double step = number(stepNode, key + ".step", Double.NaN, Double.NaN, false);
                if (!(step > 0)) {
                    throw bad(key + ".step", "expected a number > 0, got " + plain(step));
                }
                if (axis.integer && step != Math.rint(step)) {
                    throw bad(key + ".step", "expected an integer for an integer axis, got " + plain(step));
                }
                double count = Math.floor((to - from) / step + 1e-9) + 1;
                if (count > MAX_AXIS_VALUES) {
                    throw bad(key, "more than " + MAX_AXIS_VALUES + " values");
                }
                double[] values = new double[(int) count];
                for (int i = 0; i < values.length; i++) {
                    values[i] = from + i * step;
                }
                return values;
            }
            double factor = number(factorNode, key + ".factor", Double.NaN, Double.NaN, false);
            if (!(factor > 1)) {
                throw bad(key + ".factor", "expected a number > 1, got " + plain(factor));
            }
            List<Double> values = new ArrayList<>();
            for (double v = from; v <= to * (1 + 1e-12); v *= factor) {
                values.add(axis.integer ? Math.rint(v) : v);
                if (values.size() > MAX_AXIS_VALUES) {
                    throw bad(key, "more than " + MAX_AXIS_VALUES + " values");
                }
            }
            return values.stream().mapToDouble(Double::doubleValue).toArray();
        }

        void check(double v, String key, double min, boolean integer) {
            if (integer && v != Math.rint(v)) {
                throw bad(key, "expected an integer, got " + plain(v));
            }
            if (v < min) {
                throw bad(key, "expected a value >= " + plain(min) + ", got " + plain(v));
            }
            if (integer && v > AxisName.MAX_INTEGER_VALUE) {
                throw bad(key, "expected a value <= " + plain(AxisName.MAX_INTEGER_VALUE) + ", got " + plain(v));
            }
        }

        /** A number (YAML number or numeric string such as 1e22 or 15.6T); {@code fallback} when absent unless NaN. */
        double number(JsonNode node, String key, double fallback, double min, boolean integer) {
            if (node == null || node.isNull()) {
                if (Double.isNaN(fallback)) {
                    throw bad(key, "missing");
                }
                return fallback;
            }
            double v;
            if (node.isNumber()) {
                v = node.asDouble();
            } else if (node.isTextual()) {
                try {
                    v = NumberText.parse(node.asText()).doubleValue();
                } catch (NumberFormatException e) {
                    throw bad(key, "expected a number such as " + NumberText.EXAMPLES + ", got '" + node.asText()
                            + "'");
                }
            } else {
                throw bad(key, "expected a number, got " + node.getNodeType().toString().toLowerCase(Locale.ROOT));
            }
            if (!Double.isFinite(v)) {
                throw bad(key, "expected a finite number, got " + node.asText());
            }
            if (!Double.isNaN(min)) {
                check(v, key, min, integer);
            }
            return v;
        }

        /** Bytes as a number or with a unit: 80GiB, 80GB, 8e10. */
        double bytes(JsonNode node, String key) {
            if (node.isNumber()) {
                return number(node, key, Double.NaN, Double.MIN_VALUE, false);
            }
            String s = node.asText().trim();
            double v = parseBytes(s);
            if (Double.isNaN(v)) {
                throw bad(key, "expected bytes such as 80GiB, 80GB or 8e10, got '" + s + "'");
            }
            return v;
        }

        String text(JsonNode parent, String key, String fallback) {
            JsonNode node = parent.get(key);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isValueNode()) {
                throw bad(key, "expected a single value");
            }
            return node.asText().trim();
        }

        boolean bool(JsonNode parent, String field, String key, boolean fallback) {
            JsonNode node = parent.get(field);
            if (node == null || node.isNull()) {
                return fallback;
            }
            if (!node.isBoolean()) {
                throw bad(key, "expected true or false, got '" + node.asText() + "'");
            }
            return node.asBoolean();
        }

        void requireMapping(JsonNode node, String key) {
            if (!node.isObject()) {
                throw bad(key, "expected a mapping of keys");
            }
        }

        List<Objective> objectives(JsonNode node) {
            if (node == null) {
                throw bad("objectives", "missing (2 to 4 of " + Objective.columns() + ")");
            }
            if (!node.isArray() || node.size() < Objective.MIN_COUNT || node.size() > Objective.MAX_COUNT) {
                throw bad("objectives", "expected a list of " + Objective.MIN_COUNT + " to " + Objective.MAX_COUNT
                        + " of " + Objective.columns());
            }
            List<Objective> objectives = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                Objective o = Objective.ofColumn(node.get(i).asText());
                if (o == null) {
                    throw bad("objectives[" + i + "]", "unknown objective '" + node.get(i).asText()
                            + "' (expected one of " + Objective.columns() + ")");
                }
                if (objectives.contains(o)) {
                    throw bad("objectives[" + i + "]", "'" + o.column + "' is listed twice");
                }
                objectives.add(o);
            }
            return objectives;
        }

        /** Defaults follow {@code llmcost train}: 1 GPU, bf16-mixed AdamW, no ZeRO, no recompute. */
        TrainSetup training(JsonNode node) {
            JsonNode t = node == null ? JsonTree.object() : node;
            requireMapping(t, "training");
            onlyKeys(t, "training.", TRAINING_KEYS);
            Precision precision = label(t, "precision", "bf16-mixed", Precision::fromLabel);
            Optimizer optimizer = label(t, "optimizer", "adamw", Optimizer::fromLabel);
            Recompute recompute = label(t, "recompute", "none", Recompute::valueOf);
            double gradientBytes = number(t.get("gradient_bytes"), "training.gradient_bytes", precision.weightBytes,
                    precision.weightBytes, false);
            int zero = (int) number(t.get("zero"), "training.zero", 0, 0, true);
            if (zero > 3) {
                throw bad("training.zero", "expected a ZeRO stage 0 to 3, got " + zero);
            }
            long microBatch = (long) number(t.get("micro_batch"), "training.micro_batch", 1, 1, true);
            long dp = (long) number(t.get("dp"), "training.dp", 1, 1, true);
            int tp = (int) number(t.get("tp"), "training.tp", 1, 1, true);
            int pp = (int) number(t.get("pp"), "training.pp", 1, 1, true);
            int ep = (int) number(t.get("ep"), "training.ep", 1, 1, true);
            Layout.Problem layout = Layout.sizesProblem(tp, pp, 1, ep, 1, dp);
            if (layout != null) {
                throw bad("training." + layout.field(), layout.expected() + ", got " + layout.value());
            }
            if (dp % ep != 0) { // the sweep kernel splits experts over tp too, Megatron's classic rule
                throw bad("training.ep", "expert parallelism " + ep + " must divide dp " + dp);
            }
            return new TrainSetup(0, microBatch, precision, optimizer, gradientBytes, zero, dp, tp, pp,
                    bool(t, "sp", "training.sp", false), ep, recompute,
                    bool(t, "flash_attention", "training.flash_attention", false),
                    bool(t, "dropout", "training.dropout", false));
        }

        <T> T label(JsonNode parent, String field, String fallback, java.util.function.Function<String, T> parse) {
            String v = text(parent, field, fallback);
            try {
                return parse.apply(v);
            } catch (RuntimeException e) {
                throw bad("training." + field, "unknown value '" + v + "'");
            }
        }
    }

    /** 64 rather than 64.0 in messages. */
    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
