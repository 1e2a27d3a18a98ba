package dev.lepus.examples.kv;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.lepus.api.Bytes;

/**
 * Encodes RESP2 replies into one growable byte array, which the caller writes to its connection
 * ({@code connection.write(out.buffer(), 0, out.length())}) and then {@link #clear() clears}. The replies to a
 * pipelined batch can accumulate and leave in one write.
 *
 * <p>Once the array has grown to the batch sizes in use, encoding allocates nothing: integers and lengths are
 * written digit by digit, and ASCII text char by char (only text with non-ASCII chars is encoded through a
 * temporary array). {@link #clear()} drops an array that grew past the retained capacity, so that one huge reply
 * (a {@code KEYS *} over a large key space) does not pin its memory for the connection's lifetime.
 *
 * <p>Simple strings and errors cannot hold {@code \r} or {@code \n} in RESP; as Redis does, each is written as a
 * space, so a reply can never break the stream.
 *
 * <p>Thread contract: not threadsafe; one writer per connection, used on the connection's kernel.
 */
public final class RespWriter {

    /** The default initial capacity: 4 KiB. */
    public static final int DEFAULT_INITIAL_BYTES = 4 << 10;

    /** The default capacity that {@link #clear()} keeps: 4 MiB. */
    public static final int DEFAULT_RETAINED_BYTES = 4 << 20;

