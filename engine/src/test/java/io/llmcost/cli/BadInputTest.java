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
    void legacyAliasesStillWork() throws IOException {
        Path file = dir.resolve("c.json");
        Files.writeString(file, LLAMA.formatted(""));
        Cli.Run r = Cli.run("--model_config", file.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("6,738,415,616"));
        assertEquals(0, Cli.run("--validate").exit());
    }
}
