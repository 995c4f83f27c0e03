package io.llmcost.cli;

import io.llmcost.plot.Plot;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of option values that picocli's types do not express; failures are usage errors (exit 2). */
final class Options {
    private Options() {}

    static void requirePositive(CommandSpec spec, String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + "=" + value + ": expected a positive number");
        }
    }

    static void requirePositive(CommandSpec spec, String option, long value) {
        if (value <= 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + "=" + value + ": expected a positive integer");
        }
    }

    /**
     * A plot file must name its format by extension (.png or .svg) and go into a directory that exists: a typo in
     * the directory is an error, not a new directory tree.
     */
    static void requirePlotFile(CommandSpec spec, String option, Path file) {
        try {
            Plot.Format.of(file);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + "=" + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + "=" + file + ": no such directory "
                    + file.getParent());
        }
        if (Files.isDirectory(file)) {
            throw new CommandLine.ParameterException(spec.commandLine(), option + "=" + file
                    + ": is a directory; expected a file name");
        }
    }
}
