package io.llmcost.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputSetTest {

    @TempDir
    Path parent;

    private static final Set<String> NAMES = Set.of("a.csv", "summary.json");

    private List<String> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private void writeSet(Path dir, Set<String> names, String content) throws IOException {
        try (OutputSet set = OutputSet.open(dir, "--out " + dir, names, "summary.json")) {
            for (String n : names) {
                Files.writeString(set.file(n), content);
            }
            // the manifest of the set, as a sweep writes it, so that the next run may replace every file
            Files.writeString(set.file("summary.json"), "{\"files\": [" + String.join(", ", names.stream()
                    .map(n -> "{\"name\": \"" + n + "\"}").toList()) + "]}");
            set.commit();
        }
    }

    @Test
    void commitReplacesTheWholePreviousSet() throws IOException {
        Path out = parent.resolve("out");
        writeSet(out, Set.of("a.csv", "b.png", "summary.json"), "one");
        writeSet(out, NAMES, "two");
        // b.png of the first run is gone with its set; nothing of the first run is left beside the second.
        assertEquals(List.of("a.csv", "summary.json"), entries(out));
        assertEquals("two", Files.readString(out.resolve("a.csv")));
        assertEquals(List.of(".out.lock", "out"), entries(parent), "no staging or set-aside directory left");
    }

    @Test
    void aRunThatFailsBeforeCommitLeavesThePreviousSetAndNoTemporaryFile() throws IOException {
        Path out = parent.resolve("out");
        writeSet(out, NAMES, "one");
        try (OutputSet set = OutputSet.open(out, "--out", NAMES, "summary.json")) {
            Files.writeString(set.file("a.csv"), "half"); // then a failure (full disk, failed plot): no commit
        }
        assertEquals("one", Files.readString(out.resolve("a.csv")));
        assertTrue(Files.readString(out.resolve("summary.json")).contains("a.csv"));
        assertEquals(List.of(".out.lock", "out"), entries(parent));
    }

    @Test
    void aSecondRunIntoTheSameDirectoryFailsWhileTheFirstHoldsTheLock() throws IOException {
        Path out = parent.resolve("out");
        try (OutputSet first = OutputSet.open(out, "--out out", NAMES, "summary.json")) {
            OutputSet.Busy e = assertThrows(OutputSet.Busy.class,
                    () -> OutputSet.open(out, "--out out", NAMES, "summary.json"));
            assertTrue(e.getMessage().startsWith("--out out: another llmcost run is writing this directory"),
                    e.getMessage());
            Files.writeString(first.file("a.csv"), "first");
            first.commit();
        }
        writeSet(out, NAMES, "after"); // the lock is released with the first set
        assertEquals("after", Files.readString(out.resolve("a.csv")));
    }

    @Test
    void anOutsideFileThatCannotBeReplacedLeavesThePreviousSetInPlace() throws IOException {
        Path out = parent.resolve("out");
        writeSet(out, NAMES, "before");
        Path busy = Files.createDirectories(parent.resolve("busy").resolve("inside")).getParent(); // not a file
        try (OutputSet set = OutputSet.open(out, "--out", NAMES, "summary.json")) {
            Files.writeString(set.file("a.csv"), "after");
            Files.writeString(set.outsideFile(busy), "all points");
            assertThrows(IOException.class, set::commit);
        }
        assertEquals("before", Files.readString(out.resolve("a.csv")));
        assertTrue(Files.isDirectory(busy.resolve("inside")));
        assertEquals(List.of(".out.lock", "busy", "out"), entries(parent), "no staging or set-aside directory");
    }

    @Test
    void theCleanupHookDeletesStagedFilesOfAnUnfinishedRun() throws IOException {
        Path out = parent.resolve("out");
        OutputSet set = OutputSet.open(out, "--out", NAMES, "summary.json");
        Files.writeString(set.file("a.csv"), "staged");
        Path stagedOutside = set.outsideFile(parent.resolve("all.csv"));
        Files.writeString(stagedOutside, "staged");
        assertEquals(2, entries(parent).size(), "lock file and staging directory: " + entries(parent));

        TempPaths.deleteRegistered(); // what the shutdown hook does on SIGINT / SIGTERM

        assertEquals(List.of(".out.lock"), entries(parent));
        set.close();
    }

    @Test
    void leftoversOfAKilledRunAreRemovedAndASetAsideSetIsPutBack() throws IOException {
        Path out = parent.resolve("out");
        // A run killed (SIGKILL) while staging, and one killed between the two renames of its commit.
        Path staging = Files.createDirectory(parent.resolve(".out.4242.0123456789abcdef.tmp"));
        Files.writeString(staging.resolve("a.csv"), "half");
        Path setAside = Files.createDirectory(parent.resolve(".out.4243.00000000000000ff.old"));
        Files.writeString(setAside.resolve("a.csv"), "complete");
        Files.writeString(setAside.resolve("summary.json"), "{}");
        // A sibling directory whose name only starts like ours is not touched.
        Path other = Files.createDirectory(parent.resolve(".out.x.4242.0123456789abcdef.tmp"));

        try (OutputSet set = OutputSet.open(out, "--out", NAMES, "summary.json")) {
            assertEquals("complete", Files.readString(out.resolve("a.csv")), "the last complete set is back");
            assertFalse(Files.exists(staging));
            assertFalse(Files.exists(setAside));
            assertTrue(Files.exists(other));
        }
    }

    @Test
    void aDirectoryWithOtherFilesIsNotReplaced() throws IOException {
        Path out = Files.createDirectory(parent.resolve("out"));
        Files.writeString(out.resolve("notes.txt"), "mine");
        InputException e = assertThrows(InputException.class,
                () -> OutputSet.open(out, "--out out", NAMES, "summary.json"));
        assertTrue(e.getMessage().startsWith("--out out: holds notes.txt"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
    }

    @Test
    void filesThePreviousManifestListsMayBeReplaced() throws IOException {
        Path out = Files.createDirectory(parent.resolve("out"));
        Files.writeString(out.resolve("all.csv"), "old");
        Files.writeString(out.resolve("summary.json"), "{\"files\": [{\"name\": \"all.csv\"}]}");
        writeSet(out, NAMES, "new");
        assertEquals(List.of("a.csv", "summary.json"), entries(out));
    }

    @Test
    void rootsAndNamesTooLongWithTheTemporarySuffixAreRejectedBeforeAnyWork() {
        Path root = parent.getRoot();
        assertTrue(assertThrows(InputException.class, () -> OutputSet.open(root, "--out /", NAMES, "summary.json"))
                .getMessage().contains("file system root"));
        // 240 bytes fit a file system's 255-byte names, but not with ".<name>.<pid>.<16 hex digits>.tmp".
        Path longName = parent.resolve("d".repeat(240));
        assertTrue(assertThrows(InputException.class,
                () -> OutputSet.open(longName, "--out", NAMES, "summary.json")).getMessage().contains("too long"));
        assertEquals(0, parent.toFile().list().length, "nothing created");
    }
}
