package dev.lepus.kernel.net;

import java.nio.ByteBuffer;
import java.util.Objects;

import dev.lepus.api.Bytes;
import dev.lepus.api.net.NetInput;

/**
 * The {@link NetInput} a kernel passes to {@code onRead}: a window over the bytes of one of its buffers. The kernel
 * {@link #open opens} it over the unconsumed bytes before the call and {@link #close closes} it after, and then keeps
 * what was not consumed; one instance serves every read of a kernel.
 *
 * <p>Thread contract: not threadsafe; the kernel's thread, inside one {@code onRead}.
 */
public final class InputView implements NetInput {

    private ByteBuffer buffer;
    private int start;
    private int end;

    /**
     * Opens the view.
     *
     * @param buf the buffer holding the bytes
     * @param from the first unconsumed byte's index in it
     * @param to the index after the last
     */
    public void open(final ByteBuffer buf, final int from, final int to) {
        this.buffer = buf;
        this.start = from;
        this.end = to;
    }

    /**
     * Closes the view; a component that kept it gets an exception if it uses it later.
     *
     * @return the index in the buffer of the first byte not consumed
     */
    public int close() {
        buffer = null;
        return start;
    }

    private ByteBuffer buffer() {
        final ByteBuffer b = buffer;
        if (b == null) {
            throw new IllegalStateException("the input of a connection was used outside the onRead it was passed to");
        }
        return b;
    }

    @Override
    public int readable() {
        return end - start;
    }

    @Override
    public byte get(final int index) {
        Objects.checkIndex(index, end - start);
        return buffer().get(start + index);
    }

    @Override
    public void get(final int index, final byte[] dst, final int off, final int len) {
        Objects.checkFromIndexSize(index, len, end - start);
        buffer().get(start + index, dst, off, len);
    }

    @Override
    public int indexOf(final byte b, final int from) {
        final ByteBuffer buf = buffer();
        for (int i = start + Math.max(0, from); i < end; i++) {
            if (buf.get(i) == b) {
                return i - start;
            }
        }
        return -1;
    }

    @Override
    public void skip(final int n) {
        Objects.checkFromIndexSize(0, n, end - start);
        buffer();
        start += n;
    }

    @Override
    public Bytes take(final int n) {
        final Bytes b = copy(0, n);
        start += n;
        return b;
    }

    @Override
    public Bytes copy(final int index, final int len) {
        Objects.checkFromIndexSize(index, len, end - start);
        final byte[] a = new byte[len];
        buffer().get(start + index, a, 0, len);
        return Bytes.of(a);
    }

    @Override
    public ByteBuffer view() {
        return buffer().slice(start, end - start).asReadOnlyBuffer();
    }
}
