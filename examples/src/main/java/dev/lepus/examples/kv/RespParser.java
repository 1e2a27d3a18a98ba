package dev.lepus.examples.kv;

import java.util.Arrays;

import dev.lepus.api.net.NetInput;

/**
 * An incremental parser of RESP2 requests, as a Redis server reads them: multibulk requests
 * ({@code *2\r\n$3\r\nGET\r\n$1\r\nk\r\n}, what clients send) and inline requests ({@code GET k\r\n}, what telnet
 * sends). {@link #parse} takes the next complete request from the front of a connection's {@link NetInput} and
 * consumes exactly its bytes, or consumes nothing when only part of one has arrived, so that the bytes stay for the
 * next read to complete.
 *
 * <p>Redis's rules, kept here:
 * <ul>
 *   <li>A request is multibulk when its first byte is {@code *}, inline otherwise.</li>
 *   <li>Numbers in headers are strict decimals (no sign but {@code -}, no leading zeros, no spaces). A count line
 *       ends at its {@code \r}, and the byte after it is skipped unread; so are the two bytes after a bulk's
 *       body, which should be {@code \r\n}.</li>
 *   <li>A multibulk count of zero or less, and an inline line of only spaces, are empty requests: consumed and
 *       skipped.</li>
 *   <li>An inline line ends at {@code \n}, with an optional {@code \r} before it, and is split into arguments as
 *       {@code redis-cli} splits its input: on spaces, with double quotes (escapes {@code \n \r \t \b \a \\ \"}
 *       and {@code \xHH}) and single quotes (escape {@code \'}); a closing quote must be followed by a space or
 *       the end of the line. Unlike Redis, a NUL byte is an ordinary byte, not the end of the line.</li>
 * </ul>
 *
 * <p>Limits, given to the constructor: a bulk's declared length ({@link #DEFAULT_MAX_BULK_BYTES}, where Redis allows
 * 512 MiB), a multibulk's argument count ({@link #DEFAULT_MAX_ARGS}), and an inline line
 * ({@link #DEFAULT_MAX_INLINE_BYTES}, which also bounds a header line still without its {@code \r}). A header that
 * declares too much is refused as soon as the header itself has arrived, before any of the body, so a peer cannot
 * make the server wait for (and buffer) more than the limits. A request is only copied out once all of it is in the
 * input, so the input buffer must have room for the largest request the limits allow, or the connection's own input
 * limit bounds what can arrive.
 *
 * <p>Allocation: each argument is a new array (which the request then hands to its consumer); nothing else is
 * allocated per request or per byte. The {@link Request}'s array of references grows to the most arguments seen,
 * the scratch line for inline requests to the longest line seen (at most the inline limit), and a protocol error
 * makes its exception.
 *
 * <p>Work: a partial request's scan resumes where the previous call stopped (each complete argument is scanned
 * once, and the search for an inline request's newline is not repeated), so a request that arrives in many pieces
 * costs time linear in its size. That relies on the contract of {@link NetInput}: between a call that returned
 * {@code false} and the next, the caller consumes nothing and passes the same connection's input, which can only
 * have grown. A caller that discards the input otherwise calls {@link #reset()}.
 *
 * <p>Thread contract: not threadsafe; one parser per connection, used on the connection's kernel.
 */
public final class RespParser {

    /** The default limit of a bulk's declared length: 1 MiB. */
    public static final int DEFAULT_MAX_BULK_BYTES = 1 << 20;

    /** The default limit of a multibulk's argument count: 1,048,576. */
    public static final int DEFAULT_MAX_ARGS = 1 << 20;

    /** The default limit of an inline request's line, and of a header line: 64 KiB, as in Redis. */
    public static final int DEFAULT_MAX_INLINE_BYTES = 64 << 10;

    private static final int INITIAL_LINE_BYTES = 256;

    private final int maxBulkBytes;
    private final int maxArgs;
    private final int maxInlineBytes;

    private final AsciiLong number = new AsciiLong();
    private final byte[] digits = new byte[AsciiLong.MAX_LENGTH];
    private byte[] line = new byte[INITIAL_LINE_BYTES];

    // Progress through a request that has not arrived in full; all zero between requests.
    /** Multibulk: the count its header declared; 0 when no multibulk request is in progress. */
    private int declaredArgs;
    /** Multibulk: how many of its arguments have arrived in full. */
    private int scannedArgs;
    /** Multibulk: where the next argument's header starts. Inline: how far the input holds no newline. */
    private int scanIndex;

    /** A parser with the default limits. */
    public RespParser() {
        this(DEFAULT_MAX_BULK_BYTES, DEFAULT_MAX_ARGS, DEFAULT_MAX_INLINE_BYTES);
    }

