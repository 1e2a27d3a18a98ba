package dev.lepus.kernel;

import java.io.Serial;

import dev.lepus.api.Failure;

/** The cause with which a supervisor fails when a child escalates its failure to it. */
public final class EscalationException extends RuntimeException {

    @Serial
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param failure the child's failure
     */
    public EscalationException(final Failure failure) {
        super("child '" + failure.childName() + "' escalated its failure after " + failure.restarts()
            + " failure(s) in its window: " + failure.cause(), failure.cause());
    }
}
