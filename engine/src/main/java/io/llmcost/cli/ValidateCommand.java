package io.llmcost.cli;

import io.llmcost.model.ParameterCount;
import io.llmcost.model.Presets;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check every built-in model against its reference parameter counts; exit 1 on any mismatch.")
public final class ValidateCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON object: {\"models\": [{name, reference_total, "
            + "computed_total, total_error, reference_active, computed_active, active_error}, ...], \"mismatches\"}.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Table t = new Table("model", "reference total", "computed total", "error", "reference active",
                "computed active", "error");
        int mismatches = 0;
        ObjectNode root = Json.object();
        ArrayNode models = root.putArray("models");
        for (Presets.Preset p : Presets.all()) {
            ParameterCount c = ParameterCount.of(Presets.spec(p.name()));
            long totalError = c.total() - p.referenceTotal();
            long activeError = c.active() - p.referenceActive();
            if (totalError != 0 || activeError != 0) {
                mismatches++;
            }
            t.row(p.name(), Format.thousands(p.referenceTotal()), Format.thousands(c.total()),
                    Format.thousands(totalError), Format.thousands(p.referenceActive()),
                    Format.thousands(c.active()), Format.thousands(activeError));
            models.addObject().put("name", p.name()).put("reference_total", p.referenceTotal())
                    .put("computed_total", c.total()).put("total_error", totalError)
                    .put("reference_active", p.referenceActive()).put("computed_active", c.active())
                    .put("active_error", activeError);
        }
        root.put("mismatches", mismatches);
        if (json) {
            Json.print(out, root);
            return mismatches == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
        }
        t.print(out);
        out.printf("%n%d of %d models exact to the parameter%s%n", Presets.all().size() - mismatches,
                Presets.all().size(), mismatches == 0 ? "." : "; " + mismatches + " MISMATCHED.");
        out.flush();
        return mismatches == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }
}
