package dev.lepus.kernel.codec;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A growable byte buffer that {@link Codec#encode} appends to, meant to be kept and reused: once it has grown to the
 * largest message, encoding allocates nothing. The bytes written so far are {@code array()[0 .. length())}; the array
 * may be replaced when the buffer grows, so read {@link #array()} after encoding, not before.
 *
 * <p>It also holds the scratch space for sorting set and map entries, so that a reused buffer makes sorting
 * allocation-free too.
 *
 * <p>Thread contract: not threadsafe; one thread at a time (a kernel keeps one per thread).
 */
public final class CodecBuffer {

    /** Default initial capacity in bytes. */
    public static final int DEFAULT_CAPACITY = 256;

    static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG_BE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private static final int MAX_LENGTH = Integer.MAX_VALUE - 16;

    /** The bytes; written only by the owning thread. */
    byte[] array;
    /** Bytes written: {@code array[0 .. length)}. */
    int length;
    /** Where the encode in progress started, for error offsets. */
    int base;
    /** Set and map entry spans being sorted, three ints each: offset, length, key length; a stack for nesting. */
    int[] spans = new int[48];
    /** Top of {@link #spans}. */
    int spanTop;
    /** Scratch bytes for reordering sorted entries. */
    byte[] scratch = new byte[0];

    /** Creates a buffer of {@link #DEFAULT_CAPACITY} bytes. */
    public CodecBuffer() {
        this(DEFAULT_CAPACITY);
    }

    /**
     * Creates a buffer.
     *
     * @param initialCapacity its initial capacity in bytes
     */
    public CodecBuffer(final int initialCapacity) {
        if (initialCapacity < 0) {
            throw new IllegalArgumentException("capacity < 0: " + initialCapacity);
        }
        this.array = new byte[initialCapacity];
    }

    /**
     * The backing array: the bytes written are {@code array()[0 .. length())}. Replaced when the buffer grows.
     *
     * @return the backing array
     */
    public byte[] array() {
        return array;
    }

    /**
     * The number of bytes written.
     *
     * @return the length
     */
    public int length() {
        return length;
    }

    /** Forgets the bytes written, keeping the capacity. */
    public void clear() {
        length = 0;
        spanTop = 0;
    }

    /**
     * A copy of the bytes written.
     *
     * @return {@code array()[0 .. length())} as a new array
     */
    public byte[] toByteArray() {
        return Arrays.copyOf(array, length);
    }

    /** Makes room for {@code n} more bytes. */
    void ensure(final int n) {
        if (n > array.length - length) {
            grow(n);
        }
    }

    private void grow(final int n) {
        if (n > MAX_LENGTH - length) {
            throw new CodecException("encoding exceeds " + MAX_LENGTH + " bytes", length - base);
        }
        final int needed = length + n;
        final int doubled = array.length > MAX_LENGTH / 2 ? MAX_LENGTH : Math.max(16, array.length * 2);
        array = Arrays.copyOf(array, Math.max(needed, doubled));
    }

    void writeByte(final int b) {
        ensure(1);
        array[length++] = (byte) b;
    }

    /** A tag and a 4-byte little-endian type id. */
    void writeTagAndId(final int tag, final int id) {
        ensure(1 + CodecDescriptor.TYPE_ID_LENGTH);
        final byte[] a = array;
        final int p = length;
        a[p] = (byte) tag;
        INT_LE.set(a, p + 1, id);
        length = p + 1 + CodecDescriptor.TYPE_ID_LENGTH;
    }

    /** Unsigned LEB128 of a 32-bit value. */
    void writeVarInt(final int value) {
        ensure(5);
        final byte[] a = array;
        int p = length;
        int v = value;
        while ((v & ~0x7F) != 0) {
            a[p++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        a[p++] = (byte) v;
        length = p;
    }

    /** Unsigned LEB128 of a 64-bit value. */
    void writeVarLong(final long value) {
        ensure(10);
        final byte[] a = array;
        int p = length;
        long v = value;
        while ((v & ~0x7FL) != 0) {
            a[p++] = (byte) (v | 0x80);
            v >>>= 7;
        }
        a[p++] = (byte) v;
        length = p;
    }

    void writeZigzagInt(final int v) {
        writeVarInt((v << 1) ^ (v >> 31));
    }

    void writeZigzagLong(final long v) {
        writeVarLong((v << 1) ^ (v >> 63));
    }

    void writeIntLE(final int v) {
        ensure(4);
        INT_LE.set(array, length, v);
        length += 4;
    }

    void writeLongLE(final long v) {
        ensure(8);
        LONG_LE.set(array, length, v);
        length += 8;
    }

    void writeLongBE(final long v) {
        ensure(8);
        LONG_BE.set(array, length, v);
        length += 8;
    }

    void writeBytes(final byte[] src) {
        ensure(src.length);
        System.arraycopy(src, 0, array, length, src.length);
        length += src.length;
    }

    /** Pushes a span for sorting. */
    void pushSpan(final int offset, final int len, final int keyLen) {
        if (spanTop + 3 > spans.length) {
            spans = Arrays.copyOf(spans, spans.length * 2);
        }
        final int[] s = spans;
        final int t = spanTop;
        s[t] = offset;
        s[t + 1] = len;
        s[t + 2] = keyLen;
        spanTop = t + 3;
    }

    byte[] scratch(final int n) {
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, Math.min(MAX_LENGTH, scratch.length * 2))];
        }
        return scratch;
    }

    /** Bytes needed for the unsigned LEB128 of a non-negative int. */
    static int varIntSize(final int v) {
        return v < (1 << 7) ? 1 : v < (1 << 14) ? 2 : v < (1 << 21) ? 3 : v < (1 << 28) ? 4 : 5;
    }
}
