package io.llmcost.cli;

import io.llmcost.model.Headline;
import io.llmcost.model.ParameterCount;
import io.llmcost.model.Presets;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check every built-in model against its reference parameter counts (the independent tensor "
                + "enumeration of docs/reference-counts) and against the publisher's headline figure; exit 1 on any "
                + "mismatch or unexplained headline difference.")
public final class ValidateCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print one JSON object: {\"models\": [{name, reference_total, "
            + "computed_total, total_error, reference_active, computed_active, active_error, headline, headline_status, "
            + "headline_note}, ...], \"mismatches\", \"unexplained_headlines\"}.")
    boolean json;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Table t = new Table("model", "reference total", "computed total", "error", "reference active",
                "computed active", "error", "headline", "");
        int mismatches = 0, covered = 0, unexplained = 0;
        List<String> notes = new ArrayList<>();
        ObjectNode root = Json.object();
        ArrayNode models = root.putArray("models");
        for (Presets.Preset p : Presets.all()) {
            ParameterCount c = ParameterCount.of(Presets.spec(p.name()));
            long totalError = c.total() - p.referenceTotal();
            long activeError = c.active() - p.referenceActive();
            if (totalError != 0 || activeError != 0) {
                mismatches++;
            }
            String headline = headlineStatus(p, c);
            switch (headline) {
                case "=" -> covered++;
                case "DIFFERS" -> unexplained++;
                case "see note" -> notes.add(p.name() + ": " + p.headlineNote());
                default -> { }
            }
            t.row(p.name(), Format.thousands(p.referenceTotal()), Format.thousands(c.total()),
                    Format.thousands(totalError), Format.thousands(p.referenceActive()),
                    Format.thousands(c.active()), Format.thousands(activeError),
                    headlineText(p), headline);
            models.addObject().put("name", p.name()).put("reference_total", p.referenceTotal())
                    .put("computed_total", c.total()).put("total_error", totalError)
                    .put("reference_active", p.referenceActive()).put("computed_active", c.active())
                    .put("active_error", activeError).put("headline", headlineText(p))
                    .put("headline_status", headline.isEmpty() ? "none" : headline)
                    .put("headline_note", p.headlineNote());
        }
        root.put("mismatches", mismatches);
        root.put("unexplained_headlines", unexplained);
        if (json) {
            Json.print(out, root);
            return mismatches == 0 && unexplained == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
        }
        t.print(out);
        int n = Presets.all().size();
        out.printf("%n%d of %d models exact to the parameter%s%n", n - mismatches, n,
                mismatches == 0 ? "." : "; " + mismatches + " MISMATCHED.");
        out.printf("publisher's headline figures: %d printed as the count rounds, %d differ for the reasons below%s%n",
                covered, notes.size(), unexplained == 0 ? "." : "; " + unexplained + " UNEXPLAINED.");
        notes.forEach(note -> out.println("  " + note));
        out.flush();
        return mismatches == 0 && unexplained == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }

    private static String headlineText(Presets.Preset p) {
        if (p.headlineTotal().isEmpty() && p.headlineActive().isEmpty()) {
            return "-";
        }
        return (p.headlineTotal().isEmpty() ? "-" : p.headlineTotal())
                + (p.headlineActive().isEmpty() ? "" : " / " + p.headlineActive());
    }

    /** "=": the headline prints the count; "see note": it does not, and the catalog says why; else "DIFFERS". */
    static String headlineStatus(Presets.Preset p, ParameterCount c) {
        boolean covered = (p.headlineTotal().isEmpty() || Headline.parse(p.headlineTotal()).covers(c.total()))
                && (p.headlineActive().isEmpty() || Headline.parse(p.headlineActive()).covers(c.active()));
        if (p.headlineTotal().isEmpty() && p.headlineActive().isEmpty()) {
            return p.headlineNote().isEmpty() ? "" : "see note";
        }
        if (covered) {
            return "=";
        }
        return p.headlineNote().isEmpty() ? "DIFFERS" : "see note";
    }
}
