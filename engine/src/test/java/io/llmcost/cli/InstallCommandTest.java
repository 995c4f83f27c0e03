package io.llmcost.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InstallCommandTest {

    @Test
    void installsJarLauncherCompletionAndOneManPagePerCommandThenUninstallsThem(@TempDir Path dir) throws IOException {
        Path jar = Files.write(dir.resolve("built.jar"), new byte[] {'P', 'K', 3, 4, 42});
        Path prefix = dir.resolve("prefix with space");
        Cli.Run run = Cli.run("install", "--prefix", prefix.toString(), "--jar", jar.toString());
        assertEquals(0, run.exit(), run.err());

        assertArrayEquals(Files.readAllBytes(jar), Files.readAllBytes(prefix.resolve("lib/llmcost/llmcost.jar")));
        Path bin = prefix.resolve("bin/llmcost");
        assertTrue(Files.getPosixFilePermissions(bin).contains(PosixFilePermission.OWNER_EXECUTE));
        // The launcher names the installed jar by its absolute path, quoted for the shell.
        assertTrue(Files.readString(bin).contains("-jar '" + prefix.resolve("lib/llmcost/llmcost.jar") + "'"),
                Files.readString(bin));
        String completion = Files.readString(prefix.resolve("share/bash-completion/completions/llmcost"));
        assertTrue(completion.contains("complete -F"), "a bash completion function is registered");
        for (String command : new String[] {"analyze", "sweep", "train", "serve", "optimal", "models"}) {
            assertTrue(completion.contains(command), command + " completes");
            String page = Files.readString(prefix.resolve("share/man/man1/llmcost-" + command + ".1"));
            assertTrue(page.startsWith("'\\\" t") && page.contains(".TH \"LLMCOST\\-" + command.toUpperCase()),
                    "troff man page for " + command);
        }
        assertTrue(Files.isRegularFile(prefix.resolve("share/man/man1/llmcost.1")));

        Cli.Run un = Cli.run("uninstall", "--prefix", prefix.toString());
        assertEquals(0, un.exit(), un.err());
        assertFalse(Files.exists(bin));
        assertFalse(Files.exists(prefix.resolve("lib/llmcost")));
        assertFalse(Files.exists(prefix.resolve("share/man/man1/llmcost-train.1")));
    }

    @Test
    void uninstallWithoutAnInstallationIsBadInput(@TempDir Path dir) {
        Cli.Run run = Cli.run("uninstall", "--prefix", dir.toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("no llmcost installation"), run.err());
        assertEquals(1, run.err().strip().lines().count());
    }
}
