package io.llmcost.perf;

import io.llmcost.hardware.Gpu;
import io.llmcost.io.ConfigJson;
import io.llmcost.memory.Optimizer;
import io.llmcost.memory.Precision;
import io.llmcost.memory.Recompute;
import io.llmcost.memory.TrainSetup;
import io.llmcost.model.Families;
import io.llmcost.model.ModelSpec;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The calibration set: 35 published, measured training runs (resources calibration/runs.csv, each row citing its
 * publication in {@code source}; calibration/README.md), as the step model's inputs. {@code gpt:L,h,a,V} configs
 * are GPT-2-style models (n_inner = 4h, learned positions, tied embeddings), built here as a gpt2 config.json.
 */
final class CalibrationRuns {
    private CalibrationRuns() {}

    /** One run: what the step model needs and the measured tokens/s per GPU. */
    record Run(String id, String source, ModelSpec model, TrainSetup setup, long globalBatch, Cluster cluster,
               double measuredTokensPerSecondPerGpu) {

        /** Short name of the publication, for grouping and colours: the id's prefix (ptdp21, sp22, ...). */
        String group() {
            return id.substring(0, id.indexOf('-'));
        }

        double predicted(StepEfficiency k) {
            return TrainingStep.of(model, setup, globalBatch, cluster, k).tokensPerSecondPerGpu();
        }
    }

    static List<Run> load() {
        List<Run> runs = new ArrayList<>();
        try (InputStream in = resource("runs.csv");
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            for (CSVRecord r : CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).build()
                    .parse(reader)) {
                runs.add(run(r));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return runs;
    }

    private static Run run(CSVRecord r) throws IOException {
        long seq = Long.parseLong(r.get("seq"));
        ModelSpec m = model(r.get("config"), seq);
        int tp = Integer.parseInt(r.get("tp")), pp = Integer.parseInt(r.get("pp"));
        int cp = Integer.parseInt(r.get("cp")), ep = Integer.parseInt(r.get("ep"));
        int vp = Integer.parseInt(r.get("vp"));
        long gpus = Long.parseLong(r.get("gpus"));
        long dp = gpus / ((long) tp * pp * cp);
        Layout.Problem problem = Layout.gpusProblem(gpus, tp, pp, cp);
        if (problem == null) {
            problem = Layout.problem(m, seq, tp, pp, cp, ep, vp, dp);
        }
        if (problem != null) {
            throw new IllegalStateException(r.get("id") + ": " + problem.asOption());
        }
        Precision precision = switch (r.get("precision")) {
            case "fp16" -> Precision.FP16_MIXED;
            case "bf16" -> Precision.BF16_MIXED;
            case "fp8" -> Precision.FP8;
            default -> throw new IllegalStateException(r.get("id") + ": precision " + r.get("precision"));
        };
        TrainSetup setup = new TrainSetup(seq, Long.parseLong(r.get("micro_batch")), precision, Optimizer.ADAMW,
                precision.weightBytes, Integer.parseInt(r.get("zero")), dp, tp, pp, "sp".equals(r.get("sp")), ep,
                Recompute.valueOf(r.get("recompute")), "flash".equals(r.get("flash")), false, cp, vp);
        Gpu gpu = Gpu.find(r.get("gpu"));
        return new Run(r.get("id"), r.get("source"), m, setup, Long.parseLong(r.get("global_batch")),
                Cluster.of(gpu, 8), Double.parseDouble(r.get("measured_tokens_per_s_per_gpu")));
    }

    private static ModelSpec model(String config, long seq) throws IOException {
        if (config.startsWith("gpt:")) {
            long[] v = Arrays.stream(config.substring(4).split(",")).mapToLong(Long::parseLong).toArray();
            String json = String.format(Locale.ROOT, "{\"model_type\": \"gpt2\", \"n_layer\": %d, \"n_embd\": %d, "
                    + "\"n_head\": %d, \"vocab_size\": %d, \"n_positions\": %d}", v[0], v[1], v[2], v[3], seq);
            return Families.build(ConfigJson.read(config, new ByteArrayInputStream(json.getBytes(
                    StandardCharsets.UTF_8))));
        }
        try (InputStream in = resource(config)) {
            return Families.build(ConfigJson.read(config, in));
        }
    }

    private static InputStream resource(String name) {
        InputStream in = CalibrationRuns.class.getResourceAsStream("/calibration/" + name);
        if (in == null) {
            throw new IllegalStateException("missing test resource calibration/" + name);
        }
        return in;
    }

    /** Median of |predicted / measured - 1| and the share of runs within 25%. */
    record Fit(double medianError, double shareWithin25) {}

    static Fit fit(List<Run> runs, StepEfficiency k) {
        double[] errors = runs.stream().mapToDouble(r -> Math.abs(r.predicted(k) / r.measuredTokensPerSecondPerGpu()
                - 1)).sorted().toArray();
        int n = errors.length;
        double median = n % 2 == 1 ? errors[n / 2] : (errors[n / 2 - 1] + errors[n / 2]) / 2;
        long within = Arrays.stream(errors).filter(e -> e <= 0.25).count();
        return new Fit(median, (double) within / n);
    }
}
