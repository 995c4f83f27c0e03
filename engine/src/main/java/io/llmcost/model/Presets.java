package io.llmcost.model;

import io.llmcost.io.ConfigJson;
import io.llmcost.io.InputException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Built-in models: real {@code config.json} files shipped under {@code models/}, indexed by {@code models/counts.csv},
 * which also holds their reference counts. Those counts were derived independently of this code, by enumerating the
 * tensors the {@code transformers} modeling classes create (docs/reference-counts/hf-tensors.md).
 */
public final class Presets {
    private Presets() {}

    private static final String DIR = "/models/";

    /** One built-in model and its reference counts. */
    public record Preset(String name, String modelType, long referenceTotal, long referenceActive,
                         String publishedFigure, String publishedSource) {}

    private static final List<Preset> ALL = load();

    public static List<Preset> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Preset::name).toList();
    }

    public static Preset find(String name) {
        return ALL.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() -> new InputException(
                "--model " + name + ": unknown model; expected one of " + String.join(", ", names())));
    }

    public static ConfigJson config(String name) {
        find(name);
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
                        r.get("published_source")));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
