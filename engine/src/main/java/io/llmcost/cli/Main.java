package io.llmcost.cli;

import io.llmcost.io.InputException;
import io.llmcost.io.IoErrors;
import io.llmcost.io.NameLookup;
import io.llmcost.io.OutputSet;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** The {@code llmcost} command line. Exit codes: 0 ok, 1 runtime failure, 2 bad usage or bad input. */
@Command(name = "llmcost", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Exact parameter, FLOPs, memory and cost accounting for large language models.")
public final class Main implements Callable<Integer> {

    /**
     * The subcommands, in help order. Registered in code rather than in {@code @Command(subcommands)} so that a run
     * builds picocli's model (reflection over every option) only for the command it runs: see
     * {@link #commandLine(String...)}.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(AnalyzeCommand.class, SweepCommand.class,
            ValidateCommand.class, ModelsCommand.class, TrainCommand.class, ServeCommand.class, OptimalCommand.class,
            PlanCommand.class, InstallCommand.class, InstallCommand.Uninstall.class, CommandLine.HelpCommand.class);

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
        System.exit(commandLine(args).execute(args));
    }

    /** The configured command line with every subcommand; tests call {@code execute} on it with their own writers. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new Main()), null, null);
    }

    /**
     * The command line for these arguments: the subcommand they name is built in full, every other one as a stub
     * with its name and description only (enough for {@code llmcost --help}). Building picocli's model of all seven
     * commands was most of the start-up time of a short command. Should a stub ever be chosen by the parser, it runs
     * the arguments again on the full command line, so the result is the same as {@link #commandLine()}'s.
     */
    static CommandLine commandLine(String... args) {
        return configure(new CommandLine(new Main()), selected(args), args);
    }

    private static CommandLine configure(CommandLine cl, String selected, String[] args) {
        for (Class<?> c : SUBCOMMANDS) {
            Command a = c.getAnnotation(Command.class);
            if (args == null || a.name().equals(selected) || c == CommandLine.HelpCommand.class) {
                cl.addSubcommand(a.name(), newInstance(c));
            } else {
                CommandSpec stub = CommandSpec.wrapWithoutInspection((Callable<Integer>) () ->
                        commandLine().execute(args));
                stub.usageMessage().description(a.description());
                cl.addSubcommand(a.name(), stub);
            }
        }
        cl.setExecutionExceptionHandler(Main::handleExecutionException);
        cl.setParameterExceptionHandler(Main::handleParameterException);
        Numbers.register(cl);
        return cl;
    }

    /** The subcommand the arguments run: the first argument naming one, else the one a legacy option aliases. */
    static String selected(String[] args) {
        List<String> names = SUBCOMMANDS.stream().map(c -> c.getAnnotation(Command.class).name()).toList();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("help") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (names.contains(args[i])) {
                return args[i];
            }
            if (args[i].startsWith("--model_config")) {
                return "analyze";
            }
            if (args[i].equals("--validate")) {
                return "validate";
            }
        }
        return null;
    }

    private static Object newInstance(Class<?> c) {
        try {
            return c.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create command " + c.getName(), e);
        }
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
        err.println("llmcost: error: " + failure(e) + (debug ? "" : " (run with --debug for details)"));
        err.flush();
        return EXIT_FAILURE;
    }

    /** A runtime failure in words: the innermost I/O error of the cause chain by its file and reason. */
    private static String failure(Throwable e) {
        IOException io = null;
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException i) {
                io = i;
            }
        }
        if (io != null) {
            return IoErrors.describe(io);
        }
        String message = e.getMessage() == null ? "" : JAVA_CLASS_PREFIX.matcher(e.getMessage()).replaceAll("");
        return message.isBlank() ? "internal error" : message;
    }

    /** "java.lang.IllegalStateException: " and the like, which wrapped exceptions put in their messages. */
    private static final java.util.regex.Pattern JAVA_CLASS_PREFIX =
            java.util.regex.Pattern.compile("(?:[a-z_][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)(?::\\s*)?");

    private static int handleParameterException(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        err.println("llmcost: " + usageProblem(e, args) + " (see '" + cl.getCommandSpec().qualifiedName()
                + " --help')");
        err.flush();
        return EXIT_BAD_INPUT;
    }

    /**
     * picocli's message, with three repairs: an unknown option is named even when picocli first finds a required
     * option missing (its order of checks: {@code --tokes 1T} would only say that --tokens is missing); a near miss
     * gets a "did you mean"; a converter's message replaces picocli's wrapper, which names Java classes.
     */
    static String usageProblem(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        List<String> unknown = e instanceof CommandLine.UnmatchedArgumentException u ? u.getUnmatched()
                : e instanceof CommandLine.MissingParameterException ? unknownOptions(cl, args) : List.of();
        if (!unknown.isEmpty()) {
            String first = unknown.get(0);
            String name = first.split("=", 2)[0];
            List<String> candidates = new ArrayList<>(cl.getCommandSpec().optionsMap().keySet());
            candidates.addAll(cl.getSubcommands().keySet());
            String hint = NameLookup.suggest(name, candidates).map(c -> "; did you mean " + c + "?").orElse("");
            return (name.startsWith("-") ? "unknown option '" : "unexpected argument '") + name + "'" + hint;
        }
        if (e.getCause() != null && e.getCause().getMessage() != null && e.getArgSpec() instanceof
                CommandLine.Model.OptionSpec option) {
            return "Invalid value for option '" + option.longestName() + "': " + e.getCause().getMessage();
        }
        return e.getMessage();
    }

    /** The arguments after {@code cl}'s command name that look like options but are none of its options. */
    private static List<String> unknownOptions(CommandLine cl, String[] args) {
        CommandLine.Model.CommandSpec command = cl.getCommandSpec();
        List<String> unknown = new ArrayList<>();
        for (String a : args) {
            String name = a.split("=", 2)[0];
            if (name.startsWith("-") && name.length() > 1 && !name.matches("-[0-9.].*")
                    && command.findOption(name) == null && !isAncestorOption(cl, name)) {
                unknown.add(a);
            }
        }
        return unknown;
    }

    private static boolean isAncestorOption(CommandLine cl, String name) {
        for (CommandLine p = cl.getParent(); p != null; p = p.getParent()) {
            if (p.getCommandSpec().findOption(name) != null) {
                return true;
            }
        }
        return false;
    }

    private static Main root(CommandLine cl) {
        CommandLine top = cl;
        while (top.getParent() != null) {
            top = top.getParent();
        }
        return (Main) top.getCommand();
    }

    /** Version, commit and build date from the jar's manifest (written by the build); "dev" outside a jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws java.io.IOException {
            java.net.URL url = Main.class.getResource("/META-INF/MANIFEST.MF");
            java.util.jar.Attributes a = null;
            if (url != null && url.getProtocol().equals("jar")) {
                try (java.io.InputStream in = url.openStream()) {
                    a = new java.util.jar.Manifest(in).getMainAttributes();
                }
            }
            if (a == null || a.getValue("Implementation-Version") == null) {
                return new String[] {"llmcost dev (not built as a jar)"};
            }
            return new String[] {"llmcost " + a.getValue("Implementation-Version"),
                    "commit " + a.getValue("Build-Commit")
                    + ("true".equals(a.getValue("Build-Dirty")) ? " with uncommitted changes" : ""), "built " + a.getValue("Build-Date")};
        }
    }
}