    /**
     * A parser with the given limits.
     *
     * @param maxBulkBytes the longest bulk a multibulk request may declare, 0 or more
     * @param maxArgs the most arguments a multibulk request may declare, 1 or more
     * @param maxInlineBytes the longest inline line, and header line, 1 or more
     * @throws IllegalArgumentException if a limit is out of range
     */
    public RespParser(final int maxBulkBytes, final int maxArgs, final int maxInlineBytes) {
        if (maxBulkBytes < 0 || maxBulkBytes > Integer.MAX_VALUE - 2) {
            throw new IllegalArgumentException("maxBulkBytes must be 0 to " + (Integer.MAX_VALUE - 2) + ", was "
                + maxBulkBytes);
        }
        if (maxArgs < 1) {
            throw new IllegalArgumentException("maxArgs must be 1 or more, was " + maxArgs);
        }
        if (maxInlineBytes < 1) {
            throw new IllegalArgumentException("maxInlineBytes must be 1 or more, was " + maxInlineBytes);
        }
        this.maxBulkBytes = maxBulkBytes;
        this.maxArgs = maxArgs;
        this.maxInlineBytes = maxInlineBytes;
    }

    /** @return the longest bulk a multibulk request may declare, in bytes */
    public int maxBulkBytes() {
        return maxBulkBytes;
    }

    /** @return the most arguments a multibulk request may declare */
    public int maxArgs() {
        return maxArgs;
    }

    /** @return the longest inline line, and header line, in bytes */
    public int maxInlineBytes() {
        return maxInlineBytes;
    }

    /**
     * Takes the next complete request from the front of the input, skipping empty ones.
     *
     * @param in the connection's unconsumed bytes
     * @param out cleared, then filled with the request's arguments when there is a complete one
     * @return true if {@code out} holds a request, whose bytes were consumed; false if the input holds no complete
     *     request, in which case only empty requests before it were consumed
     * @throws RespProtocolException if the input breaks the protocol; the connection cannot continue
     */
    public boolean parse(final NetInput in, final Request out) throws RespProtocolException {
        out.clear();
        if (scanIndex > in.readable()) {
            reset();
        }
        try {
            while (in.readable() > 0) {
                final int length = in.get(0) == '*' ? multibulk(in, out) : inline(in, out);
                if (length == 0) {
                    return false;
                }
                in.skip(length);
                reset();
                if (out.argc() > 0) {
                    return true;
                }
            }
            return false;
        } catch (final RespProtocolException e) {
            reset();
            out.clear();
            throw e;
        }
    }

    /** Forgets the progress through a partial request, for a caller that discarded the input it was in. */
    public void reset() {
        declaredArgs = 0;
        scannedArgs = 0;
        scanIndex = 0;
    }

    /**
     * Scans a multibulk request at the front of the input, and copies its arguments once all have arrived.
     *
     * @return its length in bytes, or 0 if it has not arrived in full
     */
    private int multibulk(final NetInput in, final Request out) throws RespProtocolException {
        if (declaredArgs == 0) {
            final int cr = headerEnd(in, 0, RespProtocolException.TOO_BIG_MULTIBULK_COUNT);
            if (cr < 0) {
                return 0;
            }
            if (!number(in, 1, cr) || number.value() > maxArgs) {
                throw new RespProtocolException(RespProtocolException.INVALID_MULTIBULK_LENGTH);
            }
            if (number.value() <= 0) {
                return cr + 2;
            }
            declaredArgs = (int) number.value();
            scanIndex = cr + 2;
        }
        while (scannedArgs < declaredArgs) {
            final int at = scanIndex;
            if (at >= in.readable()) {
                return 0;
            }
            final byte first = in.get(at);
            if (first != '$') {
                throw RespProtocolException.expectedDollar(first);
            }
            final int cr = headerEnd(in, at, RespProtocolException.TOO_BIG_BULK_COUNT);
            if (cr < 0) {
                return 0;
            }
            if (!number(in, at + 1, cr) || number.value() < 0 || number.value() > maxBulkBytes) {
                throw new RespProtocolException(RespProtocolException.INVALID_BULK_LENGTH);
            }
            final long end = cr + 2L + number.value() + 2;
            if (end > in.readable()) {
                return 0;
            }
            scanIndex = (int) end;
            scannedArgs++;
        }
        // Every header was checked by the scan above, so here they are only read.
        int at = in.indexOf((byte) '\r', 0) + 2;
        for (int i = 0; i < declaredArgs; i++) {
            final int cr = in.indexOf((byte) '\r', at);
            number(in, at + 1, cr);
            final byte[] arg = new byte[(int) number.value()];
            in.get(cr + 2, arg, 0, arg.length);
            out.add(arg);
            at = cr + 2 + arg.length + 2;
        }
        return scanIndex;
    }

