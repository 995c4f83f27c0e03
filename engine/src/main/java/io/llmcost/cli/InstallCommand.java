package io.llmcost.cli;

import io.llmcost.io.AtomicFile;
import io.llmcost.io.InputException;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code llmcost install}: copies the running jar and a launcher under a prefix, with shell completion generated
 * from the picocli model ({@link AutoComplete}) and the man pages the build generated from the same model
 * (bundled in the jar under {@code man/}). A list of what was written is kept beside the jar for {@code uninstall}.
 */
@Command(name = "install", mixinStandardHelpOptions = true,
        description = "Install llmcost under a prefix: PREFIX/bin/llmcost, PREFIX/lib/llmcost/llmcost.jar, bash/zsh "
                + "completion and man pages. Runs from any directory afterwards, without Maven.")
public final class InstallCommand implements Callable<Integer> {

    static final String MANIFEST = "installed-files.txt";

    @Option(names = "--prefix", paramLabel = "DIR", description = "Install prefix (default: ~/.local).")
    Path prefix;

    @Option(names = "--jar", paramLabel = "FILE", hidden = true,
            description = "The jar to install (default: the running one).")
    Path jar;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static Path defaultPrefix() {
        return Path.of(System.getProperty("user.home"), ".local");
    }

    @Override
    public Integer call() throws IOException {
        Path root = (prefix == null ? defaultPrefix() : prefix).toAbsolutePath().normalize();
        Path source = jar == null ? runningJar() : jar;
        if (!Files.isRegularFile(source)) {
            throw new InputException("--jar " + source + ": not a file; expected the llmcost jar");
        }
        List<Path> written = new ArrayList<>();
        Path lib = root.resolve("lib/llmcost");
        Path installedJar = lib.resolve("llmcost.jar");
        copy(source, installedJar, written);

        Path bin = root.resolve("bin/llmcost");
        write(bin, "#!/usr/bin/env bash\n"
                + "# llmcost launcher written by 'llmcost install'; JVM options in LLMCOST_JAVA_OPTS (e.g. -Xmx1g).\n"
                + "# shellcheck disable=SC2086\n"
                + "exec java ${LLMCOST_JAVA_OPTS:-} -jar " + shellQuote(installedJar.toString()) + " \"$@\"\n",
                written);
        Files.setPosixFilePermissions(bin, PosixFilePermissions.fromString("rwxr-xr-x"));

        // picocli's script completes in bash, and in zsh after bashcompinit (the script loads it under zsh).
        String completion = AutoComplete.bash("llmcost", Main.commandLine());
        write(root.resolve("share/bash-completion/completions/llmcost"), completion, written);
        write(root.resolve("share/zsh/site-functions/llmcost-completion.bash"), completion, written);

        for (String page : manPages()) {
            try (InputStream in = InstallCommand.class.getResourceAsStream("/man/" + page)) {
                if (in == null) {
                    throw new IOException("man page " + page + " is missing from the jar; docs/man is out of date "
                            + "(regenerate: mvn -Pman -pl engine -am process-test-classes)");
                }
                byte[] bytes = in.readAllBytes();
                Path target = root.resolve("share/man/man1").resolve(page);
                Files.createDirectories(target.getParent());
                AtomicFile.write(target, out -> out.write(bytes));
                written.add(target);
            }
        }
        List<String> lines = written.stream().map(Path::toString).toList();
        write(lib.resolve(MANIFEST), String.join("\n", lines) + "\n", new ArrayList<>());

        PrintWriter out = spec.commandLine().getOut();
        out.printf("installed llmcost under %s (%d files):%n  %s%n", root, written.size(), bin);
        out.printf("  bash: completion loads from %s when bash-completion is set up; otherwise source it%n",
                root.resolve("share/bash-completion/completions/llmcost"));
        out.printf("  zsh:  add 'source %s' to ~/.zshrc%n",
                root.resolve("share/zsh/site-functions/llmcost-completion.bash"));
        out.printf("  man:  man llmcost-train (add %s to MANPATH if needed)%n", root.resolve("share/man"));
        if (!System.getenv().getOrDefault("PATH", "").contains(root.resolve("bin").toString())) {
            out.printf("  note: %s is not on PATH%n", root.resolve("bin"));
        }
        out.flush();
        return Main.EXIT_OK;
    }

    /** One page per command of the picocli model, named as picocli's ManPageGenerator names them. */
    static List<String> manPages() {
        CommandLine cl = Main.commandLine();
        List<String> pages = new ArrayList<>();
        pages.add("llmcost.1");
        cl.getSubcommands().values().stream().map(c -> c.getCommandSpec().name()).distinct()
                .forEach(name -> pages.add("llmcost-" + name + ".1"));
        return pages;
    }

    private static Path runningJar() {
        try {
            Path p = Path.of(InstallCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!Files.isRegularFile(p)) {
                throw new InputException("install: llmcost is not running from its jar (" + p + "); run it as "
                        + "./llmcost install, which builds the jar first");
            }
            return p;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copy(Path from, Path to, List<Path> written) throws IOException {
        Files.createDirectories(to.getParent());
        AtomicFile.write(to, out -> Files.copy(from, out));
        written.add(to);
    }

    private static void write(Path to, String text, List<Path> written) throws IOException {
        Files.createDirectories(to.getParent());
        AtomicFile.writeText(to, w -> w.write(text));
        written.add(to);
    }

    static String shellQuote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    /** {@code llmcost uninstall}: removes exactly the files {@code install} listed, then empty folders it made. */
    @Command(name = "uninstall", mixinStandardHelpOptions = true,
            description = "Remove what 'llmcost install' put under a prefix.")
    public static final class Uninstall implements Callable<Integer> {
        @Option(names = "--prefix", paramLabel = "DIR", description = "Install prefix (default: ~/.local).")
        Path prefix;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws IOException {
            Path root = (prefix == null ? defaultPrefix() : prefix).toAbsolutePath().normalize();
            Path lib = root.resolve("lib/llmcost");
            Path manifest = lib.resolve(MANIFEST);
            if (!Files.isRegularFile(manifest)) {
                throw new InputException("--prefix " + root + ": no llmcost installation there (" + manifest
                        + " not found)");
            }
            List<Path> files = Files.readAllLines(manifest).stream().filter(l -> !l.isBlank()).map(Path::of).toList();
            int removed = 0;
            for (Path f : files) {
                if (!f.normalize().startsWith(root)) {
                    throw new InputException(manifest + ": lists " + f + ", outside " + root + "; nothing removed "
                            + "after it");
                }
                if (Files.deleteIfExists(f)) {
                    removed++;
                }
            }
            Files.deleteIfExists(manifest);
            try (var left = Files.list(lib)) {
                if (left.findAny().isEmpty()) {
                    Files.delete(lib); // llmcost's own folder; shared folders (bin, share/...) stay
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            out.printf("removed %d files of llmcost from %s%n", removed, root);
            out.flush();
            return Main.EXIT_OK;
        }
    }
}
