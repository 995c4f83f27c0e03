package io.llmcost.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad config gives one line on stderr naming the file and the field, exit 2, and no stack trace. */
class BadInputTest {

    @TempDir
    Path dir;



    private Cli.Run analyze(String json) throws IOException {
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        return Cli.run("analyze", "--config", file.toString());
    }

    private static void assertOneLineError(Cli.Run r, String... fragments) {
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(r.err().contains("\tat "), "stack trace printed: " + r.err());
        for (String f : fragments) {
            assertTrue(r.err().contains(f), "expected '" + f + "' in: " + r.err());
        }
    }

    private static final String LLAMA = """
            {"model_type": "llama", "hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32,
             "intermediate_size": 11008, "vocab_size": 32000 %s}""";

    @Test
    void validConfigWorks() throws IOException {
        Cli.Run r = analyze(LLAMA.formatted(""));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("6,738,415,616"), r.out()); // Llama-2-7B's published 6.74B
    }

    @Test
    void missingFile() {
        assertOneLineError(Cli.run("analyze", "--config", dir.resolve("nope.json").toString()), "nope.json", "not found");
    }

    @Test
    void invalidJson() throws IOException {
        assertOneLineError(analyze("{\"model_type\": \"llama\", "), "config.json", "invalid JSON");
    }

    @Test
    void missingRequiredField() throws IOException {
        assertOneLineError(analyze("{\"model_type\": \"llama\", \"hidden_size\": 4096}"), "config.json",
                "num_hidden_layers", "missing");
    }

    @Test
    void nonPositiveField() throws IOException {
        assertOneLineError(analyze(LLAMA.formatted(", \"num_key_value_heads\": 0")), "num_key_value_heads",
                "positive");
        assertOneLineError(analyze(LLAMA.replace("\"hidden_size\": 4096", "\"hidden_size\": -4096")
                .formatted("")), "hidden_size", "positive");
    }

    @Test
    void headsMustDivideHidden() throws IOException {
        assertOneLineError(analyze(LLAMA.replace("\"num_attention_heads\": 32", "\"num_attention_heads\": 30")
                .formatted("")), "num_attention_heads", "must divide hidden_size");
    }

    @Test
    void kvHeadsMustDivideHeads() throws IOException {
        assertOneLineError(analyze(LLAMA.formatted(", \"num_key_value_heads\": 5")), "num_key_value_heads",
                "must divide");
    }

    @Test
    void unknownModelTypeListsSupported() throws IOException {
        assertOneLineError(analyze(LLAMA.replace("llama", "bert").formatted("")), "model_type", "unsupported",
                "deepseek_v3", "gpt_oss");
    }

    @Test
    void overflowingSizes() throws IOException {
        assertOneLineError(analyze(LLAMA.replace("\"vocab_size\": 32000", "\"vocab_size\": 4000000000000000")
                .formatted("")), "config.json", "overflow");
    }

    @Test
    void unknownPreset() {
        assertOneLineError(Cli.run("analyze", "--model", "llama-9"), "--model", "llama-9", "llama-2-7b");
    }

    @Test
    void badOptionValue() {
        assertOneLineError(Cli.run("analyze", "--model", "gpt2", "--attention", "sideways"), "--attention");
        assertOneLineError(Cli.run("analyze", "--model", "gpt2", "--seq-len", "0"), "--seq-len");
    }

    @Test
    void duplicateKeyInConfig() throws IOException {
        // The last value would win silently (hidden 8 instead of 4096).
        assertOneLineError(analyze(LLAMA.formatted(", \"hidden_size\": 8")), "config.json",
                "duplicate key 'hidden_size'");
    }

    @Test
    void contentAfterTheConfigObject() throws IOException {
        assertOneLineError(analyze(LLAMA.formatted("") + " {\"hidden_size\": 8}"), "config.json",
                "content after the first document");
    }

    @Test
    void listIndexBeyondALong() throws IOException {
        // 2^64 + 1 = 18446744073709551617 would wrap to layer 1 in a long.
        assertOneLineError(analyze("""
                {"model_type": "qwen2_moe", "hidden_size": 2048, "num_hidden_layers": 4, "num_attention_heads": 16,
                 "vocab_size": 151936, "mlp_only_layers": [18446744073709551617]}"""), "config.json",
                "mlp_only_layers", "2^63 - 1");
    }

    private Cli.Run sweep(String yaml) throws IOException {
        Path spec = Files.writeString(dir.resolve("spec.yaml"), yaml);
        return Cli.run("sweep", spec.toString(), "--quiet", "--out", dir.resolve("out").toString());
    }

    private static final String SPEC = """
            axes: {hidden: [256, 512], layers: 4, tokens: 1e9%s}
            objectives: [loss, params_total]
            """;

    @Test
    void duplicateKeyInSweepSpec() throws IOException {
        assertOneLineError(sweep(SPEC.formatted(", layers: 8")), "spec.yaml", "duplicate key 'layers'");
        assertFalse(Files.exists(dir.resolve("out").resolve("frontier.csv")));
    }

    @Test
    void secondYamlDocument() throws IOException {
        assertOneLineError(sweep(SPEC.formatted("") + "---\nname: other\n"), "spec.yaml",
                "content after the first document");
    }

    @Test
    void ffnFromFfnMultMustBeAnInt() throws IOException {
        // ffn = 256 ceil(ffn_mult x 1024 / 256): ffn_mult 2^21 gives 2^31 = 2147483648, one above an int; ffn_mult
        // 1e300 used to saturate the long and wrap to ffn = 256 x Long.MIN_VALUE = -256... now both are errors.
        assertOneLineError(sweep("""
                axes: {hidden: 1024, layers: 1, heads: 8, tokens: 1e9, ffn_mult: [2097152]}
                objectives: [params_total, flops_forward_per_token]
                """), "axes.ffn_mult", "2147483648");
        assertOneLineError(sweep("""
                axes: {hidden: 1024, layers: 1, heads: 8, tokens: 1e9, ffn_mult: [1e300]}
                objectives: [params_total, flops_forward_per_token]
                """), "axes.ffn_mult");
        // ffn_mult 2097151.75 gives 256 x ceil(2097151.75 x 4) = 256 x 8388607 = 2147483392, an int: accepted.
        Cli.Run ok = sweep("""
                axes: {hidden: 1024, layers: 1, heads: 8, tokens: 1e9, ffn_mult: [2097151.75]}
                objectives: [params_total, flops_forward_per_token]
                """);
        assertEquals(0, ok.exit(), ok.err());
        assertTrue(Files.readString(dir.resolve("out").resolve("frontier.csv")).contains(",2147483392,"));
    }

    @Test
    void largestShapeBeyondALong() throws IOException {
        // layers x 4 h^2 alone: 2^20 x 4 x (2^20)^2 = 2^62 x 4 > 2^62.
        assertOneLineError(sweep("""
                axes: {hidden: 1048576, layers: 1048576, heads: 8, tokens: 1e9, ffn: 256}
                objectives: [params_total, flops_forward_per_token]
                """), "axes", "2^62");
    }

    @Test
    void optimalCountBeyondALong() {
        // tokens-per-param r = 1e-20 at C = 1e35: N = sqrt(C / (6 r)) = sqrt(1.67e54) = 1.29e27 > 2^63 - 1; it
        // used to print N = 9,223,372,036,854,775,807 and "compute used 0.00% of budget".
        assertOneLineError(Cli.run("optimal", "--flops", "1e35", "--law", "tokens-per-param",
                "--tokens-per-param", "1e-20"), "params N", "2^63 - 1");
        assertOneLineError(Cli.run("optimal", "--flops", "1e35", "--law", "tokens-per-param",
                "--tokens-per-param", "1e-20", "--json"), "params N");
    }

    @Test
    void unknownOptionIsNamedEvenWhenARequiredOneIsMissing() {
        assertOneLineError(Cli.run("train", "--model", "llama-2-7b", "--tokes", "1T"), "unknown option '--tokes'",
                "did you mean --tokens?");
        assertOneLineError(Cli.run("analyze", "--model", "gpt2", "--jsn"), "unknown option '--jsn'", "--json");
        assertOneLineError(Cli.run("analyse", "--model", "gpt2"), "'analyse'", "did you mean analyze?");
    }

    @Test
    void noJavaClassNamesInMessages() throws IOException {
        Path directory = Files.createDirectories(dir.resolve("d.png"));
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        for (Cli.Run r : new Cli.Run[] {
                Cli.run("train", "--model", "gpt2", "--tokens", "1T", "--precision", "fp7"),
                Cli.run("train", "--model", "gpt2", "--tokens", "1Q"),
                Cli.run("serve", "--model", "gpt2", "--weights", "q3"),
                Cli.run("analyze", "--model", "gpt2", "--plot", directory.toString()),
                Cli.run("sweep", "default", "--quiet", "--out", file.resolve("x").toString())}) {
            assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
            assertFalse(r.err().matches("(?s).*(java\\.|Exception|\\(.*Error\\)).*"), r.err());
        }
    }

    @Test
    void plotIntoAMissingDirectoryIsAnError() {
        Path missing = dir.resolve("no-such-dir").resolve("p.png");
        assertOneLineError(Cli.run("analyze", "--model", "gpt2", "--plot", missing.toString()), "--plot",
                "no such directory");
        assertFalse(Files.exists(missing.getParent()), "the directory was created");
    }

    @Test
    void numbersTakeTheSameSuffixesEverywhere() {
        assertEquals(Cli.run("optimal", "--gpu-hours", "2600000", "--gpu", "h100").out(),
                Cli.run("optimal", "--gpu-hours", "2.6M", "--gpu", "h100").out());
        assertEquals(Cli.run("optimal", "--usd", "5000000", "--gpu", "h100", "--usd-per-gpu-hour", "2").out(),
                Cli.run("optimal", "--usd", "5M", "--gpu", "h100", "--usd-per-gpu-hour", "2").out());
        assertEquals(Cli.run("optimal", "--flops", "5760000000000000000000000").out(),
                Cli.run("optimal", "--flops", "5.76e24").out());
        assertTrue(Cli.run("optimal", "--flops", "5.76e24").out().contains("5.76e+24"));
        // and in a sweep file: tokens "15.6T" is 1.56e13
        var spec = io.llmcost.io.SweepFile.parse("s.yaml", "s", """
                axes: {hidden: 256, layers: 2, tokens: "15.6T"}
                objectives: [loss, params_total]
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(1.56e13, spec.axes().stream().filter(a -> a.name() == io.llmcost.sweep.AxisName.TOKENS)
                .findFirst().orElseThrow().values()[0]);
    }

    @Test
    void legacyAliasesStillWork() throws IOException {
        Path file = dir.resolve("c.json");
        Files.writeString(file, LLAMA.formatted(""));
        Cli.Run r = Cli.run("--model_config", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("6,738,415,616"));
        assertEquals(0, Cli.run("--validate").exit());
    }
}
