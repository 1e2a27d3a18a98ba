package dev.lepus.examples.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.lepus.api.Bytes;

/**
 * Writes HTTP/1.1 responses into a reusable buffer that grows as needed: the answers to a pipelined batch of
 * requests go one after another into it, the caller writes {@link #buffer()} up to {@link #length()} to the
 * connection in one write, then {@link #clear()}s it. A writer allocates only when its buffer grows (by doubling),
 * when its date is set and when it writes a refusal.
 *
 * <p>Thread contract: not threadsafe; one writer per connection (or per kernel, cleared between connections), used
 * on one thread.
 *
 * <p>A response is written in steps: {@link #status} (the status line and {@code Date}), any {@link #header}s, then
 * {@link #body} for a body of known length or {@link #chunked} for one sent in pieces, each {@link #chunk} and
 * {@link #endChunked()}. {@link #fixed} and {@link #beginChunked} do the first steps in one call. The writer adds the
 * framing itself: {@code Content-Length} or {@code Transfer-Encoding: chunked}, and {@code Connection}:
 *
 * <ul>
 *   <li>{@code Connection: close} when the request does not keep the connection alive
 *       ({@link HttpRequest#keepAlive()}); {@link #closing()} then says to close the connection once the buffer is
 *       written;</li>
 *   <li>{@code Connection: keep-alive} to an HTTP/1.0 request that keeps it alive, for an HTTP/1.0 client assumes the
 *       server closes unless told;</li>
 *   <li>nothing otherwise.</li>
 * </ul>
 *
 * <p>To a {@code HEAD} request it writes the head a {@code GET} would get ({@code Content-Length} included) and no
 * body; chunks are then dropped. An HTTP/1.0 client knows no chunked coding, so a chunked body to one is sent as is,
 * delimited by closing the connection: {@code Connection: close}, and {@link #closing()} is true.
 *
 * <p>The status line always says {@code HTTP/1.1}, the version the server speaks (RFC 9110 section 2.5), also to an
 * HTTP/1.0 client. Statuses with a reason phrase here ({@link #reasonPhrase}) may be written; they all may carry a
 * body.
 */
public final class HttpResponseWriter {

    /** Default size of the buffer at first: 4 KiB. */
    public static final int DEFAULT_INITIAL_CAPACITY_BYTES = 4096;
    /** The type of a refusal's body. */
    public static final String TEXT_PLAIN_UTF_8 = "text/plain; charset=utf-8";

    private static final int[] STATUSES = {200, 400, 404, 405, 413, 431, 500, 501, 505};
    /** {@code HTTP/1.1 <status> <reason>\r\n} at index status - 200. */
    private static final byte[][] STATUS_LINES = statusLines();
    private static final byte[] CRLF = ascii("\r\n");
    private static final byte[] COLON_SP = ascii(": ");
    private static final byte[] CONTENT_TYPE = ascii("Content-Type: ");
    private static final byte[] CONTENT_LENGTH = ascii("Content-Length: ");
    private static final byte[] CHUNKED = ascii("Transfer-Encoding: chunked\r\n");
    private static final byte[] CLOSE = ascii("Connection: close\r\n");
    private static final byte[] KEEP_ALIVE = ascii("Connection: keep-alive\r\n");
    private static final byte[] LAST_CHUNK = ascii("0\r\n\r\n");
    private static final byte[] NO_BYTES = new byte[0];
    /** The headers the writer writes itself, which {@link #header} refuses. */
    private static final String[] OWN_HEADERS = {
        "Content-Type", "Content-Length", "Transfer-Encoding", "Connection", "Date"};
    private static final byte[] HEX_DIGITS = ascii("0123456789abcdef");
    /** The visible ASCII characters that cannot be in a token (RFC 9110 section 5.6.2). */
    private static final String DELIMITERS = "\"(),/:;<=>?@[\\]{}";

    /*
     * The steps of one response:
     *
     *   IDLE -> HEAD        // status
     *   HEAD -> HEAD        // header
     *   HEAD -> IDLE        // body
     *   HEAD -> CHUNKED     // chunked
     *   CHUNKED -> CHUNKED  // chunk
     *   CHUNKED -> IDLE     // endChunked
     *   IDLE -> IDLE        // error
     *   any -> IDLE         // clear
     */
    private enum State {
        IDLE("between responses"),
        HEAD("in a response's head, after status()"),
        CHUNKED("in a chunked body, after chunked()");

