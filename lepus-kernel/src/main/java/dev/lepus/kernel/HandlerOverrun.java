package dev.lepus.kernel;

/**
 * Thrown at a check point into a handler that ran past the watchdog's limit: it unwinds the handler (an {@code Error},
 * so that a component's {@code catch (Exception e)} does not swallow it), and the component fails as if its handler
 * had thrown: its supervisor is told and its restart policy decides (a restart re-initialises it).
 */
public final class HandlerOverrun extends Error {

    private static final long serialVersionUID = 1L;

    HandlerOverrun(final String message) {
        super(message, null, false, false);
    }
}
