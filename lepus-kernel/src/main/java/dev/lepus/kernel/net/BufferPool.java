package dev.lepus.kernel.net;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * Direct (off-heap) byte buffers of a kernel's sockets, by power-of-two size class from {@link #MIN_SIZE}, reused
 * instead of allocated: a connection takes an input or output buffer only while it holds bytes, and gives it back
 * when it empties, so an idle connection holds none and the steady state allocates nothing.
 *
 * <p>Bounded: the pool keeps at most {@code retainedBytes} of free buffers; a buffer given back beyond that is left to
 * the garbage collector (which frees its memory). What is in use is bounded by the connections' own limits (input
 * and output limits times open connections), not by the pool.
 *
 * <p>Thread contract: not threadsafe; one pool per kernel, used on its thread.
 */
public final class BufferPool {

    /** The smallest buffer: 16 KiB. */
    public static final int MIN_SIZE = 16 * 1024;
    /** The largest size class: 1 GiB. */
    private static final int CLASSES = 17;

    @SuppressWarnings({"unchecked", "rawtypes"})
    private final ArrayDeque<ByteBuffer>[] free = new ArrayDeque[CLASSES];
    private final long retainedBytes;
    private long freeBytes;
    private long allocated;
    private long reused;

    /**
     * A pool.
     *
     * @param retainedBytes free bytes it keeps at most
     */
    public BufferPool(final long retainedBytes) {
        if (retainedBytes < 0) {
            throw new IllegalArgumentException("retainedBytes " + retainedBytes + " is negative");
        }
        this.retainedBytes = retainedBytes;
        for (int i = 0; i < CLASSES; i++) {
            free[i] = new ArrayDeque<>();
        }
    }

    /**
     * A cleared buffer of at least {@code capacity} bytes (its capacity is the size class, a power of two).
     *
     * @param capacity the bytes needed
     * @return the buffer, position 0, limit its capacity
     */
    public ByteBuffer acquire(final int capacity) {
        final int c = classOf(capacity);
        final ByteBuffer b = free[c].pollFirst();
        if (b != null) {
            freeBytes -= b.capacity();
            reused++;
            return b.clear();
        }
        allocated++;
        return ByteBuffer.allocateDirect(MIN_SIZE << c);
    }

    /**
     * Gives a buffer back. It must not be used afterwards.
     *
     * @param buffer a buffer from {@link #acquire}
     */
    public void release(final ByteBuffer buffer) {
        final int c = classOf(buffer.capacity());
        if ((MIN_SIZE << c) != buffer.capacity() || freeBytes + buffer.capacity() > retainedBytes) {
            return; // not one of ours, or the pool is full: the collector frees it
        }
        freeBytes += buffer.capacity();
        free[c].addFirst(buffer);
    }

    /**
     * A buffer of at least {@code capacity} bytes holding what {@code buffer} held (in write mode: the bytes before
     * its position), which is given back.
     *
     * @param buffer the buffer to grow, in write mode
     * @param capacity the bytes needed
     * @return the new buffer, in write mode, its position after the copied bytes
     */
    public ByteBuffer grow(final ByteBuffer buffer, final int capacity) {
        final ByteBuffer bigger = acquire(capacity);
        buffer.flip();
        bigger.put(buffer);
        release(buffer);
        return bigger;
    }

    /** @return buffers allocated so far */
    public long allocated() {
        return allocated;
    }

    /** @return acquisitions served by a free buffer */
    public long reused() {
        return reused;
    }

    /** @return bytes in free buffers now */
    public long freeBytes() {
        return freeBytes;
    }

    private static int classOf(final int capacity) {
        if (capacity <= MIN_SIZE) {
            return 0;
        }
        final int c = 32 - Integer.numberOfLeadingZeros((capacity - 1) / MIN_SIZE);
        if (c >= CLASSES) {
            throw new IllegalArgumentException("a buffer of " + capacity + " bytes is larger than the largest class ("
                + ((long) MIN_SIZE << (CLASSES - 1)) + ")");
        }
        return c;
    }
}
