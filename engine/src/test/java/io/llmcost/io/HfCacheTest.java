package io.llmcost.io;

import io.llmcost.model.Presets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The local Hugging Face cache, laid out as huggingface_hub writes it, in a temporary directory. */
class HfCacheTest {

    @TempDir
    Path home;

    private static final String TINY = "{\"model_type\": \"llama\", \"hidden_size\": 8, \"num_hidden_layers\": 1, "
            + "\"num_attention_heads\": 2, \"intermediate_size\": 16, \"vocab_size\": %d}";

    private Path snapshot(Path hub, String repo, String revision, int vocab) throws IOException {
        Path dir = Files.createDirectories(hub.resolve("models--" + repo.replace("/", "--")).resolve("snapshots")
                .resolve(revision));
        Files.writeString(dir.resolve("config.json"), TINY.formatted(vocab));
        return dir;
    }

    @Test
    void rootsFollowHuggingfaceHubsOrder() {
        assertEquals(List.of(Path.of("/c")), HfCache.roots(Map.of("HF_HUB_CACHE", "/c", "HF_HOME", "/h"), home));
        assertEquals(List.of(Path.of("/h", "hub")), HfCache.roots(Map.of("HF_HOME", "/h"), home));
        assertEquals(List.of(home.resolve(".cache/huggingface/hub")), HfCache.roots(Map.of(), home));
    }

    @Test
    void refsMainChoosesTheRevision() throws IOException {
        Path hub = home.resolve("hub");
        snapshot(hub, "acme/tiny", "aaa", 100);
        snapshot(hub, "acme/tiny", "bbb", 200);
        Path refs = Files.createDirectories(hub.resolve("models--acme--tiny/refs"));
        Files.writeString(refs.resolve("main"), "bbb\n");
        assertEquals(200, Presets.resolve("acme/tiny", List.of(hub)).positiveLong("vocab_size"));
    }

    @Test
    void aSingleSnapshotWithoutRefsIsUsed() throws IOException {
        Path hub = home.resolve("hub");
        snapshot(hub, "acme/tiny", "aaa", 100);
        assertEquals(100, Presets.resolve("acme/tiny", List.of(hub)).positiveLong("vocab_size"));
    }

    @Test
    void twoSnapshotsWithoutRefsAreAmbiguous() throws IOException {
        Path hub = home.resolve("hub");
        snapshot(hub, "acme/tiny", "aaa", 100);
        snapshot(hub, "acme/tiny", "bbb", 200);
        InputException e = assertThrows(InputException.class, () -> Presets.resolve("acme/tiny", List.of(hub)));
        assertTrue(e.getMessage().contains("2 revisions and no refs/main"), e.getMessage());
    }

    @Test
    void theCacheComesBeforeTheCatalog() throws IOException {
        Path hub = home.resolve("hub");
        snapshot(hub, "meta-llama/Llama-3.1-8B", "aaa", 300);
        assertEquals(300, Presets.resolve("meta-llama/Llama-3.1-8B", List.of(hub)).positiveLong("vocab_size"));
        // without a cached copy the same repo id names the built-in
        assertEquals(128256, Presets.resolve("meta-llama/Llama-3.1-8B", List.of(home.resolve("empty")))
                .positiveLong("vocab_size"));
    }

    @Test
    void aMissingModelSaysWhereItLooked() {
        Path hub = home.resolve("hub");
        InputException e = assertThrows(InputException.class, () -> Presets.resolve("acme/none", List.of(hub)));
        assertTrue(e.getMessage().contains(hub.resolve("models--acme--none").toString()), e.getMessage());
    }

    @Test
    void builtInNamesForgiveCaseAndSuggest() {
        assertEquals("llama-3.1-8b", Presets.find("Llama-3.1-8B").name());
        assertEquals("llama-3.1-8b", Presets.find("META-LLAMA/llama-3.1-8b").name());
        InputException e = assertThrows(InputException.class, () -> Presets.find("llama-3.1-9b"));
        assertTrue(e.getMessage().contains("did you mean llama-3.1-8b?"), e.getMessage());
    }
}
