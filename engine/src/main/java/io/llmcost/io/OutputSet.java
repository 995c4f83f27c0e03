package io.llmcost.io;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The files of one run, replaced as one set: never files of two runs side by side, never half a set.
 *
 * <p>{@link #open} takes a lock file beside the output directory ({@code .<dir>.lock}; a second run into the same
 * directory fails at once) and creates a fresh staging directory beside it ({@code .<dir>.<pid>.<random>.tmp}).
 * Files are written there; {@link #commit} renames the previous directory aside, renames the staging directory into
 * its place and deletes the previous one. Each rename is atomic, so a reader finds the old set, no directory for an
 * instant, or the new set. Files outside the directory (an {@code --all-points} file elsewhere) are staged in the
 * staging directory too and moved into place just after the swap (a failed move swaps the old set back); the
 * manifest (listed in the set's own JSON file) gives their size and SHA-256 so that a reader can tell whether they
 * belong to the set beside them.
 *
 * <p>A run stopped by SIGINT or SIGTERM deletes its staging directory ({@link TempPaths}); what a killed run left is
 * deleted by the next run into the same directory, under the lock.
 */
public final class OutputSet implements AutoCloseable {

    /** One file of the set as the manifest lists it; {@code name} is relative to the directory unless outside. */
    public record Entry(String name, long bytes, String sha256) {}

    private final Path dir;
    private final Path stage;
    private final FileChannel lockChannel;
    private final Set<String> names;
    private final List<Path[]> outside = new ArrayList<>(); // {staged, target}
    private final List<String> outsideNames = new ArrayList<>();
    private boolean committed;

    private OutputSet(Path dir, Path stage, FileChannel lockChannel, Set<String> names) {
        this.dir = dir;
        this.stage = stage;
        this.lockChannel = lockChannel;
        this.names = names;
    }

    /**
     * Locks {@code dir} and opens a staging directory for it; checks, before any work, that the directory may be
     * replaced: not a file system root, not a file, and holding only files of a previous set (this set's
     * {@code names} or those in the previous {@code manifest}'s {@code files}).
     *
     * @param what     the option that named the directory, e.g. "--out out/default", for messages
     * @param manifest the name of the set's JSON file whose {@code files} array lists the previous set
     */
    /** The lock file of output directory {@code dir} (absolute, not a root): {@code .<dir>.lock} beside it. */
    public static Path lockFile(Path dir) {
        return dir.resolveSibling("." + dir.getFileName() + ".lock");
    }

    public static OutputSet open(Path dir, String what, Set<String> names, String manifest) {
        Path abs = dir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent == null) {
            throw new InputException(what + ": is a file system root; expected a directory that llmcost may replace");
        }
        if (Files.exists(abs) && !Files.isDirectory(abs)) {
            throw new InputException(what + ": exists and is not a directory");
        }
        String name = abs.getFileName().toString();
        long pid = ProcessHandle.current().pid();
        String stageName = "." + name + "." + pid + "." + HexFormat.of().toHexDigits(
                ThreadLocalRandom.current().nextLong()) + ".tmp";
        AtomicFile.requireNameFits(stageName, what);
        Path lockFile = lockFile(abs);
        AtomicFile.requireNameFits(lockFile.getFileName().toString(), what);
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw new InputException(what + ": cannot create directory " + parent + " (a file is in the way)");
        } catch (IOException e) {
            throw new InputException(what + ": cannot create directory " + parent);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new InputException(what + ": cannot create the lock file " + lockFile + " (is " + parent
                    + " writable?)");
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // another thread of this JVM holds it
            }
            if (lock == null) {
                throw new Busy(what + ": another llmcost run is writing this directory (lock " + lockFile
                        + "); wait for it to finish or choose another directory");
            }
            removeLeftovers(parent, name, abs);
            requireOnlySetFiles(abs, what, names, manifest);
            Path stage = parent.resolve(stageName);
            TempPaths.register(stage);
            Files.createDirectory(stage);
            return new OutputSet(abs, stage, channel, Set.copyOf(names));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new InputException(what + ": cannot write in " + parent + " (" + e.getClass().getSimpleName()
                    .replace("Exception", "") + ")");
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    /** The staged path of {@code name}, one of the set's names. */
    public Path file(String name) {
        if (!names.contains(name)) {
            throw new IllegalArgumentException(name + " is not one of the set's files " + names);
        }
        return stage.resolve(name);
    }

    /** A staged path for a file outside the directory, moved to {@code target} by {@link #commit}. */
    public Path outsideFile(Path target) {
        Path staged = stage.resolve(".outside-" + outside.size());
        outside.add(new Path[] {staged, target});
        outsideNames.add(target.toString());
        return staged;
    }

    /** The files staged so far, in the set's order then outside files, with size and SHA-256: the manifest. */
    public List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (String n : new TreeSet<>(names)) {
            Path p = stage.resolve(n);
            if (Files.exists(p)) {
                out.add(new Entry(n, Files.size(p), sha256(p)));
            }
        }
        for (int i = 0; i < outside.size(); i++) {
            Path p = outside.get(i)[0];
            out.add(new Entry(outsideNames.get(i), Files.size(p), sha256(p)));
        }
        return out;
    }

    /** Moves the set into place (see the class comment). After a failure the previous set is still in place. */
    public void commit() throws IOException {
        synchronized (TempPaths.COMMIT) {
            if (TempPaths.stopping()) {
                throw new IOException("stopped before the output set was moved into place");
            }
            Path old = null;
            if (Files.exists(dir)) {
                old = stage.resolveSibling(stage.getFileName().toString().replaceFirst("\\.tmp$", ".old"));
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            }
            try {
                Files.move(stage, dir, StandardCopyOption.ATOMIC_MOVE);
                try {
                    // the set's one outside file (--all-points) replaces its old one only once the set is in place
                    for (Path[] o : outside) {
                        moveIntoPlace(dir.resolve(o[0].getFileName()), o[1]);
                    }
                } catch (IOException e) {
                    Files.move(dir, stage, StandardCopyOption.ATOMIC_MOVE);
                    throw e;
                }
            } catch (IOException e) {
                if (old != null) {
                    Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE);
                }
                throw e;
            }
            committed = true;
            TempPaths.release(stage);
            if (old != null) {
                TempPaths.deleteTree(old);
            }
        }
    }

    /** Deletes the staging directory unless committed, and releases the lock. */
    @Override
    public void close() throws IOException {
        try {
            if (!committed) {
                TempPaths.deleteTree(stage);
                TempPaths.release(stage);
            }
        } finally {
            lockChannel.close();
        }
    }

    /** Two runs into one directory: the second stops with one line (a runtime condition, exit 1). */
    public static final class Busy extends RuntimeException {
        Busy(String message) {
            super(message);
        }
    }

    private static void moveIntoPlace(Path staged, Path target) throws IOException {
        try {
            Files.move(staged, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // another file system: copy beside the target, then rename there
            AtomicFile.write(target, out -> Files.copy(staged, out));
        }
    }

    /**
     * Staging and set-aside directories of this directory that a killed run left: ours to delete, since we hold the
     * lock. A set-aside directory with no directory in its place is the last complete set: it is put back.
     */
    private static void removeLeftovers(Path parent, String name, Path dir) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote("." + name + ".") + "\\d+\\.[0-9a-f]{16}\\.(tmp|old)");
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path p : entries) {
                if (ours.matcher(p.getFileName().toString()).matches()) {
                    leftovers.add(p);
                }
            }
        }
        for (Path p : leftovers) {
            if (p.getFileName().toString().endsWith(".old") && !Files.exists(dir)) {
                Files.move(p, dir, StandardCopyOption.ATOMIC_MOVE);
            } else {
                TempPaths.deleteTree(p);
            }
        }
    }

    private static void requireOnlySetFiles(Path dir, String what, Set<String> names, String manifest)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        Set<String> allowed = new HashSet<>(names);
        allowed.add(manifest);
        Path previous = dir.resolve(manifest);
        if (Files.isRegularFile(previous)) {
            try {
                for (JsonNode f : JsonTree.readJson(Files.readAllBytes(previous)).path("files")) {
                    allowed.add(f.path("name").asText());
                }
            } catch (IOException e) {
                // not a manifest we wrote: only this set's names are allowed
            }
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String n = p.getFileName().toString();
                if (!allowed.contains(n) || !Files.isRegularFile(p)) {
                    throw new InputException(what + ": holds " + n + ", which no llmcost sweep wrote there; a sweep "
                            + "replaces the whole directory, so give a new or empty one");
                }
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e); // every Java platform has SHA-256
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing was written through it
        }
    }
}
