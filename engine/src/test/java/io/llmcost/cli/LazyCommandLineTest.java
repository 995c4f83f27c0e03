package io.llmcost.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The start-up path builds only the subcommand that runs ({@link Main#commandLine(String...)}); whatever the
 * arguments, it prints and returns exactly what the full command line does.
 */
class LazyCommandLineTest {

    private static String[] run(CommandLine cl, String[] args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "--help", "--version", "help analyze", "help train", "analyze --help",
            "sweep --help", "models", "analyze --model llama-3.1-8b", "--debug analyze --model gpt2",
            "train --model llama-3.1-8b", "optimal --flops 1e21", "serve --model llama-3.1-8b --gpu h100",
            "nosuchcommand", "--validate", "analyze --model sweep", "help nosuchcommand"})
    void theLazyCommandLinePrintsWhatTheFullOneDoes(String line) {
        String[] args = line.isEmpty() ? new String[0] : line.split(" ");
        String[] full = run(Main.commandLine(), args);
        String[] lazy = run(Main.commandLine(args), args);
        assertEquals(full[0], lazy[0], "exit code");
        assertEquals(full[1], lazy[1], "stdout");
        assertEquals(full[2], lazy[2], "stderr");
    }
}
