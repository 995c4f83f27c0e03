package io.llmcost.model;

import io.llmcost.io.ConfigJson;
import io.llmcost.io.HfCache;
import io.llmcost.io.InputException;
import io.llmcost.io.NameLookup;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Built-in models: real {@code config.json} files shipped under {@code models/}, indexed by {@code models/counts.csv},
 * which also holds their reference counts. Those counts were derived independently of this code, by enumerating the
 * tensors the {@code transformers} modeling classes create (docs/reference-counts/).
 */
public final class Presets {
    private Presets() {}

    private static final String DIR = "/models/";

    /**
     * One built-in model and its reference counts.
     *
     * @param repoId         the publisher's Hugging Face repository ("meta-llama/Llama-3.1-70B"), also a name for it
     * @param headlineTotal  the publisher's total as printed ("109B"), or empty where it is not a total
     * @param headlineActive the publisher's active figure as printed, or empty
     * @param headlineNote   why the counts differ from the headline where they do, or empty
     */
    public record Preset(String name, String modelType, long referenceTotal, long referenceActive,
                         String publishedFigure, String publishedSource, String repoId, String headlineTotal,
                         String headlineActive, String headlineNote) {}

    private static final List<Preset> ALL = load();

    public static List<Preset> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Preset::name).toList();
    }

    /** Repository ids (normalised) of the built-ins, as aliases of their names. */
    private static final Map<String, String> REPO_ALIASES = ALL.stream().filter(p -> !p.repoId().isEmpty())
            .collect(Collectors.toUnmodifiableMap(p -> NameLookup.normalise(p.repoId()), Preset::name));

    /** A built-in by name or Hugging Face repo id, any case; near misses get a "did you mean". */
    public static Preset find(String name) {
        return NameLookup.find("--model", "model", name, ALL, Preset::name, REPO_ALIASES);
    }

    /**
     * The config a user means by {@code --model NAME}: an "org/name" repo id found in the local Hugging Face cache
     * first (offline), else a built-in; an unknown name says where it looked.
     */
    public static ConfigJson resolve(String typed, List<Path> cacheRoots) {
        if (typed.contains("/")) {
            Optional<Path> cached = HfCache.find(typed.trim(), cacheRoots);
            if (cached.isPresent()) {
                return ConfigJson.read(cached.get());
            }
        }
        try {
            return config(find(typed).name());
        } catch (InputException e) {
            String looked = cacheRoots.stream().map(r -> r.resolve(HfCache.repoFolder(typed.trim()))
                    .toString()).collect(Collectors.joining(", "));
            throw new InputException(e.getMessage() + (typed.contains("/")
                    ? " (not in the Hugging Face cache either: no " + looked + ")" : ""));
        }
    }

    public static ConfigJson config(String name) {
        name = find(name).name();
        try (InputStream in = Presets.class.getResourceAsStream(DIR + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("preset " + name + " is indexed but its config is not packaged");
            }
            return ConfigJson.read(name + ".json", in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ModelSpec spec(String name) {
        return Families.build(config(name));
    }

    private static List<Preset> load() {
        try (InputStream in = Presets.class.getResourceAsStream(DIR + "counts.csv");
             Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            List<Preset> out = new ArrayList<>();
            CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get();
            for (CSVRecord r : format.parse(reader)) {
                out.add(new Preset(r.get("model"), r.get("model_type"), Long.parseLong(r.get("total_params")),
                        Long.parseLong(r.get("active_params_per_token")), r.get("published_figure"),
                        r.get("published_source"), r.get("hf_repo"), r.get("headline_total"),
                        r.get("headline_active"), r.get("headline_note")));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
