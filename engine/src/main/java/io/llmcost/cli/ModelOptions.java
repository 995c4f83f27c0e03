package io.llmcost.cli;

import io.llmcost.io.ConfigJson;
import io.llmcost.io.HfCache;
import io.llmcost.model.Checkpoint;
import io.llmcost.model.Families;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.Presets;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --model NAME | --config FILE}: a built-in preset or a Hugging Face config.json. */
public final class ModelOptions {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--model", paramLabel = "NAME", required = true,
                description = "A built-in model (see 'llmcost models'), by name or Hugging Face repo id, or an org/name "
                        + "found in the local Hugging Face cache ($HF_HOME/hub), offline.")
        String preset;

        @Option(names = "--config", paramLabel = "FILE", required = true,
                description = "A Hugging Face config.json, or a snapshot directory holding one.")
        Path config;
    }

    public ConfigJson configJson() {
        return source.preset != null
                ? Presets.resolve(source.preset, HfCache.roots(System.getenv(), Path.of(System.getProperty("user.home"))))
                : ConfigJson.read(source.config);
    }

    public ModelSpec spec() {
        return Families.build(configJson());
    }

    /** The language model plus what a multimodal config adds (vision tower and projector, counted apart). */
    public Checkpoint checkpoint() {
        return Checkpoint.of(configJson());
    }

    /** The preset name or the config file's name, for titles. */
    public String label() {
        return source.preset != null ? source.preset : source.config.toString();
    }
}
