package dev.lepus.examples.http;

/**
 * A request the parser refuses, with the status to answer it with; the message is the short plain text that the
 * answer carries as its body, such as {@code bad request: invalid Content-Length 'abc'}. After a refusal the
 * connection's input cannot be read further: answer ({@link HttpResponseWriter#error}) and close.
 *
 * <p>It carries no stack trace: it reports the client's bytes, not a fault of the server, so refusing garbage costs
 * no stack walk.
 *
 * <p>Thread contract: immutable; threadsafe.
 */
public final class HttpRequestException extends Exception {

    private final int status;

    /**
     * A refusal.
     *
     * @param status the status to answer, 400 to 599
     * @param message what was wrong, in printable ASCII, to be sent to the client
     * @throws IllegalArgumentException if the status is not an error status
     */
    public HttpRequestException(final int status, final String message) {
        super(message, null, false, false);
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a refusal's status must be 400 to 599, not " + status);
        }
        this.status = status;
    }

    /**
     * The status to answer with: 400, 413, 431, 501 or 505 from the parser.
     *
     * @return the status
     */
    public int status() {
        return status;
    }
}
