package dev.lepus.api.net;

import java.nio.ByteBuffer;
import java.time.Duration;

import dev.lepus.api.Bytes;

/**
 * A TCP connection of a component: accepted by one of its listeners, connected by it, or handed over to it.
 *
 * <p>Writes are queued in the connection's pooled off-heap output buffer and written to the socket at the end of the
 * kernel's duty cycle, so the replies to a pipelined batch leave in one system call. A write that does not fit under
 * the output limit is refused as a whole ({@link WriteResult#FULL}), and {@link NetHandler#onWritable} follows when
 * the queue has drained to half the limit: a client that never reads cannot make the node buffer without bound.
 *
 * <p>Thread contract: not threadsafe; only inside its component's handlers, on its kernel.
 */
public interface Connection {

    /**
     * Its id, unique in the node while it is open.
     *
     * @return the id
     */
    long id();

    /**
     * The other end's address and port, such as {@code 127.0.0.1:51234}.
     *
     * @return the address
     */
    String remote();

    /**
     * Queues bytes for writing.
     *
     * @param src the bytes from its position to its limit; its position moves past them if they were queued
     * @return {@link WriteResult#OK}, or {@link WriteResult#FULL} (nothing queued) or {@link WriteResult#CLOSED}
     */
    WriteResult write(ByteBuffer src);

    /**
     * Queues bytes for writing.
     *
     * @param src the array
     * @param off the first byte
     * @param len how many
     * @return {@link WriteResult#OK}, or {@link WriteResult#FULL} (nothing queued) or {@link WriteResult#CLOSED}
     */
    default WriteResult write(final byte[] src, final int off, final int len) {
        return write(ByteBuffer.wrap(src, off, len));
    }

    /**
     * Queues bytes for writing.
     *
     * @param src the bytes
     * @return {@link WriteResult#OK}, or {@link WriteResult#FULL} (nothing queued) or {@link WriteResult#CLOSED}
     */
    default WriteResult write(final Bytes src) {
        return write(src.toByteArray(), 0, src.length());
    }

    /**
     * How many more bytes a write may queue now before it is refused.
     *
     * @return the room, 0 when closed
     */
    int writeRoom();

    /** Stops reading from the socket: no {@link NetHandler#onRead} until {@link #resumeReading()}. */
    void pauseReading();

    /** Reads again after {@link #pauseReading()}; bytes read but not consumed are delivered again first. */
    void resumeReading();

    /**
     * Closes the connection once its queued output is written ({@link CloseReason#CLOSED_BY_SELF}); nothing is read
     * from it any more.
     */
    void close();

    /** Closes the connection now, dropping its queued output (a reset for the other end). */
    void abort();

    /**
     * Closes the connection when nothing arrives on it for {@code timeout} ({@link CloseReason#IDLE_TIMEOUT}).
     *
     * @param timeout the idle time; {@link Duration#ZERO} for never
     */
    void idleTimeout(Duration timeout);

    /**
     * Whether it is open: connected (or connecting) and not closed.
     *
     * @return true if open
     */
    boolean isOpen();

    /**
     * Attaches a value of the component's to the connection, such as its protocol state.
     *
     * @param value the value, or null for none
     */
    void attach(Object value);

    /**
     * The value attached, or null.
     *
     * @return the attachment
     */
    Object attachment();
}
