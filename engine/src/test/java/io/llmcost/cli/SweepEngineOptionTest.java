package io.llmcost.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** sweep --engine without the spark module on the class path (the engine jar alone, as ./llmcost runs it). */
class SweepEngineOptionTest {

    @Test
    void sparkWithoutSparkSaysHowToGetIt(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        Cli.Run r = Cli.run("sweep", "default", "--engine", "spark", "--out", out.toString());
        assertEquals(Main.EXIT_BAD_INPUT, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("llmcost: --engine spark: Spark is not on the class path"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void unknownEngineAndSparkOptionsOnTheLocalEngineAreRefused(@TempDir Path tmp) {
        Path out = tmp.resolve("out");
        Cli.Run engine = Cli.run("sweep", "default", "--engine", "flink", "--out", out.toString());
        assertEquals(Main.EXIT_BAD_INPUT, engine.exit());
        assertTrue(engine.err().contains("--engine flink: expected one of local or spark"), engine.err());
        Cli.Run master = Cli.run("sweep", "default", "--master", "local[2]", "--out", out.toString());
        assertEquals(Main.EXIT_BAD_INPUT, master.exit());
        assertTrue(master.err().contains("--master: only with --engine spark"), master.err());
        assertFalse(Files.exists(out));
    }
}
