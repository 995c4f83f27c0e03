package io.llmcost.cli;

import io.llmcost.model.ModelSpec;
import io.llmcost.model.ParameterCount;
import io.llmcost.model.Presets;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "models", mixinStandardHelpOptions = true,
        description = "List the built-in models (use with --model NAME) with total and active parameters.")
public final class ModelsCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        Table t = new Table("name", "model_type", "layers", "total", "", "active", "");
        for (Presets.Preset p : Presets.all()) {
            ModelSpec m = Presets.spec(p.name());
            ParameterCount c = ParameterCount.of(m);
            t.row(p.name(), m.modelType(), String.valueOf(m.numLayers()), Format.thousands(c.total()),
                    Format.suffixed(c.total()), Format.thousands(c.active()), Format.suffixed(c.active()));
        }
        t.print(spec.commandLine().getOut());
        return Main.EXIT_OK;
    }
}
