package io.llmcost.cli;

import picocli.codegen.docgen.manpage.ManPageGenerator;

import java.io.File;
import java.io.IOException;

/**
 * Writes the AsciiDoc sources of docs/man from the CLI's picocli model, every subcommand included (the build's
 * profile "man" runs it, then Asciidoctor). Not a test: it lives in test scope so that picocli-codegen stays out of
 * the runnable jar. Main registers its subcommands programmatically (it builds only the one that runs), which
 * picocli's own command-line generator, reading the annotations alone, would not see.
 */
public final class ManPages {
    private ManPages() {}

    public static void main(String[] args) throws IOException {
        int status = ManPageGenerator.generateManPage(new File(args[0]), null, new boolean[0], true,
                Main.commandLine().getCommandSpec());
        if (status != 0) {
            throw new IOException("man page generation failed with status " + status);
        }
    }
}
