package dev.lepus.examples.http;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import dev.lepus.api.Bytes;
import dev.lepus.api.net.NetInput;

/**
 * A connection's input for tests: bytes are appended as if read, and what the parser does not consume stays for the
 * next call, as the kernel keeps it.
 *
 * <p>Thread contract: not threadsafe.
 */
final class TestInput implements NetInput {

    private byte[] bytes = new byte[64];
    private int start;
    private int end;

    /**
     * Appends bytes as if they had been read.
     *
     * @param data the bytes
     * @param off the first
     * @param len how many
     * @return this input
     */
    TestInput append(final byte[] data, final int off, final int len) {
        if (end + len > bytes.length) {
            final int unconsumed = end - start;
            final byte[] moved = unconsumed + len > bytes.length
                ? new byte[Math.max(2 * bytes.length, unconsumed + len)]
                : bytes;
            System.arraycopy(bytes, start, moved, 0, unconsumed);
            bytes = moved;
            start = 0;
            end = unconsumed;
        }
        System.arraycopy(data, off, bytes, end, len);
        end += len;
        return this;
    }

    /**
     * Appends text, each character as one ISO-8859-1 byte.
     *
     * @param text the text
     * @return this input
     */
    TestInput append(final String text) {
        final byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        return append(data, 0, data.length);
    }

    /** @return the unconsumed bytes as ISO-8859-1 text */
    String unconsumed() {
        return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public int readable() {
        return end - start;
    }

    @Override
    public byte get(final int index) {
        return bytes[start + Objects.checkIndex(index, readable())];
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
        return Bytes.of(Arrays.copyOfRange(bytes, start + index, start + index + len));
    }

    @Override
    public ByteBuffer view() {
        return ByteBuffer.wrap(bytes, start, end - start).slice().asReadOnlyBuffer();
    }
}
