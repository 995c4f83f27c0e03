package io.llmcost.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds a model's {@code config.json} in the local Hugging Face hub cache, offline (huggingface_hub's cache layout:
 * {@code <cache>/models--<org>--<name>/snapshots/<revision>/config.json}, {@code refs/main} naming the revision
 * the hub's main branch pointed to when it was downloaded). Never touches the network.
 */
public final class HfCache {
    private HfCache() {}

    /**
     * Cache directories to look in, in huggingface_hub's order: {@code $HF_HUB_CACHE}, else {@code $HF_HOME/hub},
     * else {@code ~/.cache/huggingface/hub}.
     */
    public static List<Path> roots(Map<String, String> env, Path userHome) {
        List<Path> out = new ArrayList<>();
        if (env.get("HF_HUB_CACHE") != null) {
            out.add(Path.of(env.get("HF_HUB_CACHE")));
        } else if (env.get("HF_HOME") != null) {
            out.add(Path.of(env.get("HF_HOME"), "hub"));
        } else {
            out.add(userHome.resolve(".cache").resolve("huggingface").resolve("hub"));
        }
        return out;
    }

    /** The folder huggingface_hub caches repo {@code org/name} in. */
    public static String repoFolder(String repoId) {
        return "models--" + repoId.replace("/", "--");
    }

    /**
     * The cached config.json of {@code repoId} ("org/name"): the revision {@code refs/main} names, else the only
     * snapshot that has a config.json; empty when the repo is not cached.
     *
     * @throws InputException when the repo is cached but no single config.json can be chosen
     */
    public static Optional<Path> find(String repoId, List<Path> roots) {
        for (Path root : roots) {
            Path repo = root.resolve(repoFolder(repoId));
            if (!Files.isDirectory(repo)) {
                continue;
            }
            Path snapshots = repo.resolve("snapshots");
            Path main = repo.resolve("refs").resolve("main");
            try {
                if (Files.isRegularFile(main)) {
                    String revision = Files.readString(main).trim();
                    Path config = snapshots.resolve(revision).resolve("config.json");
                    if (Files.isRegularFile(config)) {
                        return Optional.of(config);
                    }
                    throw new InputException("--model " + repoId + ": " + main + " names revision " + revision
                            + ", but " + config + " is not there; expected a complete download (or use --config DIR)");
                }
                List<Path> configs;
                try (Stream<Path> revisions = Files.isDirectory(snapshots) ? Files.list(snapshots) : Stream.empty()) {
                    configs = revisions.map(r -> r.resolve("config.json")).filter(Files::isRegularFile).sorted()
                            .toList();
                }
                if (configs.size() == 1) {
                    return Optional.of(configs.get(0));
                }
                if (configs.size() > 1) {
                    throw new InputException("--model " + repoId + ": " + snapshots + " holds " + configs.size()
                            + " revisions and no refs/main; expected one (or use --config DIR)");
                }
            } catch (IOException e) {
                throw new InputException("--model " + repoId + ": cannot read " + repo + ": " + e.getMessage());
            }
        }
        return Optional.empty();
    }
}
