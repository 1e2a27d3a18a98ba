package dev.lepus.examples.kv;

/**
 * Decimal text of 64-bit integers as RESP and Redis spell them: parsing is strict (an optional {@code -}, then
 * {@code 0} alone or digits without a leading zero, nothing else, no overflow), so the only accepted spelling of a
 * number is the one formatting produces again. Neither direction allocates, except {@link #bytes(long)}.
 *
 * <p>Thread contract: the static methods are threadsafe; an instance (which holds the last parsed value) is not.
 */
final class AsciiLong {

    /** The longest valid text: {@code -9223372036854775808}. */
    static final int MAX_LENGTH = 20;

    private long value;

    /**
     * Parses a whole array.
     *
     * @param src the text
     * @return whether it is a valid integer; if so, {@link #value()} holds it
     */
    boolean parse(final byte[] src) {
        return parse(src, 0, src.length);
    }

    /**
     * Parses a range of an array.
     *
     * @param src the array
     * @param off the first byte
     * @param len how many bytes
     * @return whether they are a valid integer; if so, {@link #value()} holds it
     */
    boolean parse(final byte[] src, final int off, final int len) {
        if (len == 0 || len > MAX_LENGTH) {
            return false;
        }
        if (len == 1 && src[off] == '0') {
            value = 0;
            return true;
        }
        final int end = off + len;
        final boolean negative = src[off] == '-';
        int i = negative ? off + 1 : off;
        if (i == end || src[i] < '1' || src[i] > '9') {
            return false;
        }
        // Accumulate as a negative number, whose range includes Long.MIN_VALUE.
        final long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        final long multiplyLimit = limit / 10;
        long acc = 0;
        for (; i < end; i++) {
            final int digit = src[i] - '0';
            if (digit < 0 || digit > 9 || acc < multiplyLimit) {
                return false;
            }
            acc *= 10;
            if (acc < limit + digit) {
                return false;
            }
            acc -= digit;
        }
        value = negative ? acc : -acc;
        return true;
    }

    /** @return the value of the last successful parse */
    long value() {
        return value;
    }

    /**
     * How many bytes the text of a value takes.
     *
     * @param v the value
     * @return its length, 1 to {@value #MAX_LENGTH}
     */
    static int length(final long v) {
        int n = v < 0 ? 2 : 1;
        for (long q = v / 10; q != 0; q /= 10) {
            n++;
        }
        return n;
    }

    /**
     * Writes the text of a value.
     *
     * @param v the value
     * @param dst where to, with room for {@link #length(long)} bytes at {@code off}
     * @param off where in {@code dst}
     * @return the index after the last byte written
     */
    static int write(final long v, final byte[] dst, final int off) {
        final int end = off + length(v);
        int p = end;
        // Work on the negative value, whose range includes Long.MIN_VALUE.
        long q = v > 0 ? -v : v;
        do {
            dst[--p] = (byte) ('0' - q % 10);
            q /= 10;
        } while (q != 0);
        if (v < 0) {
            dst[--p] = '-';
        }
        return end;
    }

    /**
     * The text of a value in a new array.
     *
     * @param v the value
     * @return its text
     */
    static byte[] bytes(final long v) {
        final byte[] text = new byte[length(v)];
        write(v, text, 0);
        return text;
    }
}