    /** The largest array the JVM reliably allocates. */
    private static final int MAX_BYTES = Integer.MAX_VALUE - 8;

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] NULL_BULK = {'$', '-', '1', '\r', '\n'};
    private static final byte[] NULL_ARRAY = {'*', '-', '1', '\r', '\n'};

    private final int initialBytes;
    private final int retainedBytes;
    private byte[] buffer;
    private int length;

    /** A writer with the default capacities. */
    public RespWriter() {
        this(DEFAULT_INITIAL_BYTES, DEFAULT_RETAINED_BYTES);
    }

    /**
     * A writer with the given capacities.
     *
     * @param initialBytes the array's first capacity, 16 or more
     * @param retainedBytes the largest capacity {@link #clear()} keeps, at least {@code initialBytes}
     * @throws IllegalArgumentException if a capacity is out of range
     */
    public RespWriter(final int initialBytes, final int retainedBytes) {
        if (initialBytes < 16) {
            throw new IllegalArgumentException("initialBytes must be 16 or more, was " + initialBytes);
        }
        if (retainedBytes < initialBytes) {
            throw new IllegalArgumentException("retainedBytes must be at least initialBytes (" + initialBytes
                + "), was " + retainedBytes);
        }
        this.initialBytes = initialBytes;
        this.retainedBytes = retainedBytes;
        this.buffer = new byte[initialBytes];
    }

    /**
     * The array the replies are in, from index 0 to {@link #length()}. It is the writer's own, not a copy, and is
     * replaced when the writer grows: read it again after writing.
     *
     * @return the array
     */
    public byte[] buffer() {
        return buffer;
    }

    /** @return how many bytes have been written since the last {@link #clear()} */
    public int length() {
        return length;
    }

    /**
     * Forgets what was written, keeping the array unless it grew past the retained capacity.
     *
     * @return this writer
     */
    public RespWriter clear() {
        length = 0;
        if (buffer.length > retainedBytes) {
            buffer = new byte[initialBytes];
        }
        return this;
    }

    /**
     * Bytes that are already RESP, such as a reply another shard encoded.
     *
     * @param bytes the array
     * @param off the first byte
     * @param len how many
     * @return this writer
     */
    public RespWriter raw(final byte[] bytes, final int off, final int len) {
        java.util.Objects.checkFromIndexSize(off, len, bytes.length);
        ensure(len);
        System.arraycopy(bytes, off, buffer, length, len);
        length += len;
        return this;
    }

    /** @return a copy of what was written */
    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, length);
    }

    /**
     * A simple string: {@code +text\r\n}.
     *
     * @param text the text, such as {@code OK}
     * @return this writer
     */
    public RespWriter simple(final String text) {
        put((byte) '+');
        text(text);
        return put(CRLF);
    }

    /**
     * An error: {@code -text\r\n}.
     *
     * @param text the text after the {@code -}, its first word the error's kind, such as
     *     {@code ERR wrong number of arguments for 'get' command}
     * @return this writer
     */
    public RespWriter error(final String text) {
        put((byte) '-');
        text(text);
        return put(CRLF);
    }

    /**
     * An error of raw bytes, for messages that quote a client's bytes: {@code -text\r\n}.
     *
     * @param text the bytes after the {@code -}
     * @return this writer
     */
    public RespWriter error(final byte[] text) {
        put((byte) '-');
        ensure(text.length);
        for (final byte b : text) {
            buffer[length++] = lineSafe(b);
        }
        return put(CRLF);
    }

    /**
     * An integer: {@code :n\r\n}.
     *
     * @param n the value
     * @return this writer
     */
    public RespWriter integer(final long n) {
        return header((byte) ':', n);
    }

    /**
     * A bulk string: {@code $len\r\nbytes\r\n}.
     *
     * @param bytes the bytes
     * @return this writer
     */
    public RespWriter bulk(final byte[] bytes) {
        return bulk(bytes, 0, bytes.length);
    }

    /**
     * A bulk string of a range of an array.
     *
     * @param bytes the array
     * @param off the first byte
     * @param len how many
     * @return this writer
     */
    public RespWriter bulk(final byte[] bytes, final int off, final int len) {
        header((byte) '$', len);
        ensure(len);
        System.arraycopy(bytes, off, buffer, length, len);
        length += len;
        return put(CRLF);
    }

    /**
     * A bulk string of immutable bytes.
     *
     * @param bytes the bytes
     * @return this writer
     */
    public RespWriter bulk(final Bytes bytes) {
        final int len = bytes.length();
        header((byte) '$', len);
        ensure(len);
        for (int i = 0; i < len; i++) {
            buffer[length++] = bytes.byteAt(i);
        }
        return put(CRLF);
    }

    /**
     * The null bulk string, {@code $-1\r\n}: no value.
     *
     * @return this writer
     */
    public RespWriter nullBulk() {
        return put(NULL_BULK);
    }

    /**
     * The header of an array, {@code *count\r\n}; the elements follow as replies of their own.
     *
     * @param count how many elements follow, 0 or more
     * @return this writer
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public RespWriter arrayHeader(final int count) {
        if (count < 0) {
            throw new IllegalArgumentException("an array has 0 or more elements, was " + count
                + " (the null array is nullArray())");
        }
        return header((byte) '*', count);
    }

    /**
     * The null array, {@code *-1\r\n}.
     *
     * @return this writer
     */
    public RespWriter nullArray() {
        return put(NULL_ARRAY);
    }

    private RespWriter header(final byte type, final long n) {
        ensure(1 + AsciiLong.MAX_LENGTH + 2);
        buffer[length++] = type;
        length = AsciiLong.write(n, buffer, length);
        return put(CRLF);
    }

    private void text(final String text) {
        final int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            final char c = text.charAt(i);
            if (c >= 0x80) {
                // Rare: encode the rest as UTF-8 (the ASCII written so far is the same in UTF-8).
                final byte[] rest = text.substring(i).getBytes(StandardCharsets.UTF_8);
                ensure(rest.length);
                for (final byte b : rest) {
                    buffer[length++] = lineSafe(b);
                }
                return;
            }
            buffer[length++] = lineSafe((byte) c);
        }
    }

    private static byte lineSafe(final byte b) {
        return b == '\r' || b == '\n' ? (byte) ' ' : b;
    }

    private RespWriter put(final byte b) {
        ensure(1);
        buffer[length++] = b;
        return this;
    }

    private RespWriter put(final byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
        return this;
    }

    private void ensure(final int more) {
        final long needed = (long) length + more;
        if (needed > buffer.length) {
            if (needed > MAX_BYTES) {
                throw new IllegalStateException("replies would pass " + MAX_BYTES + " bytes; write out and clear()"
                    + " the " + length + " bytes already written first");
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min(MAX_BYTES, Math.max(needed, 2L * buffer.length)));
        }
    }
}
