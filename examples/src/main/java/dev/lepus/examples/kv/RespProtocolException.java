package dev.lepus.examples.kv;

/**
 * A request that breaks RESP2, found by {@link RespParser}. The message is worded as Redis words it; the server
 * replies {@code -ERR <message>} and closes the connection, since the stream cannot be resynchronised. The exception
 * carries no stack trace: it describes the peer's input, not a fault of the server, and is cheap to make.
 *
 * <p>Thread contract: immutable.
 */
public final class RespProtocolException extends Exception {

    /** A multibulk count that is not a number, or above the parser's argument limit. */
    public static final String INVALID_MULTIBULK_LENGTH = "Protocol error: invalid multibulk length";

    /** A bulk length that is not a number, negative, or above the parser's bulk limit. */
    public static final String INVALID_BULK_LENGTH = "Protocol error: invalid bulk length";

    /** An inline request longer than the parser's inline limit, or still without its newline past it. */
    public static final String TOO_BIG_INLINE_REQUEST = "Protocol error: too big inline request";

    /** A multibulk count line still without its {@code \r} past the inline limit. */
    public static final String TOO_BIG_MULTIBULK_COUNT = "Protocol error: too big mbulk count string";

    /** A bulk length line still without its {@code \r} past the inline limit. */
    public static final String TOO_BIG_BULK_COUNT = "Protocol error: too big bulk count string";

    /** An inline request with an unterminated quote, or a closing quote followed by something other than a space. */
    public static final String UNBALANCED_QUOTES = "Protocol error: unbalanced quotes in request";

    /**
     * An error.
     *
     * @param message the text, as Redis words it
     */
    RespProtocolException(final String message) {
        super(message, null, false, false);
    }

    /**
     * The error for a multibulk argument that does not start with {@code $}.
     *
     * @param got the byte found instead
     * @return the error, {@code Protocol error: expected '$', got 'x'}
     */
    static RespProtocolException expectedDollar(final byte got) {
        return new RespProtocolException("Protocol error: expected '$', got '" + (char) (got & 0xFF) + "'");
    }
}
