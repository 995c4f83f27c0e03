package io.llmcost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.llmcost.io.FrontierCsv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A sweep's files are replaced as one set: empty answers, bad targets, concurrent runs, signals. */
class SweepOutputSetTest {
    /** Reads the command's JSON output: Jackson's own mapper, not the writer under test. */
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static final String SMALL = """
            axes:
              hidden: {from: 512, to: 1024, step: 128}
              layers: [4, 8]
              tokens: 1e9
            objectives: [loss, params_total]
            """;

    private Path spec(String name, String yaml) throws IOException {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private List<String> entries(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * 1 GiB per GPU holds no shape: the smallest, hidden 512 x 4 layers, has about 19M parameters and takes
     * 16 bytes each under mixed-precision AdamW (0.3 GiB) plus the 1 GiB allowance alone; the answer is valid.
     */
    @Test
    void aSweepWithNoValidPointIsAnEmptyFrontierAndSaysWhichConstraintRemovedEverything() throws IOException {
        Path out = dir.resolve("out");
        Cli.Run r = Cli.run("sweep", spec("s.yaml", SMALL + "constraints: {max_memory_per_gpu: 1GiB}\n").toString(),
                "--quiet", "--out", out.toString());
        assertEquals(Main.EXIT_OK, r.exit(), r.err());
        assertEquals(List.of(String.join(",", FrontierCsv.HEADER)), Files.readAllLines(out.resolve("frontier.csv")));
        JsonNode s = JSON.readTree(out.resolve("summary.json").toFile());
        assertEquals(0, s.get("points_valid").asLong());
        String reason = s.get("empty_reason").asText();
        assertTrue(reason.startsWith("constraints.max_memory_per_gpu 1.0 GiB removed every point"), reason);
        assertTrue(reason.contains("(hidden 512, layers 4, seq_len 4096)"), reason);
        assertTrue(r.out().contains("no valid point: " + reason), r.out());
        assertTrue(Files.size(out.resolve("frontier.png")) > 0);

        Cli.Run aspect = Cli.run("sweep", spec("a.yaml", SMALL + "constraints: {aspect_ratio: {min: 500}}\n")
                .toString(), "--quiet", "--out", out.toString(), "--no-plot");
        assertEquals(Main.EXIT_OK, aspect.exit(), aspect.err());
        // hidden/layers on these axes: 512/8 = 64 to 1024/4 = 256, all below 500
        assertTrue(JSON.readTree(out.resolve("summary.json").toFile()).get("empty_reason").asText()
                .startsWith("constraints.aspect_ratio [500, inf] (hidden/layers; the axes give 64 to 256)"));
        assertFalse(Files.exists(out.resolve("frontier.png")), "the previous run's plot went with its set");
    }

    @ParameterizedTest
    @ValueSource(strings = {"OWN", "DIR", "ROOT", "LONG", "SUB", "MISSING"})
    void badAllPointsTargetsAreExit2BeforeAnyWork(String kind) throws IOException {
        Path out = dir.resolve("out");
        String target = switch (kind) {
            case "OWN" -> out.resolve("summary.json").toString();
            case "DIR" -> dir.toString();
            case "ROOT" -> "/";
            case "LONG" -> dir.resolve("x".repeat(250) + ".csv").toString(); // fits alone, not with ".<pid>.<t>.tmp"
            case "SUB" -> out.resolve("sub/all.csv").toString();
            default -> dir.resolve("missing/all.csv").toString();
        };
        Path spec = spec("s.yaml", SMALL);
        Cli.Run r = Cli.run("sweep", spec.toString(), "--quiet", "--out", out.toString(), "--all-points", target);
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("llmcost: --all-points "), r.err());
        assertEquals(List.of("s.yaml"), entries(dir), "nothing written");
    }

    /** A directory written before summary.json had a manifest, with plots, is still replaced by a --no-plot run. */
    @Test
    void anOlderOutputDirectoryIsReplacedWhole() throws IOException {
        Path out = Files.createDirectory(dir.resolve("out"));
        for (String f : new String[] {"frontier.csv", "frontier.png", "frontier.svg"}) {
            Files.writeString(out.resolve(f), "old");
        }
        Files.writeString(out.resolve("summary.json"), "{}");
        Cli.Run r = Cli.run("sweep", spec("s.yaml", SMALL).toString(), "--quiet", "--no-plot", "--out",
                out.toString());
        assertEquals(Main.EXIT_OK, r.exit(), r.err());
        assertEquals(List.of("frontier.csv", "summary.json"), entries(out));
    }

    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void aSpecNameOfDotsIsExit2(String name) throws IOException {
        Path spec = spec("s.yaml", "name: '" + name + "'\n" + SMALL);
        Cli.Run r = Cli.run("sweep", spec.toString(), "--quiet");
        assertEquals(Main.EXIT_BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains(spec + ": name: "), r.err());
    }

    @Test
    void allPointsInsideTheOutputDirectoryIsPartOfTheSetAndOutsideItIsInTheManifest() throws Exception {
        Path out = dir.resolve("out");
        Path spec = spec("s.yaml", SMALL);
        assertEquals(Main.EXIT_OK, Cli.run("sweep", spec.toString(), "--quiet", "--no-plot", "--out",
                out.toString(), "--all-points", out.resolve("all.csv").toString()).exit());
        assertEquals(List.of("all.csv", "frontier.csv", "summary.json"), entries(out));
        Path outside = dir.resolve("all.csv");
        Cli.Run r = Cli.run("sweep", spec.toString(), "--quiet", "--no-plot", "--out", out.toString(),
                "--all-points", outside.toString());
        assertEquals(Main.EXIT_OK, r.exit(), r.err());
        assertEquals(List.of("frontier.csv", "summary.json"), entries(out));
        assertManifestMatches(out, outside);
    }

    /**
     * Two runs of different sweeps into one directory at once, many times: each either finishes or stops at once
     * with the lock message, and whatever is on disk is one run's set (its manifest's checksums match its files).
     */
    @Test
    void concurrentRunsIntoOneDirectoryNeverMixTheirFiles() throws Exception {
        Path out = dir.resolve("out");
        Path a = spec("a.yaml", SMALL);
        Path b = spec("b.yaml", SMALL.replace("[4, 8]", "[4, 6, 8]"));
        List<Cli.Run> runs = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Thread> threads = new ArrayList<>();
        for (Path spec : List.of(a, b)) {
            threads.add(new Thread(() -> {
                for (int i = 0; i < 6; i++) {
                    runs.add(Cli.run("sweep", spec.toString(), "--quiet", "--no-plot", "--threads", "1", "--out",
                            out.toString()));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        int finished = 0;
        for (Cli.Run r : runs) {
            if (r.exit() == Main.EXIT_OK) {
                finished++;
            } else {
                assertEquals(Main.EXIT_FAILURE, r.exit(), r.err());
                assertTrue(r.err().startsWith("llmcost: --out " + out + ": another llmcost run is writing this "
                        + "directory"), r.err());
            }
        }
        assertTrue(finished >= 1);
        assertEquals(List.of(".out.lock", "a.yaml", "b.yaml", "out"), entries(dir), "no temporary files left");
        assertManifestMatches(out, null);
    }

    /** SIGTERM (what `kill` and Process.destroy send) and SIGINT (Ctrl-C) mid-sweep remove the staging directory. */
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void aSignalMidSweepLeavesNoTemporaryFileAndNoPartialSet(String signal) throws Exception {
        Path out = dir.resolve("out");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The billion-point built-in sweep on one thread runs for minutes: long enough to be stopped mid-way.
        Process p = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "io.llmcost.cli.Main", "sweep", "billion", "--threads", "1", "--quiet", "--out", out.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (entries(dir).stream().noneMatch(n -> n.endsWith(".tmp")) && System.nanoTime() < deadline) {
            assertTrue(p.isAlive(), () -> "the sweep ended early: " + read(dir.resolve("log")));
            Thread.sleep(50);
        }
        assertTrue(entries(dir).stream().anyMatch(n -> n.endsWith(".tmp")), "the staging directory appeared");
        new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "stopped");
        assertEquals(List.of(".out.lock", "log"), entries(dir), read(dir.resolve("log")));
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Every file summary.json lists exists with the size and SHA-256 it gives; the set has no other file. */
    private void assertManifestMatches(Path out, Path outside) throws Exception {
        JsonNode files = JSON.readTree(out.resolve("summary.json").toFile()).get("files");
        List<String> listed = new ArrayList<>();
        for (JsonNode f : files) {
            String name = f.get("name").asText();
            Path file = name.equals(String.valueOf(outside)) ? outside : out.resolve(name);
            listed.add(name);
            assertEquals(f.get("bytes").asLong(), Files.size(file), name);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                sha.update(in.readAllBytes());
            }
            assertEquals(f.get("sha256").asText(), HexFormat.of().formatHex(sha.digest()), name);
        }
        List<String> expected = new ArrayList<>(entries(out));
        expected.remove("summary.json");
        if (outside != null) {
            expected.add(outside.toString());
        }
        assertEquals(expected.stream().sorted().toList(), listed.stream().sorted().toList());
    }
}
