package dev.lepus.bench.net;

import java.io.Serial;

/**
 * A client or server program of the benchmark could not be started, failed, overran its time limit, or printed
 * something that could not be read; the message says which and quotes what the program printed.
 *
 * <p>Thread contract: immutable once thrown.
 */
public final class ToolException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * An exception.
     *
     * @param message what failed, with the program's output
     */
    public ToolException(final String message) {
        super(message);
    }

    /**
     * An exception with a cause.
     *
     * @param message what failed, with the program's output
     * @param cause why
     */
    public ToolException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
