package io.llmcost.io;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reading the files a user names: bounded in size, and parse errors as one line that names the file. */
public final class InputFiles {
    private InputFiles() {}

    /**
     * Largest input file read: far above any config.json (the largest Hugging Face configs are a few hundred KB) or
     * sweep file, and small enough to read into memory; {@code /dev/zero} or a mistaken multi-GB file stops here.
     */
    public static final int MAX_BYTES = 64 << 20;

    /** The bytes of {@code file}, or an InputException naming it (missing, unreadable, a directory, too large). */
    public static byte[] read(Path file) {
        String name = file.toString();
        if (Files.isDirectory(file)) {
            throw new InputException(name + ": is a directory; expected a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(name, in);
        } catch (NoSuchFileException e) {
            throw new InputException(name + ": file not found");
        } catch (AccessDeniedException e) {
            throw new InputException(name + ": cannot read: permission denied");
        } catch (IOException e) {
            throw new InputException(name + ": cannot read: " + e.getMessage());
        }
    }

    /** At most {@link #MAX_BYTES} of {@code in}; more is an InputException naming {@code source}. */
    public static byte[] read(String source, InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1);
        if (bytes.length > MAX_BYTES) {
            throw new InputException(source + ": larger than " + (MAX_BYTES >> 20) + " MiB; expected a config or "
                    + "sweep file");
        }
        return bytes;
    }

    /**
     * A parser error as one line: the position when the parser knows it. Limit errors (nesting depth, number or
     * string length) carry no position; their message names the limit.
     *
     * @param format "JSON" or "YAML"
     */
    public static InputException parseError(String source, String format, JsonProcessingException e) {
        String message = e.getOriginalMessage() == null ? e.getClass().getSimpleName() : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            // e.g. "Document nesting depth (1001) exceeds the maximum allowed (1000, from `StreamReadConstraints...`)"
            int from = message.indexOf(", from `");
            if (from >= 0) {
                message = message.substring(0, from) + ")";
            }
            return new InputException(source + ": " + format + " beyond the parser's limits: " + oneLine(message));
        }
        JsonLocation at = e.getLocation();
        String where = at == null || at.getLineNr() < 0 ? "" : " at line " + at.getLineNr()
                + (at.getColumnNr() < 0 ? "" : ", column " + at.getColumnNr());
        return new InputException(source + ": invalid " + format + where + ": " + withoutJavaTerms(oneLine(message)));
    }

    /**
     * Jackson's message without its Java vocabulary: "Duplicate field 'x'" becomes "duplicate key 'x'", and the
     * trailing-token message (which names Java classes and a feature flag) becomes a plain sentence.
     */
    private static String withoutJavaTerms(String m) {
        if (m.startsWith("Duplicate field ")) {
            return "duplicate key " + m.substring("Duplicate field ".length());
        }
        if (m.startsWith("Trailing token")) {
            return "content after the first document (expected exactly one)";
        }
        return m;
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ").strip();
    }
}
