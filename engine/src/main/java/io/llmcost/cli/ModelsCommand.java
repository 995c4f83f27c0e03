package io.llmcost.cli;

import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;
import io.llmcost.model.Presets;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the built-in models (use with --model NAME) with total and active parameters.")
public final class ModelsCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON object: {\"models\": [{name, model_type, layers, "
            + "total, active}, ...]}.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Table t = new Table("name", "model_type", "layers", "total", "", "active", "");
        ObjectNode root = Json.object();
        ArrayNode models = root.putArray("models");
        for (Presets.Preset p : Presets.all()) {
            ModelSpec m = Presets.spec(p.name());
            ParameterCount c = ParameterCount.of(m);
            t.row(p.name(), m.modelType(), String.valueOf(m.numLayers()), Format.thousands(c.total()),
                    Format.suffixed(c.total()), Format.thousands(c.active()), Format.suffixed(c.active()));
            models.addObject().put("name", p.name()).put("model_type", m.modelType()).put("layers", m.numLayers())
                    .put("total", c.total()).put("active", c.active());
        }
        if (json) {
            Json.print(spec.commandLine().getOut(), root);
        } else {
            t.print(spec.commandLine().getOut());
        }
        return Main.EXIT_OK;
    }
}
