package dev.lepus.kernel.codec;

/**
 * A value that cannot be encoded, or bytes that are not a canonical encoding of a registered value. The message says
 * what is wrong and at which byte: {@link #offset()} counts from the first byte of the encoding (for a decode) or of
 * the output of this encode (for an encode).
 *
 * <p>Thread contract: immutable.
 */
public final class CodecException extends RuntimeException {

    private final int offset;

    /**
     * Creates an exception.
     *
     * @param what what is wrong
     * @param offset the byte offset it was found at, counted from the start of the encoding
     */
    public CodecException(final String what, final int offset) {
        super(what + " at byte " + offset);
        this.offset = offset;
    }

    /**
     * Creates an exception with a cause.
     *
     * @param what what is wrong
     * @param offset the byte offset it was found at, counted from the start of the encoding
     * @param cause what was thrown underneath (a record constructor, an accessor, a cap resolver)
     */
    public CodecException(final String what, final int offset, final Throwable cause) {
        super(what + " at byte " + offset + ": " + cause, cause);
        this.offset = offset;
    }

    /**
     * Where the problem was found.
     *
     * @return the byte offset, counted from the start of the encoding
     */
    public int offset() {
        return offset;
    }
}
