package io.llmcost.cli;

import io.llmcost.io.TempPaths;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The runs from which the launcher records its class-data-sharing archives ({@code -XX:DumpLoadedClassList}), so
 * that later runs map the classes instead of loading, parsing and verifying them from the jar: without arguments
 * each short command once, output discarded; with {@code sweep} the default sweep with its plots, into a temporary
 * directory that is then deleted. Not a user command; exit code 0 when every command succeeded.
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

    public static void main(String[] args) throws IOException {
        if (args.length == 1 && args[0].equals("sweep")) {
            Path out = Files.createTempDirectory("llmcost-warmup");
            int status;
            try {
                String dir = out.resolve("default").toString();
                status = run(List.<String[]>of(new String[] {"sweep", "--quiet", "--out", dir}));
            } finally {
                TempPaths.deleteTree(out);
            }
            System.exit(status);
        }
        System.exit(run(COMMANDS));
    }

    private static int run(List<String[]> commands) {
        int failed = 0;
        for (String[] command : commands) {
            var cl = Main.commandLine();
            cl.setOut(new PrintWriter(Writer.nullWriter()));
            cl.setErr(new PrintWriter(Writer.nullWriter()));
            if (cl.execute(command) != Main.EXIT_OK) {
                System.err.println("llmcost warm-up: " + String.join(" ", command) + " failed");
                failed++;
            }
        }
        return failed == 0 ? Main.EXIT_OK : Main.EXIT_FAILURE;
    }
}
