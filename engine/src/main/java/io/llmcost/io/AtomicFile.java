package io.llmcost.io;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file through a temporary file in the same directory and an atomic move: readers never see half a file,
 * and a failed write leaves the previous file (or none) in place.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** The body of a binary file write. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /** The body of a UTF-8 text file write. */
    @FunctionalInterface
    public interface TextBody {
        void write(Writer out) throws IOException;
    }

    /**
     * Longest file name, in bytes, that the file systems llmcost writes to accept (NAME_MAX of Linux ext4, xfs,
     * btrfs and tmpfs, and of macOS APFS); temporary names are checked against it before any work starts.
     */
    public static final int NAME_MAX_BYTES = 255;

    public static void write(Path target, Body body) throws IOException {
        Path tmp = tempFile(target);
        TempPaths.register(tmp);
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                body.write(out);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
            TempPaths.release(tmp);
        }
    }

    /** The temporary file beside {@code target} that {@link #write} moves into place. */
    static Path tempFile(Path target) {
        // Not Files.createTempFile: its owner-only permissions would stay on the file after the move.
        return target.toAbsolutePath().resolveSibling("." + target.getFileName() + "." + ProcessHandle.current().pid()
                + "." + Thread.currentThread().getId() + ".tmp");
    }

    /**
     * Checks, before any work, that {@code target} names a file that can be written through a temporary file
     * (not a directory or a file system root, and a name short enough with the temporary suffix).
     *
     * @param what the option or key that gave the path, for the message
     */
    public static void checkTarget(Path target, String what) {
        Path name = target.toAbsolutePath().normalize().getFileName();
        if (name == null || Files.isDirectory(target)) {
            throw new InputException(what + ": is a directory; expected a file name");
        }
        requireNameFits(tempFile(target).getFileName().toString(), what);
    }

    /** Fails with one line when {@code name} (a temporary name built from a user's name) exceeds NAME_MAX. */
    static void requireNameFits(String name, String what) {
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > NAME_MAX_BYTES) {
            throw new InputException(what + ": file name too long (" + bytes + " bytes with the temporary suffix, "
                    + "at most " + NAME_MAX_BYTES + ")");
        }
    }

    public static void writeText(Path target, TextBody body) throws IOException {
        write(target, out -> {
            try (Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8))) {
                body.write(text); // the body may close the writer itself (Commons CSV does); closing twice is fine
            }
        });
    }
}
