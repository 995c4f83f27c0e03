package io.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmcost.memory.Configs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainServeCommandTest {



    private static JsonNode json(String... args) throws IOException {
        Cli.Run r = Cli.run(args);
        assertEquals(0, r.exit(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void trainJsonHasTheContractFields() throws IOException {
        JsonNode j = json("train", "--model", "llama-3-8b", "--tokens", "15T", "--gpus", "64", "--tp", "2",
                "--zero", "1", "--mfu", "0.4", "--json");
        for (String path : new String[] {"/flops/model_per_token", "/flops/hardware_per_token", "/flops/model_total",
                "/flops/rule_6nd_total", "/memory/per_gpu_bytes", "/memory/breakdown/weights",
                "/memory/breakdown/gradients", "/memory/breakdown/optimizer", "/memory/breakdown/activations",
                "/time/gpu_hours", "/cost/usd"}) {
            assertTrue(j.at(path).isNumber(), path);
        }
        long total = j.at("/parameters/total").asLong();
        assertEquals(15_000_000_000_000L, j.at("/setup/tokens").asLong());
        assertEquals(6.0 * total * 15e12, j.at("/flops/rule_6nd_total").asDouble(), 1e-3);
        assertEquals(32, j.at("/setup/dp").asLong());
        // ZeRO-1 over dp 32 with tp 2: weights 2 B and gradients 2 B per parameter on the rank, the 12 B of
        // optimizer state divided by 32.
        double weights = j.at("/memory/breakdown/weights").asDouble();
        assertEquals(weights, j.at("/memory/breakdown/gradients").asDouble(), 1e-6);
        assertEquals(weights * 6 / 32, j.at("/memory/breakdown/optimizer").asDouble(), 1e-3);
        assertEquals(j.at("/time/gpu_hours").asDouble() * 2.0, j.at("/cost/usd").asDouble(), 1e-6);
        // --mfu overrides the step model: GPU-hours = model FLOPs / (0.4 * 989.4e12 FLOP/s) / 3600 s
        double hours = j.at("/time/gpu_hours").asDouble();
        assertEquals(j.at("/flops/model_total").asDouble() / (0.4 * 989.4e12) / 3600, hours, 1e-9 * hours);
        assertEquals(hours / 64 / 24, j.at("/time/days").asDouble(), 1e-9 * hours);
    }

    /**
     * One sign for "rule vs exact": rule / exact - 1 in the JSON and in the table. Llama-3-8B at S = 4096: the exact
     * count adds attention FLOPs to 6 N D, so 6 N D is below the exact count and both show a negative figure.
     */
    @Test
    void ruleVersusExactHasOneSign() throws IOException {
        JsonNode j = json("train", "--model", "llama-3-8b", "--tokens", "15T", "--json");
        double rule = j.at("/flops/rule_6nd_total").asDouble(), exact = j.at("/flops/model_total").asDouble();
        assertTrue(rule < exact);
        assertEquals(rule / exact - 1, j.at("/flops/rule_6nd_vs_exact").asDouble(), 1e-15);
        String table = Cli.run("train", "--model", "llama-3-8b", "--tokens", "15T").out();
        String percent = String.format(java.util.Locale.ROOT, "%.2f%%", 100 * (rule / exact - 1));
        assertTrue(percent.startsWith("-") && table.lines().anyMatch(l -> l.startsWith("rule 6 N D")
                && l.endsWith(percent)), percent + " in\n" + table);
    }

    @Test
    void tokenCountsAcceptSuffixesAndExponents() {
        TokenCount c = new TokenCount();
        assertEquals(15_600_000_000_000L, c.convert("15.6T"));
        assertEquals(1_400_000_000_000L, c.convert("1.4e12"));
        assertEquals(2_000_000_000L, c.convert("2B"));
    }

    @Test
    void aModelThatDoesNotFitGetsAChangeThatFits() throws IOException {
        // Llama-2-70B, bf16-mixed AdamW, no sharding, 64 H100s: 16 B/param * 69B = 1.1 TB per GPU; ZeRO-3 alone
        // leaves 17 GB of state but 80 layers of unrecomputed activations, so the advice combines changes.
        JsonNode j = json("train", "--model", "llama-2-70b", "--tokens", "2T", "--gpus", "64", "--json");
        assertFalse(j.at("/memory/fits").asBoolean());
        String change = j.at("/memory/suggestion").asText();
        String[] args = ("train --model llama-2-70b --tokens 2T --gpus 64 --json "
                + change.replaceAll("\\([^)]*\\)", "")).trim().split("\\s+");
        assertTrue(json(args).at("/memory/fits").asBoolean(), change);
    }

    @Test
    void moreGpusWhenTheStateExceedsAllGpus() throws IOException {
        // 8 GPUs x 80 GB = 640 GB < 16 B/param * 69B = 1.1 TB of training state: no change on 8 GPUs fits; on 16
        // the state is 69 GB per GPU under ZeRO-3, so the advice is 8 more GPUs.
        JsonNode j = json("train", "--model", "llama-2-70b", "--tokens", "2T", "--gpus", "8", "--json");
        assertFalse(j.at("/memory/fits").asBoolean());
        String change = j.at("/memory/suggestion").asText();
        assertTrue(change.startsWith("--gpus 16 (8 more) "), change);
        String[] args = ("train --model llama-2-70b --tokens 2T --json " + change.replaceAll("\\([^)]*\\)", ""))
                .trim().split("\\s+");
        assertTrue(json(args).at("/memory/fits").asBoolean(), change);
    }

    @Test
    void theAdviceKeepsAGivenGlobalBatchValid() throws IOException {
        // Llama-3.1-70B on 8 A100-40GB at tp 8 (dp 1), micro-batch 1, a global batch of 3 sequences: train accepts
        // only a dp x micro-batch that divides 3, so dp 1 or 3. The training state alone (70.55e9 x 16 B / 8 = 141
        // GB per GPU) needs more GPUs; the advice used to be dp 16 on 32 GPUs, which train then rejected.
        String base = "--model llama-3.1-70b --tokens 1T --gpu a100-40gb --micro-batch 1 --global-batch 3 --json";
        JsonNode j = json(("train " + base + " --gpus 8 --tp 8").split(" "));
        assertFalse(j.at("/memory/fits").asBoolean());
        String change = j.at("/memory/suggestion").asText();
        Map<String, String> options = new LinkedHashMap<>(); // an option and its value, "" for a flag
        for (String option : (base + " --gpus 8 --tp 8 " + change.replaceAll("\\([^)]*\\)", "")).split(" (?=--)")) {
            String[] parts = option.trim().split(" ", 2);
            options.put(parts[0], parts.length > 1 ? parts[1] : ""); // the advice's value replaces the given one
        }
        List<String> args = new ArrayList<>(List.of("train"));
        options.forEach((option, value) -> {
            args.add(option);
            if (!value.isEmpty()) {
                args.add(value);
            }
        });
        JsonNode advised = json(args.toArray(String[]::new));
        assertTrue(advised.at("/memory/fits").asBoolean(), change);
        assertEquals(0, 3 % (advised.at("/setup/dp").asLong() * advised.at("/setup/micro_batch").asLong()), change);
    }

    @Test
    void serveJsonHasTheContractFieldsAndExactKv(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("llama-3-70b.json");
        Files.writeString(config, Configs.LLAMA_3_70B);
        JsonNode j = json("serve", "--config", config.toString(), "--batch", "4", "--prompt-tokens", "8000",
                "--output-tokens", "192", "--gpus", "4", "--json");
        for (String path : new String[] {"/latency/ttft_seconds", "/latency/tpot_seconds", "/latency/e2e_seconds",
                "/throughput/output_tokens_per_second_per_gpu", "/throughput/output_tokens_per_second",
                "/memory/per_gpu_bytes", "/memory/breakdown/weights", "/memory/breakdown/kv_cache",
                "/memory/breakdown/activations", "/limits/max_batch", "/cost/usd_per_million_output_tokens"}) {
            assertTrue(j.at(path).isNumber(), path);
        }
        assertTrue(j.at("/memory/fits").asBoolean());
        assertTrue(j.at("/assumptions").isArray() && j.at("/assumptions").size() > 0);
        // --gpus 4 alone: tp = 4 is derived.
        assertEquals(4, j.at("/setup/tp").asInt());
        // Whole model: 327,680 B per token bf16 (2 x 8 x 128 x 80 x 2); per GPU at tp 4 two of the 8 KV heads.
        assertEquals(327_680, j.at("/kv_cache/bytes_per_token").asDouble());
        assertEquals(327_680.0 * 4 * 8192, j.at("/kv_cache/total_bytes").asDouble());
        assertEquals(327_680.0 / 4 * 4 * 8192, j.at("/memory/breakdown/kv_cache").asDouble());
        assertEquals(j.at("/memory/weights_bytes").asDouble() + j.at("/kv_cache/total_bytes").asDouble(),
                j.at("/memory/total_bytes").asDouble(), 1);
        // Static batch: O x B / e2e / GPUs, and e2e = TTFT + (O - 1) x TPOT.
        double e2e = j.at("/latency/e2e_seconds").asDouble();
        assertEquals(192.0 * 4 / e2e / 4, j.at("/throughput/output_tokens_per_second_per_gpu").asDouble(), 1e-9);
        assertEquals(j.at("/latency/ttft_seconds").asDouble() + 191 * j.at("/latency/tpot_seconds").asDouble(), e2e,
                1e-12);
        // $2 per GPU-hour x 4 GPUs x e2e, over 768 output tokens.
        assertEquals(2.0 * 4 * e2e / 3600 / 768 * 1e6, j.at("/cost/usd_per_million_output_tokens").asDouble(), 1e-9);
        assertEquals("memory", j.at("/decode/gemm_bound").asText());
        assertEquals("compute", j.at("/prefill/gemm_bound").asText());
    }

    @Test
    void decodeAtBatchOneStreamsEveryMatmulWeightAndTheCache() throws IOException {
        // Llama-2-7B bf16 on one H100 SXM, one decode step at context 2001: the GEMMs stream every matmul weight,
        // LM head included (6,738,415,616 - 131,072,000 embedding - 65 x 4096 norms = 6,607,077,376, 2 B each),
        // and attention reads the cache, 2 x 32 x 32 x 128 x 2 B = 524,288 B per token, at the achieved bandwidth.
        JsonNode j = json("serve", "--model", "llama-2-7b", "--prompt-tokens", "2000", "--output-tokens", "2",
                "--json");
        double bandwidth = 3.35e12 * io.llmcost.perf.ServingCalibration.FITTED.bandwidthFraction();
        assertEquals(2.0 * 6_607_077_376L / bandwidth, j.at("/decode/seconds_by_term/gemm").asDouble(), 1e-12);
        assertEquals(524_288.0 * 2001 / bandwidth, j.at("/decode/seconds_by_term/attention").asDouble(), 1e-12);
    }

    @Test
    void int4WeightsOfLlama2_7b() throws IOException {
        // Llama-2-7B: 6,738,415,616 parameters; embedding and untied head 32000 * 4096 each and 65 RMSNorms of
        // 4096 stay 16-bit; the other 6,476,005,376 are int4 at 4 + (16 + 4) / 128 bits.
        long sixteen = 2L * 32000 * 4096 + 65L * 4096;
        long quantized = 6_738_415_616L - sixteen;
        assertEquals(6_476_005_376L, quantized);
        JsonNode j = json("serve", "--model", "llama-2-7b", "--weights", "int4", "--json");
        assertEquals(quantized * 4.15625 / 8 + sixteen * 2.0, j.at("/memory/weights_bytes").asDouble(), 1e-3);
        JsonNode sym = json("serve", "--model", "llama-2-7b", "--weights", "int4", "--zero-point-bits", "0",
                "--group-size", "64", "--json");
        assertEquals(quantized * (4 + 16.0 / 64) / 8 + sixteen * 2.0, sym.at("/memory/weights_bytes").asDouble(),
                1e-3);
    }

    @Test
    void slidingWindowKvCapsAtTheWindow() throws IOException {
        // Mistral-7B v0.1: 32 layers, g 8, d_h 128, window 4096; at 16K context each layer caches 4096 tokens.
        JsonNode j = json("serve", "--model", "mistral-7b-v0.1", "--prompt-tokens", "16000", "--output-tokens", "384",
                "--json");
        assertEquals(2.0 * 32 * 8 * 128 * 2, j.at("/kv_cache/bytes_per_token").asDouble());
        assertEquals(2.0 * 32 * 8 * 128 * 2 * 4096, j.at("/kv_cache/total_bytes").asDouble());
    }

    @Test
    void sweepBatchRunsFromOneToTheLargestBatchThatFitsAndPlots(@TempDir Path dir) throws IOException {
        Path png = dir.resolve("sweep.png");
        JsonNode j = json("serve", "--model", "llama-3-8b", "--gpu", "l40s", "--weights", "fp8", "--kv-dtype", "fp8",
                "--prompt-tokens", "1024", "--output-tokens", "256", "--sweep-batch", "--plot", png.toString(),
                "--json");
        JsonNode rows = j.at("/sweep_batch");
        assertEquals(1, rows.get(0).at("/batch").asLong());
        assertEquals(j.at("/limits/max_batch").asLong(), rows.get(rows.size() - 1).at("/batch").asLong());
        for (int i = 1; i < rows.size(); i++) {
            assertTrue(rows.get(i).at("/output_tokens_per_second_per_gpu").asDouble()
                    >= rows.get(i - 1).at("/output_tokens_per_second_per_gpu").asDouble());
            assertTrue(rows.get(i).at("/per_gpu_bytes").asDouble() <= j.at("/memory/gpu_memory_bytes").asDouble());
        }
        assertTrue(Files.size(png) > 0);
    }

    @Test
    void aBatchThatDoesNotFitSaysByHowMuchAndWhatFits() {
        Cli.Run r = Cli.run("serve", "--model", "llama-2-70b", "--gpus", "8", "--batch", "100000");
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().contains("more than h100-sxm's") && r.err().contains("expected --batch at most"), r.err());
        long fits = Long.parseLong(r.err().replaceAll("(?s).*at most (\\d+).*", "$1").strip());
        assertEquals(0, Cli.run("serve", "--model", "llama-2-70b", "--gpus", "8", "--batch", "" + fits).exit());
        assertEquals(2, Cli.run("serve", "--model", "llama-2-70b", "--gpus", "8", "--batch", "" + (fits + 1)).exit());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "train --model llama-3-8b --tokens 1T --micro-batch -2|--micro-batch",
            "train --model llama-3-8b --tokens -5|--tokens",
            "train --model llama-3-8b --tokens 1T --gpus 64 --dp 8 --tp 2 --pp 2|--gpus",
            "train --model llama-3-8b --tokens 1T --tp 3|--tp",
            "train --model llama-3-8b --tokens 1T --gpu tpu-v9|--gpu",
            "train --model llama-3-8b --tokens 1T --precision fp4|--precision",
            "train --model llama-3-8b --tokens 1T --precision fp8 --gpu a100-80gb|--gpu",
            "train --model llama-3-8b --tokens 1T --gpus 8 --pp 2000000000|--pp",
            "train --model llama-3-8b --tokens 1T --gpus 8 --cp 3|--cp",
            "train --model llama-3-8b --tokens 1T --gpus 8 --vp 2|--vp",
            "train --model llama-3-8b --tokens 1T --gpus 8 --global-batch 12|--global-batch",
            "train --model qwen3-30b-a3b --tokens 1T --gpus 8 --tp 2 --ep 16|--ep",
            "train --model llama-3-8b --tokens 1T --mfu NaN|--mfu",
            "train --model llama-3-8b --tokens 1T --ep 2|--ep",
            "serve --model llama-3-8b --kv-dtype fp4|--kv-dtype",
            "serve --model llama-3-8b --weights fp8 --gpu a100-80gb|--gpu",
            "serve --model llama-3-8b --prompt-tokens 0|--prompt-tokens",
            "serve --model llama-3-8b --output-tokens -3|--output-tokens",
            "serve --model llama-3-8b --batch NaN|--batch",
            "serve --model llama-3-8b --usd-per-gpu-hour NaN|--usd-per-gpu-hour",
            "serve --model llama-2-7b --prompt-tokens 5000|--prompt-tokens",
            "serve --model llama-2-7b --tp 3|--tp",
            "serve --model llama-2-70b --tp 2 --gpus 8|--gpus",
            "serve --model llama-2-70b --batch 100000 --gpus 8|--batch",
            "serve --model llama-2-70b --gpu h100 --tp 1|--batch",
            "serve --model llama-2-7b --plot out.png|--plot",
            "train --model llama-3-8b --tokens 1T --mfu NaN|--mfu",
            "train --model llama-3-8b --tokens 1T --mfu Infinity|--mfu",
            "train --model llama-3-8b --tokens 1T --usd-per-gpu-hour 1e400|--usd-per-gpu-hour",
            "optimal --flops NaN|--flops",
            "optimal --gpu-hours -Infinity --gpu h100|--gpu-hours",
            "train --model llama-3-8b --tokens 1T --gpus 8 --tp 3|--tp",
            "train --model llama-3-8b --tokens 1T --gpus 8 --tp 2 --pp 8|--gpus",
            "train --model llama-3-8b --tokens 1T --gpus 8 --dp 2|--gpus",
            "train --model llama-3-8b --tokens 1T --dp 9223372036854775807 --tp 2|--dp",
            "train --model llama-3-8b --tokens 1T --gpus 8 --nvlink-gbps 1e308|--nvlink-gbps",
            "serve --model llama-3-8b --ib-gbps 1e308|--ib-gbps",
    })
    void badInputIsOneLineNamingTheOptionAndExitsTwo(String args, String option) {
        Cli.Run r = Cli.run(args.split(" "));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(option), r.err());
    }
}