        private final String where;

        State(final String where) {
            this.where = where;
        }
    }

    private byte[] buffer;
    private int length;
    private State state = State.IDLE;
    /** A response in the buffer closes the connection. */
    private boolean closing;
    /** {@code Date: <text>\r\n}, or no bytes. */
    private byte[] dateLine = NO_BYTES;

    // The response being written.
    private boolean keepAlive;
    private boolean http10;
    private boolean omitBody;
    /** The body is sent as is, ended by closing the connection. */
    private boolean untilClose;

    /** A writer with a buffer of {@value #DEFAULT_INITIAL_CAPACITY_BYTES} bytes at first. */
    public HttpResponseWriter() {
        this(DEFAULT_INITIAL_CAPACITY_BYTES);
    }

    /**
     * A writer.
     *
     * @param initialCapacityBytes the size of its buffer at first
     * @throws IllegalArgumentException if it is not positive
     */
    public HttpResponseWriter(final int initialCapacityBytes) {
        if (initialCapacityBytes < 1) {
            throw new IllegalArgumentException("initialCapacityBytes must be positive, not " + initialCapacityBytes);
        }
        buffer = new byte[initialCapacityBytes];
    }

    /**
     * The reason phrase of a status.
     *
     * @param status one of 200, 400, 404, 405, 413, 431, 500, 501, 505
     * @return its phrase, such as {@code Not Found}
     * @throws IllegalArgumentException for another status
     */
    public static String reasonPhrase(final int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 413 -> "Content Too Large";
            case 431 -> "Request Header Fields Too Large";
            case 500 -> "Internal Server Error";
            case 501 -> "Not Implemented";
            case 505 -> "HTTP Version Not Supported";
            default -> throw unknownStatus(status);
        };
    }

    /**
     * The bytes written; valid up to {@link #length()}, and until the next call that writes or clears.
     *
     * @return the buffer itself, not a copy
     */
    public byte[] buffer() {
        return buffer;
    }

    /**
     * How many bytes of {@link #buffer()} are written.
     *
     * @return the count
     */
    public int length() {
        return length;
    }

    /**
     * Whether a response in the buffer closes the connection: close it once the buffer is written, and answer no
     * more requests on it (the writer refuses to begin another response until {@link #clear()}).
     *
     * @return true if the connection must close
     */
    public boolean closing() {
        return closing;
    }

    /** Empties the buffer, also of a response not finished, and forgets {@link #closing()}; keeps the date. */
    public void clear() {
        length = 0;
        state = State.IDLE;
        closing = false;
    }

    /**
     * Sets the {@code Date} header of the responses written from now on; the writer never reads the clock.
     *
     * @param text the date as RFC 9110 section 5.6.7 writes it, such as {@code Sun, 06 Nov 1994 08:49:37 GMT}; empty
     *     for no {@code Date} header
     * @throws IllegalArgumentException if it has a character a header value cannot have
     */
    public void date(final String text) {
        checkValue(text, "Date");
        dateLine = text.isEmpty() ? NO_BYTES : ascii("Date: " + text + "\r\n");
    }

    /**
     * Begins a response: its status line, and {@code Date} if set.
     *
     * @param request the request it answers
     * @param status its status
     * @return this writer, for {@link #header}, {@link #body} or {@link #chunked}
     * @throws IllegalArgumentException if the writer has no reason phrase for the status
     * @throws IllegalStateException if a response is being written, or one in the buffer closes the connection
     */
    public HttpResponseWriter status(final HttpRequest request, final int status) {
        final byte[] line = statusLine(status);
        checkCanBegin();
        keepAlive = request.keepAlive();
        http10 = request.version() == HttpVersion.HTTP_1_0;
        omitBody = request.isHead();
        write(line);
        write(dateLine);
        state = State.HEAD;
        return this;
    }

    /**
     * Adds a header to the response begun, such as {@code Allow} to a 405.
     *
     * @param name its name, a token; not one the writer writes itself ({@code Content-Type}, {@code Content-Length},
     *     {@code Transfer-Encoding}, {@code Connection}, {@code Date})
     * @param value its value, printable ASCII, spaces and tabs
     * @return this writer
     * @throws IllegalArgumentException if the name or value cannot be sent, or the name is one the writer writes
     * @throws IllegalStateException if no response has been begun, or its head is written
     */
    public HttpResponseWriter header(final String name, final String value) {
        checkState(State.HEAD, "header");
        for (final String own : OWN_HEADERS) {
            if (own.equalsIgnoreCase(name)) {
                throw new IllegalArgumentException("the writer writes the " + own + " header itself");
            }
        }
        checkToken(name);
        checkValue(value, name);
        writeAscii(name);
        write(COLON_SP);
        writeAscii(value);
        write(CRLF);
        return this;
    }

    /**
     * Ends the response begun with a body of known length: {@code Content-Type}, {@code Content-Length},
     * {@code Connection} as needed, then the body unless the request is a {@code HEAD}.
     *
     * @param contentType the body's media type, such as {@code text/plain}
     * @param content the body
     * @throws IllegalArgumentException if the type has a character a header value cannot have
     * @throws IllegalStateException if no response has been begun, or its head is written
     */
    public void body(final String contentType, final Bytes content) {
        checkState(State.HEAD, "body");
        writeContentType(contentType);
        write(CONTENT_LENGTH);
        writeDecimal(content.length());
        write(CRLF);
        endHead(keepAlive);
        if (!omitBody) {
            write(content);
        }
        state = State.IDLE;
    }

    /**
     * Ends the head of the response begun for a body sent in {@link #chunk}s: {@code Content-Type},
     * {@code Transfer-Encoding: chunked} (for an HTTP/1.0 request, which knows no chunks, {@code Connection: close}
     * instead), {@code Connection} as needed.
     *
     * @param contentType the body's media type
     * @throws IllegalArgumentException if the type has a character a header value cannot have
     * @throws IllegalStateException if no response has been begun, or its head is written
     */
    public void chunked(final String contentType) {
        checkState(State.HEAD, "chunked");
        writeContentType(contentType);
        untilClose = http10 && !omitBody;
        if (!http10) {
            write(CHUNKED);
        }
        endHead(keepAlive && !untilClose);
        state = State.CHUNKED;
    }

    /**
     * Writes a chunk of the body: nothing if it is empty (an empty chunk would end the body) or the request is a
     * {@code HEAD}.
     *
     * @param data the chunk's bytes
     * @throws IllegalStateException if no chunked body is being written
     */
    public void chunk(final Bytes data) {
        checkState(State.CHUNKED, "chunk");
        if (omitBody || data.length() == 0) {
            return;
        }
        if (untilClose) {
            write(data);
            return;
        }
        writeHex(data.length());
        write(CRLF);
        write(data);
        write(CRLF);
    }

    /**
     * Ends the chunked body: the last chunk, with no trailer fields.
     *
     * @throws IllegalStateException if no chunked body is being written
     */
    public void endChunked() {
        checkState(State.CHUNKED, "endChunked");
        if (!omitBody && !untilClose) {
            write(LAST_CHUNK);
        }
        state = State.IDLE;
    }

    /**
     * Writes a whole response with a body of known length: {@code status(request, status).body(contentType, content)}.
     *
     * @param request the request it answers
     * @param status its status
     * @param contentType the body's media type
     * @param content the body
     * @throws IllegalArgumentException if the status or type cannot be written
     * @throws IllegalStateException if a response is being written, or one in the buffer closes the connection
     */
    public void fixed(final HttpRequest request, final int status, final String contentType, final Bytes content) {
        status(request, status).body(contentType, content);
    }

    /**
     * Begins a response with a chunked body: {@code status(request, status).chunked(contentType)}; then
     * {@link #chunk} and {@link #endChunked()}.
     *
     * @param request the request it answers
     * @param status its status
     * @param contentType the body's media type
     * @throws IllegalArgumentException if the status or type cannot be written
     * @throws IllegalStateException if a response is being written, or one in the buffer closes the connection
     */
    public void beginChunked(final HttpRequest request, final int status, final String contentType) {
        status(request, status).chunked(contentType);
    }

    /**
     * Answers a refused request: its status, {@value #TEXT_PLAIN_UTF_8}, the refusal's message and a line end as
     * the body, and {@code Connection: close}, for the input after a refused request cannot be read.
     *
     * @param refusal what the parser refused
     * @throws IllegalArgumentException if the writer has no reason phrase for its status
     * @throws IllegalStateException if a response is being written, or one in the buffer closes the connection
     */
    public void error(final HttpRequestException refusal) {
        final byte[] line = statusLine(refusal.status());
        checkCanBegin();
        final byte[] text = (refusal.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
        write(line);
        write(dateLine);
        writeContentType(TEXT_PLAIN_UTF_8);
        write(CONTENT_LENGTH);
        writeDecimal(text.length);
        write(CRLF);
        endHead(false);
        write(text, text.length);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private void checkCanBegin() {
        checkState(State.IDLE, "a new response");
        if (closing) {
            throw new IllegalStateException("a response in the buffer closes the connection: nothing may follow it"
                + " until clear()");
        }
    }

    private void checkState(final State expected, final String step) {
        if (state != expected) {
            throw new IllegalStateException(step + " needs the writer " + expected.where + ", but it is "
                + state.where);
        }
    }

    private void writeContentType(final String contentType) {
        checkValue(contentType, "Content-Type");
        write(CONTENT_TYPE);
        writeAscii(contentType);
        write(CRLF);
    }

    /** Writes {@code Connection} as needed and the empty line that ends the head. */
    private void endHead(final boolean persistent) {
        if (!persistent) {
            write(CLOSE);
            closing = true;
        } else if (http10) {
            write(KEEP_ALIVE);
        }
        write(CRLF);
    }

    private static byte[] statusLine(final int status) {
        final int index = status - 200;
        if (index < 0 || index >= STATUS_LINES.length || STATUS_LINES[index] == null) {
            throw unknownStatus(status);
        }
        return STATUS_LINES[index];
    }

    private static IllegalArgumentException unknownStatus(final int status) {
        return new IllegalArgumentException("status " + status + " is not one this writer writes: "
            + Arrays.toString(STATUSES));
    }

    private static void checkToken(final String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a header name cannot be empty");
        }
        for (int i = 0; i < name.length(); i++) {
            final char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || DELIMITERS.indexOf(c) >= 0) {
                throw new IllegalArgumentException("header name '" + name + "' is not a token");
            }
        }
    }

    private static void checkValue(final String value, final String name) {
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c != '\t' && (c < ' ' || c >= 0x7f)) {
                throw new IllegalArgumentException("the value of header " + name + " has a character that cannot be"
                    + " sent, U+" + String.format("%04X", (int) c) + " at index " + i);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The buffer.

    private void ensure(final int n) {
        final int needed = Math.addExact(length, n);
        if (needed > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(needed, 2 * buffer.length));
        }
    }

    private void write(final byte[] bytes) {
        write(bytes, bytes.length);
    }

    private void write(final byte[] bytes, final int n) {
        ensure(n);
        System.arraycopy(bytes, 0, buffer, length, n);
        length += n;
    }

    private void write(final Bytes bytes) {
        final int n = bytes.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buffer[length + i] = bytes.byteAt(i);
        }
        length += n;
    }

    /** Writes text already checked to be ASCII. */
    private void writeAscii(final String text) {
        final int n = text.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buffer[length + i] = (byte) text.charAt(i);
        }
        length += n;
    }

    private void writeDecimal(final int value) {
        int digits = 1;
        for (int v = value; v >= 10; v /= 10) {
            digits++;
        }
        ensure(digits);
        int v = value;
        for (int i = length + digits - 1; i >= length; i--) {
            buffer[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        length += digits;
    }

    private void writeHex(final int value) {
        final int digits = Math.max(1, (Integer.SIZE - Integer.numberOfLeadingZeros(value) + 3) / 4);
        ensure(digits);
        for (int i = 0; i < digits; i++) {
            buffer[length + i] = HEX_DIGITS[(value >>> (4 * (digits - 1 - i))) & 0xf];
        }
        length += digits;
    }

    private static byte[] ascii(final String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] statusLines() {
        final byte[][] lines = new byte[STATUSES[STATUSES.length - 1] - 200 + 1][];
        for (final int status : STATUSES) {
            lines[status - 200] = ascii("HTTP/1.1 " + status + " " + reasonPhrase(status) + "\r\n");
        }
        return lines;
    }
}
