package io.llmcost.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.llmcost.io.NameLookup;
import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;
import io.llmcost.model.Presets;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the built-in models (use with --model NAME or --model ORG/NAME) with total and active "
                + "parameters.")
public final class ModelsCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "FILTER",
            description = "Only models whose name, Hugging Face repo id or model_type contains FILTER (any case).")
    String filter;

    @Option(names = "--json", description = "Print one JSON object: {\"models\": [{name, hf_repo, model_type, layers, "
            + "total, active, published_figure}, ...]}.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        String key = filter == null ? "" : NameLookup.normalise(filter);
        List<Presets.Preset> shown = Presets.all().stream().filter(p -> NameLookup.normalise(p.name()).contains(key)
                || NameLookup.normalise(p.repoId()).contains(key) || NameLookup.normalise(p.modelType()).contains(key))
                .toList();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode root = Json.object();
            ArrayNode array = root.putArray("models");
            for (Presets.Preset p : shown) {
                ModelSpec m = Presets.spec(p.name());
                ParameterCount c = ParameterCount.of(m);
                ObjectNode o = array.addObject();
                o.put("name", p.name());
                o.put("hf_repo", p.repoId());
                o.put("model_type", m.modelType());
                o.put("layers", m.numLayers());
                o.put("total", c.total());
                o.put("active", c.active());
                o.put("published_figure", p.publishedFigure());
            }
            Json.print(out, root);
        } else {
            Table t = new Table("name", "hf repo", "model_type", "layers", "total", "", "active", "");
            for (Presets.Preset p : shown) {
                ModelSpec m = Presets.spec(p.name());
                ParameterCount c = ParameterCount.of(m);
                t.row(p.name(), p.repoId(), m.modelType(), String.valueOf(m.numLayers()), Format.thousands(c.total()),
                        Format.suffixed(c.total()), Format.thousands(c.active()), Format.suffixed(c.active()));
            }
            t.print(out);
        }
        out.flush();
        return Main.EXIT_OK;
    }
}