    /**
     * Finds the end of a header line.
     *
     * @param from where the line starts
     * @param tooBig the error if the line is still open past the inline limit
     * @return the index of its {@code \r}, or -1 if the line (or the byte after its {@code \r}) has not arrived
     */
    private int headerEnd(final NetInput in, final int from, final String tooBig) throws RespProtocolException {
        final int cr = in.indexOf((byte) '\r', from);
        if (cr < 0) {
            if (in.readable() - from > maxInlineBytes) {
                throw new RespProtocolException(tooBig);
            }
            return -1;
        }
        return cr + 1 < in.readable() ? cr : -1;
    }

    /** Parses the strict decimal between {@code from} and {@code to} into {@link #number}. */
    private boolean number(final NetInput in, final int from, final int to) {
        final int len = to - from;
        if (len <= 0 || len > AsciiLong.MAX_LENGTH) {
            return false;
        }
        in.get(from, digits, 0, len);
        return number.parse(digits, 0, len);
    }

    /**
     * Splits an inline request at the front of the input, once its newline has arrived.
     *
     * @return its length in bytes, newline included, or 0 if the newline has not arrived
     */
    private int inline(final NetInput in, final Request out) throws RespProtocolException {
        final int lf = in.indexOf((byte) '\n', scanIndex);
        if (lf < 0) {
            if (in.readable() > maxInlineBytes) {
                throw new RespProtocolException(RespProtocolException.TOO_BIG_INLINE_REQUEST);
            }
            scanIndex = in.readable();
            return 0;
        }
        final int end = lf > 0 && in.get(lf - 1) == '\r' ? lf - 1 : lf;
        if (end > maxInlineBytes) {
            throw new RespProtocolException(RespProtocolException.TOO_BIG_INLINE_REQUEST);
        }
        if (line.length < end) {
            line = new byte[Math.min(Math.max(end, line.length * 2), maxInlineBytes)];
        }
        in.get(0, line, 0, end);
        split(line, end, out);
        return lf + 1;
    }

    /**
     * Splits a line into arguments, as {@code redis-cli} splits what is typed. Each argument is decoded in place
     * (decoding never lengthens), then copied out.
     */
    private static void split(final byte[] b, final int length, final Request out) throws RespProtocolException {
        int i = 0;
        while (true) {
            while (i < length && isSpace(b[i])) {
                i++;
            }
            if (i == length) {
                return;
            }
            final int start = i;
            int w = i;
            byte quote = 0;
            boolean done = false;
            while (!done) {
                if (quote == 0) {
                    if (i == length) {
                        done = true;
                    } else {
                        final byte c = b[i];
                        switch (c) {
                            case ' ', '\n', '\r', '\t' -> done = true;
                            case '"', '\'' -> {
                                quote = c;
                                i++;
                            }
                            default -> {
                                b[w++] = c;
                                i++;
                            }
                        }
                    }
                } else if (i == length) {
                    throw new RespProtocolException(RespProtocolException.UNBALANCED_QUOTES);
                } else if (b[i] == quote) {
                    if (i + 1 < length && !isSpace(b[i + 1])) {
                        throw new RespProtocolException(RespProtocolException.UNBALANCED_QUOTES);
                    }
                    i++;
                    done = true;
                } else if (quote == '"' && b[i] == '\\' && i + 3 < length && b[i + 1] == 'x' && isHex(b[i + 2])
                    && isHex(b[i + 3])) {
                    b[w++] = (byte) (hex(b[i + 2]) << 4 | hex(b[i + 3]));
                    i += 4;
                } else if (quote == '"' && b[i] == '\\' && i + 1 < length) {
                    b[w++] = unescape(b[i + 1]);
                    i += 2;
                } else if (quote == '\'' && b[i] == '\\' && i + 1 < length && b[i + 1] == '\'') {
                    b[w++] = '\'';
                    i += 2;
                } else {
                    b[w++] = b[i++];
                }
            }
            out.add(Arrays.copyOfRange(b, start, w));
        }
    }

    /** C's {@code isspace}: space, tab, newline, vertical tab, form feed, carriage return. */
    private static boolean isSpace(final byte c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    private static boolean isHex(final byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static int hex(final byte c) {
        return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }

    private static byte unescape(final byte c) {
        return switch (c) {
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'b' -> '\b';
            case 'a' -> 0x07;
            default -> c;
        };
    }
}
