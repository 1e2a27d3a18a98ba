package dev.lepus.api.net;

import java.nio.ByteBuffer;

import dev.lepus.api.Bytes;

/**
 * The bytes a connection has read and the component has not consumed yet, as {@link NetHandler#onRead} sees them.
 * Indexes count from the first unconsumed byte. What the handler does not consume stays, and is presented again,
 * with what arrives next, at the next {@code onRead}: a parser consumes whole requests and leaves a partial one.
 *
 * <p>The view is valid only inside the {@code onRead} call it was passed to (the kernel reuses its buffers); copy
 * what must outlive it ({@link #take}, {@link #copy}).
 *
 * <p>Thread contract: not threadsafe; only inside the handler it was passed to.
 */
public interface NetInput {

    /**
     * Unconsumed bytes.
     *
     * @return the count
     */
    int readable();

    /**
     * One byte.
     *
     * @param index 0 to {@link #readable()} - 1
     * @return the byte
     * @throws IndexOutOfBoundsException if out of range
     */
    byte get(int index);

    /**
     * Copies bytes out without consuming them.
     *
     * @param index the first
     * @param dst where to
     * @param off where in {@code dst}
     * @param len how many
     * @throws IndexOutOfBoundsException if out of range
     */
    void get(int index, byte[] dst, int off, int len);

    /**
     * The first index at or after {@code from} that holds {@code b}.
     *
     * @param b the byte
     * @param from where to start
     * @return the index, or -1 if none
     */
    int indexOf(byte b, int from);

    /**
     * Consumes bytes.
     *
     * @param n how many, at most {@link #readable()}
     */
    void skip(int n);

    /**
     * Copies and consumes bytes.
     *
     * @param n how many
     * @return an immutable copy
     */
    Bytes take(int n);

    /**
     * Copies bytes without consuming them.
     *
     * @param index the first
     * @param len how many
     * @return an immutable copy
     */
    Bytes copy(int index, int len);

    /**
     * A read-only view of the unconsumed bytes, valid only inside this {@code onRead}. Reading it does not consume.
     *
     * @return the view, position 0, limit {@link #readable()}
     */
    ByteBuffer view();
}
