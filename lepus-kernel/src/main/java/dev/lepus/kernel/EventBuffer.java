package dev.lepus.kernel;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The payload of a journal record as the recorder writes it and replay reads it: varints, fixed longs, strings and
 * byte runs (a codec encoding, last). Reuses its array; grows by doubling.
 *
 * <p>Thread contract: confined to one thread (a kernel's recorder, or a replay).
 */
final class EventBuffer {

    byte[] array;
    int length;
    /** Read position, for reading. */
    int position;

    EventBuffer() {
        array = new byte[256];
    }

    /** Wraps bytes to read. */
    EventBuffer(final byte[] bytes) {
        array = bytes;
        length = bytes.length;
    }

    EventBuffer clear() {
        length = 0;
        return this;
    }

    private void ensure(final int n) {
        if (length + n > array.length) {
            array = Arrays.copyOf(array, Math.max(array.length * 2, length + n));
        }
    }

    EventBuffer putVarLong(long v) {
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            array[length++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        array[length++] = (byte) v;
        return this;
    }

    EventBuffer putLong(final long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            array[length++] = (byte) (v >>> (8 * i));
        }
        return this;
    }

    EventBuffer putString(final String s) {
        final byte[] b = s.getBytes(StandardCharsets.UTF_8);
        putVarLong(b.length);
        return putBytes(b, 0, b.length);
    }

    EventBuffer putBytes(final byte[] b, final int off, final int len) {
        ensure(len);
        System.arraycopy(b, off, array, length, len);
        length += len;
        return this;
    }

    EventBuffer putBytes(final java.nio.ByteBuffer b) {
        final int len = b.remaining();
        ensure(len);
        b.get(b.position(), array, length, len);
        length += len;
        return this;
    }

    long getVarLong() {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            final byte b = get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("malformed varint at payload offset " + position);
    }

    long getLong() {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v |= (get() & 0xFFL) << (8 * i);
        }
        return v;
    }

    String getString() {
        final long n = getVarLong();
        if (n < 0 || n > length - position) {
            throw new IllegalArgumentException("string of " + n + " bytes at payload offset " + position + ", "
                + (length - position) + " left");
        }
        final String s = new String(array, position, (int) n, StandardCharsets.UTF_8);
        position += (int) n;
        return s;
    }

    byte[] getBytes(final int n) {
        if (n < 0 || n > length - position) {
            throw new IllegalArgumentException(n + " bytes at payload offset " + position + ", " + (length - position)
                + " left");
        }
        final byte[] b = java.util.Arrays.copyOfRange(array, position, position + n);
        position += n;
        return b;
    }

    int remaining() {
        return length - position;
    }

    private byte get() {
        if (position >= length) {
            throw new IllegalArgumentException("payload ends at offset " + position + " in the middle of a field");
        }
        return array[position++];
    }
}
