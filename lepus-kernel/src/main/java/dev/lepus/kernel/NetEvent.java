package dev.lepus.kernel;

import dev.lepus.api.net.CloseReason;

/**
 * What happened on a socket, queued in its owner's mailbox as a kernel event and handled when the owner's turn comes,
 * in order with its messages. A connection keeps one read and one writable event and queues each at most once at a
 * time ({@link #queued}), so a busy socket allocates nothing per read; accepts, connects and closes are made when they
 * happen.
 *
 * <p>Thread contract: not threadsafe; its kernel's thread.
 */
final class NetEvent {

    /** A listener accepted the connection, or it was handed over: {@code onAccepted}. */
    static final int ACCEPTED = 1;
    /** A connect finished: {@code onConnected}. */
    static final int CONNECTED = 2;
    /** The socket is readable: the kernel reads when the event is handled, then {@code onRead}. */
    static final int READ = 3;
    /** The output drained after a refused write: {@code onWritable}. */
    static final int WRITABLE = 4;
    /** The connection closed: {@code onClosed}. */
    static final int CLOSED = 5;

    final int kind;
    final NetConnection connection;
    /** For {@link #CLOSED}: why. */
    final CloseReason reason;
    /** Whether it is in the owner's mailbox now (reusable events only). */
    boolean queued;

    NetEvent(final int kind, final NetConnection connection, final CloseReason reason) {
        this.kind = kind;
        this.connection = connection;
        this.reason = reason;
    }

    @Override
    public String toString() {
        return "NetEvent[" + kind + " on connection " + connection.id + (reason == null ? "" : " " + reason) + "]";
    }
}
