package dev.lepus.kernel;

import dev.lepus.api.net.Connection;

/**
 * What a live connection and its replayed stand-in share: the state the component sees, which depends on its events
 * alone (whether it has seen the connection closed) or is its own (its attachment).
 *
 * <p>Thread contract: not threadsafe; its kernel's (or the replaying) thread.
 */
abstract class ConnectionView implements Connection {

    /** Closed as its component sees it: it closed it, or handled its onClosed; what {@link #isOpen()} says. */
    boolean seenClosed;
    private Object attachment;

    /**
     * Open as the component sees it: until it closes the connection or handles its {@code onClosed}; a close the
     * kernel noticed meanwhile shows in the next event, so that the answer depends on the events alone (replay).
     */
    @Override
    public final boolean isOpen() {
        return !seenClosed;
    }

    @Override
    public final void attach(final Object value) {
        attachment = value;
    }

    @Override
    public final Object attachment() {
        return attachment;
    }
}
