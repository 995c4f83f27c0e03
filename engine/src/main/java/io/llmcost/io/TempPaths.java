package io.llmcost.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Temporary files and directories of the running process, deleted by a shutdown hook when the JVM stops before they
 * are moved into place: SIGINT (Ctrl-C), SIGTERM and {@code System.exit} run the hook; SIGKILL cannot be caught, and
 * {@link OutputSet} removes what a killed run left the next time it writes the same directory.
 */
public final class TempPaths {
    private TempPaths() {}

    private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();
    /** Held while an output set is moved into place, so that the hook never deletes half of a commit. */
    static final Object COMMIT = new Object();
    /** Attempts to delete a directory that the still running main thread may be writing into. */
    private static final int DELETE_ATTEMPTS = 3;
    private static volatile boolean hooked;
    private static volatile boolean stopping;

    /** Deletes {@code path} (a file or a directory tree) if the JVM stops before {@link #release} is called. */
    public static void register(Path path) {
        hookOnce();
        LIVE.add(path);
    }

    public static void release(Path path) {
        LIVE.remove(path);
    }

    /** True once the shutdown hook has started: a commit must not begin after it. */
    static boolean stopping() {
        return stopping;
    }

    private static synchronized void hookOnce() {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(new Thread(TempPaths::removeAll, "llmcost-temp-cleanup"));
            hooked = true;
        }
    }

    /** The shutdown hook: waits for a commit in progress to finish, then deletes every registered path. */
    static void removeAll() {
        synchronized (COMMIT) {
            stopping = true;
            deleteRegistered();
        }
    }

    /** Deletes every registered path now (the hook's work, callable by a test without stopping commits). */
    static void deleteRegistered() {
        synchronized (COMMIT) {
            for (Path p : LIVE) {
                for (int attempt = 0; attempt < DELETE_ATTEMPTS; attempt++) {
                    try {
                        deleteTree(p);
                        break;
                    } catch (IOException | UncheckedIOException e) {
                        // the main thread created a file after the walk listed the directory: walk again
                    }
                }
                LIVE.remove(p);
            }
        }
    }

    /** Deletes a file, or a directory and everything under it; a missing path is not an error. */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.delete(p);
                } catch (NoSuchFileException e) {
                    // already gone
                }
            }
        } catch (NoSuchFileException e) {
            // removed meanwhile
        }
    }
}
