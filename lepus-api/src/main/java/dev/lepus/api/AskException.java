package dev.lepus.api;

import java.io.Serial;

/** Why an {@link Context#ask} failed. */
public final class AskException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /** The reasons an ask can fail. */
    public enum Reason {
        /** No reply came within the timeout. */
        TIMEOUT,
        /** The callee's handler threw while handling the request. */
        CALLEE_FAILED,
        /** The callee stopped before it replied. */
        CALLEE_STOPPED,
        /** The request was not accepted (mailbox or channel full, or the callee had stopped already). */
        REFUSED
    }

    private final Reason reason;

    /**
     * Creates the exception.
     *
     * @param reason why the ask failed
     * @param message what happened, naming the callee
     */
    public AskException(final Reason reason, final String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /**
     * Why the ask failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }
}
