package io.llmcost.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** An I/O failure in words a user reads ("out/x.csv: no space left on device"), without Java class names. */
public final class IoErrors {
    private IoErrors() {}

    /** The file (the target of a move, when there is one) and the reason. */
    public static String describe(IOException e) {
        if (e instanceof FileSystemException fs) {
            String file = fs.getOtherFile() != null ? fs.getOtherFile() : fs.getFile();
            return (file == null ? "" : file + ": ") + reason(fs);
        }
        return e.getMessage() == null ? "input/output error" : e.getMessage();
    }

    private static String reason(FileSystemException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        String reason = e.getReason(); // the operating system's text, e.g. "No space left on device"
        if (reason == null || reason.isEmpty()) {
            return "file system error";
        }
        return reason.substring(0, 1).toLowerCase(java.util.Locale.ROOT) + reason.substring(1);
    }
}
