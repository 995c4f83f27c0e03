package io.llmcost.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the command line in-process, as a user would from a shell, capturing stdout, stderr and the exit code. */
final class Cli {
    private Cli() {}

    record Run(int exit, String out, String err) {}

    static Run run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** {@link #run} of the arguments {@code first} then {@code more}, asserting exit code 0 (stderr as message). */
    static Run ok(String[] first, String... more) {
        String[] args = Arrays.copyOf(first, first.length + more.length);
        System.arraycopy(more, 0, args, first.length, more.length);
        Run r = run(args);
        assertEquals(0, r.exit(), r.err());
        return r;
    }
}
