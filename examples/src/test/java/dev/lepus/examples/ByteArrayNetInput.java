package dev.lepus.examples;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import dev.lepus.api.Bytes;
import dev.lepus.api.net.NetInput;

/**
 * A {@link NetInput} over a growable byte array, as a connection would present its unconsumed bytes: tests append
 * what "arrives" and the parser consumes from the front.
 *
 * <p>Thread contract: not threadsafe; one test at a time.
 */
public final class ByteArrayNetInput implements NetInput {

    private byte[] bytes = new byte[64];
    private int start;
    private int end;

    /**
     * An input holding some bytes already.
     *
     * @param text the bytes, as ISO-8859-1 text (so {@code \u00ff} is byte 0xFF)
     * @return the input
     */
    public static ByteArrayNetInput of(final String text) {
        return new ByteArrayNetInput().append(text);
    }

    /**
     * Bytes arrive.
     *
     * @param text the bytes, as ISO-8859-1 text
     * @return this input
     */
    public ByteArrayNetInput append(final String text) {
        return append(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Bytes arrive.
     *
     * @param more the bytes
     * @return this input
     */
    public ByteArrayNetInput append(final byte[] more) {
        return append(more, 0, more.length);
    }

    /**
     * Bytes arrive.
     *
     * @param more the array
     * @param off the first byte
     * @param len how many
     * @return this input
     */
    public ByteArrayNetInput append(final byte[] more, final int off, final int len) {
        if (end + len > bytes.length) {
            bytes = Arrays.copyOfRange(bytes, start, start + Math.max(2 * bytes.length, end - start + len));
            end -= start;
            start = 0;
        }
        System.arraycopy(more, off, bytes, end, len);
        end += len;
        return this;
    }

    /** @return the unconsumed bytes as ISO-8859-1 text */
    public String unconsumed() {
        return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public int readable() {
        return end - start;
    }

    @Override
    public byte get(final int index) {
        Objects.checkIndex(index, readable());
        return bytes[start + index];
    }

    @Override
    public void get(final int index, final byte[] dst, final int off, final int len) {
        Objects.checkFromIndexSize(index, len, readable());
        System.arraycopy(bytes, start + index, dst, off, len);
    }

    @Override
    public int indexOf(final byte b, final int from) {
        for (int i = start + Math.max(0, from); i < end; i++) {
            if (bytes[i] == b) {
                return i - start;
            }
        }
        return -1;
    }

    @Override
    public void skip(final int n) {
        Objects.checkFromIndexSize(0, n, readable());
        start += n;
    }

    @Override
    public Bytes take(final int n) {
        final Bytes taken = copy(0, n);
        skip(n);
        return taken;
    }

    @Override
    public Bytes copy(final int index, final int len) {
        Objects.checkFromIndexSize(index, len, readable());
        return Bytes.of(bytes, start + index, len);
    }

    @Override
    public ByteBuffer view() {
        return ByteBuffer.wrap(bytes, start, readable()).slice().asReadOnlyBuffer();
    }
}
