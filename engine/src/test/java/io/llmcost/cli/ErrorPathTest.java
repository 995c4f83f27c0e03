package io.llmcost.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inputs that used to crash the error path itself: one line naming the file or option, exit 2. */
class ErrorPathTest {

    @TempDir
    Path dir;

    private static void assertOneLine(Cli.Run r, String start) {
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("llmcost: " + start), r.err());
        assertFalse(r.err().contains("Exception") || r.err().contains("java."), r.err());
    }

    /** Jackson's nesting limit (1000) throws an exception with no location: the message still names the file. */
    @Test
    void deeplyNestedJsonConfig() throws IOException {
        Path config = Files.writeString(dir.resolve("deep.json"), "{\"a\":".repeat(5000) + "1" + "}".repeat(5000));
        assertOneLine(Cli.run("analyze", "--config", config.toString()), config + ": JSON beyond the parser's "
                + "limits: Document nesting depth (1001) exceeds the maximum allowed (1000)");
    }

    @Test
    void deeplyNestedYamlSpec() throws IOException {
        Path spec = Files.writeString(dir.resolve("deep.yaml"), "axes: " + "[".repeat(5000) + "]".repeat(5000));
        assertOneLine(Cli.run("sweep", spec.toString(), "--quiet", "--out", dir.resolve("out").toString()),
                spec + ": YAML beyond the parser's limits");
        assertFalse(Files.exists(dir.resolve("out")));
    }

    /** An endless file is read up to 64 MiB and refused, not read until the heap is gone. */
    @Test
    void devZeroAsAConfigOrASpec() {
        Path zero = Path.of("/dev/zero");
        if (!Files.isReadable(zero)) {
            return; // not a Unix system
        }
        assertOneLine(Cli.run("analyze", "--config", zero.toString()), "/dev/zero: larger than 64 MiB");
        assertOneLine(Cli.run("sweep", zero.toString(), "--quiet", "--out", dir.resolve("out").toString()),
                "/dev/zero: larger than 64 MiB");
    }

    @Test
    void aDirectoryAsAConfig() {
        // A directory is read as a model snapshot (its config.json); without one it is one line naming it.
        assertOneLine(Cli.run("analyze", "--config", dir.toString()), dir + ": a directory without a config.json");
    }

    /** Two billion worker threads used to end in OutOfMemoryError; the cap is 1024. */
    @Test
    void threadCountAboveTheCap() {
        assertOneLine(Cli.run("sweep", "--quiet", "--threads", "2147483647", "--out", dir.resolve("o").toString()),
                "--threads=2147483647: expected at most 1024");
        assertOneLine(Cli.run("sweep", "--quiet", "--threads", "1025", "--out", dir.resolve("o").toString()),
                "--threads=1025: expected at most 1024");
        assertFalse(Files.exists(dir.resolve("o")));
    }
}
