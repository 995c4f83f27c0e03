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
                "--zero", "1", "--json");
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
        // GPU-hours = model FLOPs / (0.4 * 989.4e12 FLOP/s) / 3600 s
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
    void serveJsonHasTheContractFieldsAndExactKv(@TempDir Path dir) throws IOException {
        Path config = dir.resolve("llama-3-70b.json");
        Files.writeString(config, Configs.LLAMA_3_70B);
        JsonNode j = json("serve", "--config", config.toString(), "--batch", "4", "--context", "8192", "--gpus", "4",
                "--json");
        assertEquals(327_680, j.at("/kv_cache/bytes_per_token").asDouble());
        assertEquals(327_680.0 * 4 * 8192, j.at("/kv_cache/total_bytes").asDouble());
        assertEquals(j.at("/memory/weights_bytes").asDouble() + j.at("/kv_cache/total_bytes").asDouble(),
                j.at("/memory/total_bytes").asDouble(), 1);
        assertTrue(j.at("/decode/tokens_per_second").asDouble() > 0);
        assertEquals("memory", j.at("/decode/bound").asText());
        assertEquals("compute", j.at("/prefill/bound").asText());
    }

    @Test
    void decodeAtBatchOneReadsEveryWeightAndTheCache() throws IOException {
        // Llama-2-7B bf16 on one H100 SXM at context 4096: a step reads all weights but the input embedding
        // (2 * (6,738,415,616 - 131,072,000) bytes) plus the cache 2 * 32 * 32 * 128 * 2 * 4096 bytes, at 3.35 TB/s.
        JsonNode j = json("serve", "--model", "llama-2-7b", "--json");
        double bytes = 2.0 * (6_738_415_616L - 131_072_000L) + 2.0 * 32 * 32 * 128 * 2 * 4096;
        assertEquals(bytes, j.at("/decode/bytes_per_step").asDouble(), 1e-3);
        assertEquals(3.35e12 / bytes, j.at("/decode/tokens_per_second").asDouble(), 1e-9 * 3.35e12 / bytes);
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
        JsonNode j = json("serve", "--model", "mistral-7b-v0.1", "--context", "16384", "--json");
        assertEquals(2.0 * 32 * 8 * 128 * 2, j.at("/kv_cache/bytes_per_token").asDouble());
        assertEquals(2.0 * 32 * 8 * 128 * 2 * 4096, j.at("/kv_cache/total_bytes").asDouble());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "train --model llama-3-8b --tokens 1T --micro-batch -2|--micro-batch",
            "train --model llama-3-8b --tokens -5|--tokens",
            "train --model llama-3-8b --tokens 1T --gpus 64 --dp 8 --tp 2 --pp 2|--gpus",
            "train --model llama-3-8b --tokens 1T --tp 3|--tp",
            "train --model llama-3-8b --tokens 1T --gpu tpu-v9|--gpu",
            "train --model llama-3-8b --tokens 1T --precision fp8|--precision",
            "train --model llama-3-8b --tokens 1T --ep 2|--ep",
            "serve --model llama-3-8b --kv-dtype fp4|--kv-dtype",
            "serve --model llama-3-8b --weights fp8 --gpu a100-80gb|--gpu",
            "serve --model llama-3-8b --context 0|--context",
            "serve --model llama-3-8b --context 4096 --prompt-tokens 4097|--prompt-tokens",
            "train --model llama-3-8b --tokens 1T --mfu NaN|--mfu",
            "train --model llama-3-8b --tokens 1T --mfu Infinity|--mfu",
            "train --model llama-3-8b --tokens 1T --usd-per-gpu-hour 1e400|--usd-per-gpu-hour",
            "optimal --flops NaN|--flops",
            "optimal --gpu-hours -Infinity --gpu h100|--gpu-hours",
            "train --model llama-3-8b --tokens 1T --gpus 8 --tp 3|--tp",
            "train --model llama-3-8b --tokens 1T --gpus 8 --tp 2 --pp 8|--gpus",
            "train --model llama-3-8b --tokens 1T --gpus 8 --dp 2|--gpus",
            "train --model llama-3-8b --tokens 1T --dp 9223372036854775807 --tp 2|--dp",
    })
    void badInputIsOneLineNamingTheOptionAndExitsTwo(String args, String option) {
        Cli.Run r = Cli.run(args.split(" "));
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains(option), r.err());
    }
}
