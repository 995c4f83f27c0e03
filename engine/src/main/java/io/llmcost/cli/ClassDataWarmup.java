package io.llmcost.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.util.List;

/**
 * The run from which the launcher records its class-data-sharing archive ({@code -XX:ArchiveClassesAtExit}): each
 * command once, output discarded, so that the archive holds the classes every command loads and later runs map
 * them instead of loading, parsing and verifying them from the jar. Not a user command; exit code 0 when every
 * command succeeded.
 */
public final class ClassDataWarmup {
    private ClassDataWarmup() {}

    static final List<String[]> COMMANDS = List.of(
            new String[] {"--help"},
            new String[] {"models"},
            new String[] {"analyze", "--model", "llama-3.1-8b"},
            new String[] {"analyze", "--model", "llama-3.1-8b", "--json"},
            new String[] {"train", "--model", "llama-3.1-8b", "--tokens", "15T"},
            new String[] {"serve", "--model", "llama-3.1-8b"},
            new String[] {"optimal", "--flops", "1e23"},
            new String[] {"validate"});

    public static void main(String[] args) {
        int failed = 0;
        for (String[] command : COMMANDS) {
            var cl = Main.commandLine();
            cl.setOut(new PrintWriter(Writer.nullWriter()));
            cl.setErr(new PrintWriter(Writer.nullWriter()));
            if (cl.execute(command) != Main.EXIT_OK) {
                System.err.println("llmcost warm-up: " + String.join(" ", command) + " failed");
                failed++;
            }
        }
        System.exit(failed == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE);
    }
}
