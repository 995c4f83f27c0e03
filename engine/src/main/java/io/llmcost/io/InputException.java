package io.llmcost.io;

/**
 * Bad user input: a file, a field or an option that does not hold what is expected. The message is one line that
 * names the source and the field; the CLI prints it without a stack trace and exits 2.
 */
public class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message);
    }

    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
