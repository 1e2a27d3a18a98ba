package dev.lepus.api;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An immutable run of bytes, the one way to carry binary data in a message (an array is mutable, so it cannot be a
 * message value). Made by copying, read by copying: no one can change it after it was sent.
 *
 * <p>Thread contract: immutable.
 */
public final class Bytes {

    /** No bytes. */
    public static final Bytes EMPTY = new Bytes(new byte[0]);

    private final byte[] bytes;

    private Bytes(final byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * Copies bytes.
     *
     * @param bytes the bytes
     * @return an immutable copy
     */
    public static Bytes of(final byte[] bytes) {
        return bytes.length == 0 ? EMPTY : new Bytes(bytes.clone());
    }

    /**
     * Copies a range of bytes.
     *
     * @param bytes the array
     * @param off the first byte
     * @param len how many
     * @return an immutable copy
     */
    public static Bytes of(final byte[] bytes, final int off, final int len) {
        Objects.checkFromIndexSize(off, len, bytes.length);
        return len == 0 ? EMPTY : new Bytes(Arrays.copyOfRange(bytes, off, off + len));
    }

    /**
     * The UTF-8 bytes of a text.
     *
     * @param text the text
     * @return its bytes
     */
    public static Bytes utf8(final String text) {
        return new Bytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return how many bytes */
    public int length() {
        return bytes.length;
    }

    /**
     * One byte.
     *
     * @param index its index
     * @return the byte
     */
    public byte byteAt(final int index) {
        return bytes[index];
    }

    /** @return a copy of the bytes */
    public byte[] toByteArray() {
        return bytes.clone();
    }

    /** @return the bytes decoded as UTF-8 */
    public String utf8() {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Bytes b && Arrays.equals(bytes, b.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Bytes[" + bytes.length + "]";
    }
}
