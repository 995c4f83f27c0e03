package io.llmcost.cli;

import io.llmcost.io.InputException;
import io.llmcost.io.OutputSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** The {@code llmcost} command line. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad input. */
@Command(name = "llmcost", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Exact parameter, FLOPs, memory and cost accounting for large language models.",
        subcommands = {AnalyzeCommand.class, SweepCommand.class, ValidateCommand.class, ModelsCommand.class,
                TrainCommand.class, ServeCommand.class, OptimalCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Option(names = "--debug", scope = ScopeType.INHERIT, description = "Print stack traces on errors.")
    boolean debug;

    @Option(names = "--model_config", paramLabel = "FILE", hidden = true,
            description = "Alias of 'analyze --config FILE' (kept from the seed program).")
    String legacyModelConfig;

    @Option(names = "--validate", hidden = true, description = "Alias of 'validate' (kept from the seed program).")
    boolean legacyValidate;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine cl = spec.commandLine();
        if (legacyValidate) {
            return cl.getSubcommands().get("validate").execute();
        }
        if (legacyModelConfig != null) {
            return cl.getSubcommands().get("analyze").execute("--config", legacyModelConfig);
        }
        cl.usage(cl.getOut());
        return EXIT_OK;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        return cl;
    }

    private static int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean debug = parsed.hasMatchedOption("--debug") || root(cl).debug;
        if (debug) {
            e.printStackTrace(err);
        }
        if (e instanceof InputException) {
            err.println("llmcost: " + e.getMessage());
            err.flush();
            return EXIT_BAD_INPUT;
        }
        if (e instanceof OutputSet.Busy) {
            err.println("llmcost: " + e.getMessage());
            err.flush();
            return EXIT_FAILURE;
        }
        err.println("llmcost: error: " + (e.getMessage() == null ? e.toString() : e.getMessage())
                + (debug ? "" : " (run with --debug for details)"));
        err.flush();
        return EXIT_FAILURE;
    }

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("llmcost: " + e.getMessage() + " (see '" + cl.getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    private static Main root(CommandLine cl) {
        CommandLine top = cl;
        while (top.getParent() != null) {
            top = top.getParent();
        }
        return (Main) top.getCommand();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"llmcost " + (v == null ? "dev" : v)};
        }
    }
}
