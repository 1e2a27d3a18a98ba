package dev.lepus.api.net;

/** A socket could not be opened as asked: the message says what and why (address in use, no permission, ...). */
public final class NetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * An exception.
     *
     * @param message what and why
     * @param cause the host's error, or null
     */
    public NetException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
