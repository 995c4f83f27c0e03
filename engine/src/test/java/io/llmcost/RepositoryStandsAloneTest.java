package io.llmcost;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** No file of the project points at material outside the repository (the reference folder beside it). */
class RepositoryStandsAloneTest {

    @Test
    void noFileMentionsTheFolderBesideTheProject() throws IOException {
        Path root = Path.of(System.getProperty("llmcost.projectRoot"));
        String outside = ".." + "/shared"; // split so that this file does not match itself
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(Files::isRegularFile).filter(p -> !skipped(root.relativize(p))).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                if (text.contains(outside) || text.contains("shared" + "/reference")) {
                    hits.add(root.relativize(f).toString());
                }
            }
        }
        assertEquals(List.of(), hits);
    }

    /** Build outputs, git's own files and binaries are not the project's text. */
    private static boolean skipped(Path relative) {
        String first = relative.getName(0).toString();
        String s = relative.toString();
        return first.equals(".git") || first.equals("out") || s.contains("/target/") || s.startsWith("target/")
                || s.endsWith(".png") || s.endsWith(".jar") || s.contains(".jqwik-database");
    }
}
