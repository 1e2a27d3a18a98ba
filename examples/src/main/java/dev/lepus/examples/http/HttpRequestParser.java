package dev.lepus.examples.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.lepus.api.Bytes;
import dev.lepus.api.net.NetInput;

/**
 * Reads HTTP/1.1 requests (RFC 9112) from the input of one connection, one at a time and in order: each
 * {@link #parse} call returns the next whole request, or null while it has not all arrived, or refuses the input with
 * an {@link HttpRequestException} that names the status to answer.
 *
 * <p>Thread contract: not threadsafe; one parser per connection, called only from that connection's handlers, on its
 * component's kernel.
 *
 * <h2>Input split across reads</h2>
 *
 * <p>Pass every call the same connection's input, and consume nothing from it in between. The parser leaves the head
 * of a request (request line, header lines and the blank line ending them) in the input until it is whole, and
 * consumes it then; it does the same with each chunk-size line and with the trailer section of a chunked body. While
 * it waits for one of those it remembers how far it has searched, so a head that arrives a byte at a time is still
 * searched once, not once per byte. Body bytes it consumes as they arrive and keeps them itself, so a body never has
 * to fit in the connection's input limit. Over all calls it consumes exactly the bytes of the requests it returns
 * (and the empty lines a client may send between them), never a byte of the request after: pipelined requests stay
 * in the input for the following calls. Call {@code parse} until it returns null, then wait for more input.
 *
 * <h2>What it accepts</h2>
 *
 * <ul>
 *   <li>A request line {@code METHOD SP target SP HTTP/1.x}, with a token method, a target of visible ASCII that
 *       starts with {@code /}, is {@code *}, or is absolute ({@code http://host/path}), and version 1.0 or 1.1.
 *       Another well-formed version, such as {@code HTTP/2.0}, is refused with 505; a malformed one with 400.</li>
 *   <li>Lines ending in CRLF or in a bare LF (RFC 9112 section 2.2 lets a recipient accept the bare LF; many clients
 *       and scripts send it). A CR anywhere else is refused.</li>
 *   <li>Empty lines before a request line, skipped (section 2.2: some clients send a CRLF after a body).</li>
 *   <li>Header lines {@code name: value} with a token name and no whitespace before the colon; the value is trimmed of
 *       spaces and tabs and may hold any byte but controls (other than tab), read as ISO-8859-1. A line that begins
 *       with whitespace (obsolete folding) is refused.</li>
 *   <li>Exactly one {@code Host} field in an HTTP/1.1 request, at most one in an HTTP/1.0 request.</li>
 *   <li>A body framed by one {@code Content-Length} of decimal digits, or by {@code Transfer-Encoding: chunked}
 *       alone; chunk extensions are skipped, and trailer fields are checked and dropped (section 7.1.2 allows
 *       it). Anything else that frames a body is refused: two {@code Content-Length} or two
 *       {@code Transfer-Encoding} fields, both headers at once, {@code Transfer-Encoding} in an HTTP/1.0 request, or
 *       a coding list that does not end in {@code chunked} (400); other codings before {@code chunked}, such as
 *       {@code gzip, chunked}, which the server does not implement (501). Refusing every doubt about framing, rather
 *       than guessing, is what keeps a request from being smuggled past a proxy.</li>
 * </ul>
 *
 * <h2>Limits</h2>
 *
 * <ul>
 *   <li>{@link #maxHeadBytes()}, default {@value #DEFAULT_MAX_HEAD_BYTES}: the request line, header lines and
 *       blank line of a request, and also the trailer section of a chunked body. A longer one is refused with 431
 *       ({@code Request Header Fields Too Large}), as soon as that many bytes have arrived without its end.</li>
 *   <li>{@link #maxBodyBytes()}, default {@value #DEFAULT_MAX_BODY_BYTES}: a body. A longer one is refused with 413
 *       ({@code Content Too Large}) as soon as the head declares it ({@code Content-Length}) or a chunk-size line
 *       brings the sum of the chunks over it, before the body bytes arrive. A {@code Content-Length} too long for any
 *       number type is too large, not malformed: it is never wrapped around to a small number.</li>
 *   <li>{@link #MAX_CHUNK_LINE_BYTES}: a chunk-size line, extensions included; a longer one is refused with 400.</li>
 * </ul>
 *
 * <p>A request whose method begins with a byte that cannot be in a method (a TLS handshake, binary garbage) is
 * refused with 400 as soon as that byte arrives, without waiting for a line end.
 *
 * <h2>What it allocates</h2>
 *
 * <p>Nothing per byte. Per parser: a buffer for a head, 1 KiB at first, doubled when a longer head comes, up to
 * {@link #maxHeadBytes()}. Per request: the {@link HttpRequest} (two when it has a body), its {@link HttpHeaders} with
 * one array, a string per header name and per value, and the target's string (its path and query are substrings of
 * it when it has a query); the standard methods are shared constants. A body is copied once when it is in the input
 * whole at the moment its head has been read; otherwise into an array that doubles as bytes arrive (so a client that
 * declares a large body and sends little makes the parser hold little), then once more into its {@link Bytes}. The
 * array is released with the request. A refusal allocates its exception and message.
 */
public final class HttpRequestParser {

    /** Default {@link #maxHeadBytes()}: 8 KiB. */
    public static final int DEFAULT_MAX_HEAD_BYTES = 8 * 1024;
    /** Default {@link #maxBodyBytes()}: 1 MiB. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
    /** The longest chunk-size line accepted, extensions and line end included. */
    public static final int MAX_CHUNK_LINE_BYTES = 1024;

    private static final int INITIAL_HEAD_BUFFER_BYTES = 1024;
    private static final int INITIAL_BODY_BUFFER_BYTES = 4096;
    /** How many of the client's bytes a refusal quotes at most. */
    private static final int QUOTED_BYTES = 64;
    private static final byte[] NO_BYTES = new byte[0];

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte SP = ' ';
    private static final byte HT = '\t';
    private static final byte COLON = ':';

    /** Returned as the method of a request that names one of them, rather than a new string. */
    private static final String[] STANDARD_METHODS = {
        "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT"};

    /** Whether a byte may be in a token (RFC 9110 section 5.6.2): a method or a field name. */
    private static final boolean[] TOKEN = tokenBytes();

    /*
     * What the parser is reading, one request at a time:
     *
     *   HEAD -> COMPLETE                    // a head without a body
     *   HEAD -> FIXED_BODY -> COMPLETE      // Content-Length: n, n > 0
     *   HEAD -> CHUNK_LINE                  // Transfer-Encoding: chunked
     *   CHUNK_LINE -> CHUNK_DATA            // a chunk of size > 0
     *   CHUNK_DATA -> CHUNK_END -> CHUNK_LINE   // its data, then its line end
     *   CHUNK_LINE -> TRAILERS -> COMPLETE  // the last chunk (size 0), then the trailer section
     *   COMPLETE -> HEAD                    // parse returns the request
     *   any -> FAILED                       // parse threw a refusal; final
     */
    private enum State { HEAD, FIXED_BODY, CHUNK_LINE, CHUNK_DATA, CHUNK_END, TRAILERS, COMPLETE, FAILED }

    private final int maxHeadBytes;
    private final int maxBodyBytes;

    private State state = State.HEAD;
    /**
     * In HEAD and TRAILERS the start of the first line not yet whole, in CHUNK_LINE how many bytes have been searched
     * for the line end: where the search resumes. An index into the input, which nothing is consumed from meanwhile.
     */
    private int scanned;
    /** In HEAD, how many bytes at the start of the input have been checked to be method bytes. */
    private int methodChecked;
    /** Where a head or a trailer section is copied to be read; grows up to maxHeadBytes. */
    private byte[] headBuffer;
    /** The request whose body is being read, or that is COMPLETE; null in HEAD. */
    private HttpRequest pending;
    /** The body bytes so far, in [0, bodyLength). */
    private byte[] body = NO_BYTES;
    private int bodyLength;
    /** In FIXED_BODY the body bytes still to come, in CHUNK_DATA the chunk's. */
    private int remaining;

    /** A parser with the default limits. */
    public HttpRequestParser() {
        this(DEFAULT_MAX_HEAD_BYTES, DEFAULT_MAX_BODY_BYTES);
    }

    /**
     * A parser with its own limits.
     *
     * @param maxHeadBytes the longest head, and the longest trailer section, in bytes
     * @param maxBodyBytes the longest body, in bytes
     * @throws IllegalArgumentException if {@code maxHeadBytes} is not positive or {@code maxBodyBytes} is negative
     */
    public HttpRequestParser(final int maxHeadBytes, final int maxBodyBytes) {
        if (maxHeadBytes < 1 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("maxHeadBytes must be positive and maxBodyBytes not negative:"
                + " maxHeadBytes=" + maxHeadBytes + " maxBodyBytes=" + maxBodyBytes);
        }
        this.maxHeadBytes = maxHeadBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.headBuffer = new byte[Math.min(INITIAL_HEAD_BUFFER_BYTES, maxHeadBytes)];
    }

    /**
     * The longest head (request line, header lines and the blank line) and the longest trailer section accepted.
     *
     * @return the limit in bytes
     */
    public int maxHeadBytes() {
        return maxHeadBytes;
    }

    /**
     * The longest body accepted, declared or the sum of its chunks.
     *
     * @return the limit in bytes
     */
    public int maxBodyBytes() {
        return maxBodyBytes;
    }

    /**
     * Reads the next request, consuming what it can use (see the class comment).
     *
     * @param in the connection's unconsumed input
     * @return the next request, or null if it has not all arrived
     * @throws HttpRequestException if the input is not a request this parser accepts; answer with its status and
     *     close, for the rest of the input cannot be read
     * @throws IllegalStateException if this parser refused its input before
     */
    public HttpRequest parse(final NetInput in) throws HttpRequestException {
        if (state == State.FAILED) {
            throw new IllegalStateException("this parser refused its connection's input: answer the refusal and close"
                + " the connection");
        }
        try {
            while (state != State.COMPLETE) {
                final boolean whole = switch (state) {
                    case HEAD -> readHead(in);
                    case FIXED_BODY -> readFixedBody(in);
                    case CHUNK_LINE -> readChunkLine(in);
                    case CHUNK_DATA -> readChunkData(in);
                    case CHUNK_END -> readChunkEnd(in);
                    case TRAILERS -> readTrailers(in);
                    case COMPLETE, FAILED -> throw new AssertionError(state);
                };
                if (!whole) {
                    return null;
                }
            }
        } catch (final HttpRequestException e) {
            state = State.FAILED;
            pending = null;
            body = NO_BYTES;
            throw e;
        }
        final HttpRequest request = pending;
        pending = null;
        state = State.HEAD;
        return request;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The steps. Each returns true when the part it reads was whole and the state has moved on, false when it needs
    // more input.

    private boolean readHead(final NetInput in) throws HttpRequestException {
        if (scanned == 0) {
            skipEmptyLines(in);
            checkMethodSoFar(in);
        }
        final int end = endOfSection(in, maxHeadBytes);
        if (end < 0) {
            if (in.readable() >= maxHeadBytes) {
                throw headTooLarge("the request line and headers exceed " + maxHeadBytes + " bytes");
            }
            return false;
        }
        final byte[] head = copyToHeadBuffer(in, end);
        in.skip(end);
        scanned = 0;
        methodChecked = 0;
        acceptHead(head, end);
        return true;
    }

    private boolean readFixedBody(final NetInput in) {
        if (bodyLength == 0 && in.readable() >= remaining) {
            complete(in.take(remaining));
            return true;
        }
        final int n = Math.min(remaining, in.readable());
        if (n == 0) {
            return false;
        }
        appendBody(in, n, bodyLength + remaining);
        remaining -= n;
        if (remaining > 0) {
            return false;
        }
        complete(takeBody());
        return true;
    }

    private boolean readChunkLine(final NetInput in) throws HttpRequestException {
        final int lf = in.indexOf(LF, scanned);
        if (lf < 0 || lf >= MAX_CHUNK_LINE_BYTES) {
            if (lf >= MAX_CHUNK_LINE_BYTES || in.readable() >= MAX_CHUNK_LINE_BYTES) {
                throw bad("a chunk-size line exceeds " + MAX_CHUNK_LINE_BYTES + " bytes");
            }
            scanned = in.readable();
            return false;
        }
        final int end = lf > 0 && in.get(lf - 1) == CR ? lf - 1 : lf;
        long size = 0;
        int i = 0;
        while (i < end && hexDigit(in.get(i)) >= 0) {
            if (size <= maxBodyBytes) {
                size = size * 16 + hexDigit(in.get(i));
            }
            i++;
        }
        if (i == 0 || !isChunkExtension(in, i, end)) {
            throw bad("invalid chunk-size line " + quote(in, end));
        }
        if (size > maxBodyBytes - bodyLength) {
            throw contentTooLarge("the chunked body exceeds " + maxBodyBytes + " bytes");
        }
        in.skip(lf + 1);
        scanned = 0;
        if (size == 0) {
            state = State.TRAILERS;
        } else {
            remaining = (int) size;
            state = State.CHUNK_DATA;
        }
        return true;
    }

    private boolean readChunkData(final NetInput in) {
        final int n = Math.min(remaining, in.readable());
        if (n == 0) {
            return false;
        }
        appendBody(in, n, maxBodyBytes);
        remaining -= n;
        if (remaining > 0) {
            return false;
        }
        state = State.CHUNK_END;
        return true;
    }

    private boolean readChunkEnd(final NetInput in) throws HttpRequestException {
        final int readable = in.readable();
        if (readable == 0 || (readable == 1 && in.get(0) == CR)) {
            return false;
        }
        if (in.get(0) == LF) {
            in.skip(1);
        } else if (in.get(0) == CR && in.get(1) == LF) {
            in.skip(2);
        } else {
            throw bad("chunk data is not followed by a line end");
        }
        state = State.CHUNK_LINE;
        return true;
    }

    private boolean readTrailers(final NetInput in) throws HttpRequestException {
        final int end = endOfSection(in, maxHeadBytes);
        if (end < 0) {
            if (in.readable() >= maxHeadBytes) {
                throw headTooLarge("the trailer section exceeds " + maxHeadBytes + " bytes");
            }
            return false;
        }
        final byte[] trailers = copyToHeadBuffer(in, end);
        int lineStart = 0;
        while (true) {
            final int lf = indexOf(trailers, LF, lineStart, end);
            final int lineEnd = withoutCr(trailers, lineStart, lf);
            if (lineEnd == lineStart) {
                break;
            }
            checkFieldLine(trailers, lineStart, lineEnd);
            lineStart = lf + 1;
        }
        in.skip(end);
        scanned = 0;
        complete(takeBody());
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The head.

    /** Reads a whole head, sets pending to its request and moves to the state its framing calls for. */
    private void acceptHead(final byte[] head, final int length) throws HttpRequestException {
        final int requestLineLf = indexOf(head, LF, 0, length);
        final int requestLineEnd = withoutCr(head, 0, requestLineLf);
        final int sp1 = indexOf(head, SP, 0, requestLineEnd);
        final int sp2 = sp1 < 0 ? -1 : indexOf(head, SP, sp1 + 1, requestLineEnd);
        if (sp1 < 0) {
            throw bad("invalid request line " + quote(head, 0, requestLineEnd));
        }
        if (sp2 < 0) {
            throw bad("missing HTTP version in request line " + quote(head, 0, requestLineEnd));
        }
        if (sp1 == 0 || !allTokenBytes(head, 0, sp1)) {
            throw bad("invalid method in request line " + quote(head, 0, requestLineEnd));
        }
        final String method = method(head, sp1);
        final String target = target(head, sp1 + 1, sp2);
        final HttpVersion version = version(head, sp2 + 1, requestLineEnd);

        final String[] fields = new String[2 * (count(head, LF, requestLineLf + 1, length) - 1)];
        int lineStart = requestLineLf + 1;
        for (int f = 0; f < fields.length; f += 2) {
            final int lf = indexOf(head, LF, lineStart, length);
            final int end = withoutCr(head, lineStart, lf);
            final int colon = checkFieldLine(head, lineStart, end);
            int valueStart = colon + 1;
            int valueEnd = end;
            while (valueStart < valueEnd && isWhitespace(head[valueStart])) {
                valueStart++;
            }
            while (valueEnd > valueStart && isWhitespace(head[valueEnd - 1])) {
                valueEnd--;
            }
            fields[f] = latin1(head, lineStart, colon);
            fields[f + 1] = latin1(head, valueStart, valueEnd);
            lineStart = lf + 1;
        }

        final int q = target.indexOf('?');
        final String query = q < 0 ? "" : target.substring(q + 1);
        final String path = path(q < 0 ? target : target.substring(0, q), target);
        pending = new HttpRequest(method, target, path, query, version, new HttpHeaders(fields), Bytes.EMPTY,
            keepAlive(version, fields));
        frame(version, fields);
    }

    /** Checks the fields that frame the body, and moves to the state that reads it. */
    private void frame(final HttpVersion version, final String[] fields) throws HttpRequestException {
        int hosts = 0;
        int contentLengths = 0;
        int transferEncodings = 0;
        String contentLength = "";
        String transferEncoding = "";
        for (int f = 0; f < fields.length; f += 2) {
            final String name = fields[f];
            if (name.equalsIgnoreCase("Host")) {
                hosts++;
            } else if (name.equalsIgnoreCase("Content-Length")) {
                contentLengths++;
                contentLength = fields[f + 1];
            } else if (name.equalsIgnoreCase("Transfer-Encoding")) {
                transferEncodings++;
                transferEncoding = fields[f + 1];
            }
        }
        if (hosts > 1) {
            throw bad("more than one Host header");
        }
        if (hosts == 0 && version == HttpVersion.HTTP_1_1) {
            throw bad("missing Host header");
        }
        if (transferEncodings > 0) {
            if (version == HttpVersion.HTTP_1_0) {
                throw bad("Transfer-Encoding in an HTTP/1.0 request");
            }
            if (contentLengths > 0) {
                throw bad("both Content-Length and Transfer-Encoding");
            }
            if (transferEncodings > 1) {
                throw bad("more than one Transfer-Encoding header");
            }
            if (!transferEncoding.equalsIgnoreCase("chunked")) {
                final String last = transferEncoding.substring(transferEncoding.lastIndexOf(',') + 1).trim();
                throw last.equalsIgnoreCase("chunked")
                    ? new HttpRequestException(501, "not implemented: Transfer-Encoding " + quote(transferEncoding))
                    : bad("Transfer-Encoding " + quote(transferEncoding) + " does not end with chunked");
            }
            state = State.CHUNK_LINE;
        } else if (contentLengths > 1) {
            throw bad("more than one Content-Length header");
        } else if (contentLengths == 1) {
            remaining = contentLength(contentLength);
            state = remaining > 0 ? State.FIXED_BODY : State.COMPLETE;
        } else {
            state = State.COMPLETE;
        }
    }

    private int contentLength(final String value) throws HttpRequestException {
        if (value.isEmpty()) {
            throw bad("invalid Content-Length ''");
        }
        long n = 0;
        for (int i = 0; i < value.length(); i++) {
            final char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw bad("invalid Content-Length " + quote(value));
            }
            if (n <= maxBodyBytes) {
                n = n * 10 + (c - '0');
            }
        }
        if (n > maxBodyBytes) {
            throw contentTooLarge("Content-Length " + quote(value) + " exceeds " + maxBodyBytes + " bytes");
        }
        return (int) n;
    }

    private static boolean keepAlive(final HttpVersion version, final String[] fields) {
        boolean close = false;
        boolean keepAlive = false;
        for (int f = 0; f < fields.length; f += 2) {
            if (fields[f].equalsIgnoreCase("Connection")) {
                close |= hasToken(fields[f + 1], "close");
                keepAlive |= hasToken(fields[f + 1], "keep-alive");
            }
        }
        return !close && (keepAlive || version == HttpVersion.HTTP_1_1);
    }

    /** Whether a comma-separated list holds a token, ignoring case and the whitespace around the elements. */
    private static boolean hasToken(final String list, final String token) {
        int start = 0;
        while (start <= list.length()) {
            final int comma = list.indexOf(',', start);
            final int next = comma < 0 ? list.length() : comma;
            int s = start;
            int e = next;
            while (s < e && isWhitespace((byte) list.charAt(s))) {
                s++;
            }
            while (e > s && isWhitespace((byte) list.charAt(e - 1))) {
                e--;
            }
            if (e - s == token.length() && list.regionMatches(true, s, token, 0, token.length())) {
                return true;
            }
            start = next + 1;
        }
        return false;
    }

    /** The method, a shared constant if it is a standard one. */
    private static String method(final byte[] head, final int length) {
        for (final String standard : STANDARD_METHODS) {
            if (isAscii(standard, head, length)) {
                return standard;
            }
        }
        return latin1(head, 0, length);
    }

    /** Whether the first {@code length} bytes of an array are the ASCII text {@code s}. */
    private static boolean isAscii(final String s, final byte[] a, final int length) {
        if (s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (a[i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static String target(final byte[] head, final int start, final int end) throws HttpRequestException {
        if (start == end) {
            throw bad("empty request target");
        }
        for (int i = start; i < end; i++) {
            if (head[i] <= SP || head[i] == 0x7f) {
                throw bad("invalid request target " + quote(head, start, end));
            }
        }
        return latin1(head, start, end);
    }

    /** The path of a target, given the target up to its query. */
    private static String path(final String beforeQuery, final String target) throws HttpRequestException {
        if (beforeQuery.startsWith("/") || beforeQuery.equals("*")) {
            return beforeQuery;
        }
        final int scheme = beforeQuery.indexOf("://");
        if (scheme > 0 && beforeQuery.length() > scheme + 3 && allLetters(beforeQuery, scheme)) {
            final int slash = beforeQuery.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : beforeQuery.substring(slash);
        }
        throw bad("invalid request target " + quote(target));
    }

    private static HttpVersion version(final byte[] head, final int start, final int end)
            throws HttpRequestException {
        final boolean wellFormed = end - start == 8 && head[start] == 'H' && head[start + 1] == 'T'
            && head[start + 2] == 'T' && head[start + 3] == 'P' && head[start + 4] == '/' && isDigit(head[start + 5])
            && head[start + 6] == '.' && isDigit(head[start + 7]);
        if (!wellFormed) {
            throw bad("invalid HTTP version " + quote(head, start, end));
        }
        if (head[start + 5] == '1' && head[start + 7] == '0') {
            return HttpVersion.HTTP_1_0;
        }
        if (head[start + 5] == '1' && head[start + 7] == '1') {
            return HttpVersion.HTTP_1_1;
        }
        throw new HttpRequestException(505, "HTTP version not supported: " + quote(head, start, end));
    }

    /**
     * Checks a header or trailer line, without its line end.
     *
     * @return the index of its colon
     */
    private static int checkFieldLine(final byte[] a, final int start, final int end) throws HttpRequestException {
        if (isWhitespace(a[start])) {
            throw bad("obsolete line folding in header line " + quote(a, start, end));
        }
        final int colon = indexOf(a, COLON, start, end);
        if (colon < 0) {
            throw bad("header line " + quote(a, start, end) + " has no colon");
        }
        if (colon == start || !allTokenBytes(a, start, colon)) {
            throw bad("invalid header name " + quote(a, start, colon));
        }
        for (int i = colon + 1; i < end; i++) {
            if (!isValueByte(a[i])) {
                throw bad("invalid character in the value of header " + quote(a, start, colon));
            }
        }
        return colon;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Searching the input.

    /** Consumes the empty lines at the start of the input. */
    private static void skipEmptyLines(final NetInput in) {
        while (true) {
            final int readable = in.readable();
            if (readable >= 1 && in.get(0) == LF) {
                in.skip(1);
            } else if (readable >= 2 && in.get(0) == CR && in.get(1) == LF) {
                in.skip(2);
            } else {
                return;
            }
        }
    }

    /**
     * Refuses a request line whose method has a byte no method can have, before its line end arrives. Checks each
     * byte once, up to the first space or line end.
     */
    private void checkMethodSoFar(final NetInput in) throws HttpRequestException {
        final int n = Math.min(in.readable(), maxHeadBytes);
        for (int i = methodChecked; i < n; i++) {
            final byte b = in.get(i);
            if (b == SP || b == CR || b == LF) {
                methodChecked = i;
                return;
            }
            if (!TOKEN[b & 0xff]) {
                throw bad(String.format("the request does not begin with a method: byte 0x%02x at offset %d",
                    b & 0xff, i));
            }
        }
        methodChecked = n;
    }

    /**
     * The index just past the empty line that ends the section of lines at the start of the input (a head, or a
     * trailer section), or -1 if it is not within the first {@code limit} bytes. Resumes at {@link #scanned} and
     * leaves it at the first line not yet whole.
     */
    private int endOfSection(final NetInput in, final int limit) {
        final int window = Math.min(in.readable(), limit);
        int lineStart = scanned;
        while (true) {
            final int lf = in.indexOf(LF, lineStart);
            if (lf < 0 || lf >= window) {
                scanned = lineStart;
                return -1;
            }
            if (lf == lineStart || (lf == lineStart + 1 && in.get(lineStart) == CR)) {
                return lf + 1;
            }
            lineStart = lf + 1;
        }
    }

    /** Whether what follows a chunk size, up to the line end, is empty or chunk extensions. */
    private static boolean isChunkExtension(final NetInput in, final int start, final int end) {
        int i = start;
        while (i < end && isWhitespace(in.get(i))) {
            i++;
        }
        if (i == end) {
            return i == start;
        }
        if (in.get(i) != ';') {
            return false;
        }
        for (; i < end; i++) {
            if (!isValueByte(in.get(i))) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Buffers.

    private byte[] copyToHeadBuffer(final NetInput in, final int n) {
        if (headBuffer.length < n) {
            headBuffer = new byte[Math.min(maxHeadBytes, Math.max(n, 2 * headBuffer.length))];
        }
        in.get(0, headBuffer, 0, n);
        return headBuffer;
    }

    /** Consumes {@code n} bytes into the body, growing its array by doubling, but not past {@code capacityLimit}. */
    private void appendBody(final NetInput in, final int n, final int capacityLimit) {
        final int needed = bodyLength + n;
        if (body.length < needed) {
            final int doubled = Math.max(INITIAL_BODY_BUFFER_BYTES, 2 * body.length);
            body = Arrays.copyOf(body, Math.min(capacityLimit, Math.max(needed, doubled)));
        }
        in.get(0, body, bodyLength, n);
        in.skip(n);
        bodyLength = needed;
    }

    /** The body read so far, releasing its array. */
    private Bytes takeBody() {
        final Bytes taken = bodyLength == 0 ? Bytes.EMPTY : Bytes.of(body, 0, bodyLength);
        body = NO_BYTES;
        bodyLength = 0;
        return taken;
    }

    private void complete(final Bytes content) {
        pending = pending.withBody(content);
        state = State.COMPLETE;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Bytes.

    private static boolean[] tokenBytes() {
        final boolean[] token = new boolean[256];
        for (int c = '0'; c <= '9'; c++) {
            token[c] = true;
        }
        for (int c = 'A'; c <= 'Z'; c++) {
            token[c] = true;
            token[c + ('a' - 'A')] = true;
        }
        for (final char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            token[c] = true;
        }
        return token;
    }

    private static boolean allTokenBytes(final byte[] a, final int start, final int end) {
        for (int i = start; i < end; i++) {
            if (!TOKEN[a[i] & 0xff]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allLetters(final String s, final int end) {
        for (int i = 0; i < end; i++) {
            final char c = s.charAt(i);
            if ((c < 'a' || c > 'z') && (c < 'A' || c > 'Z')) {
                return false;
            }
        }
        return true;
    }

    /** Whether a byte may be in a field value: a tab, a visible or space character, or obs-text (0x80 to 0xff). */
    private static boolean isValueByte(final byte b) {
        return b == HT || ((b & 0xff) >= SP && b != 0x7f);
    }

    private static boolean isWhitespace(final byte b) {
        return b == SP || b == HT;
    }

    private static boolean isDigit(final byte b) {
        return b >= '0' && b <= '9';
    }

    private static int hexDigit(final byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }

    private static int indexOf(final byte[] a, final byte b, final int from, final int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int count(final byte[] a, final byte b, final int from, final int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                n++;
            }
        }
        return n;
    }

    /** The end of a line ending at the LF {@code lf}, less the CR before the LF if there is one. */
    private static int withoutCr(final byte[] a, final int lineStart, final int lf) {
        return lf > lineStart && a[lf - 1] == CR ? lf - 1 : lf;
    }

    private static String latin1(final byte[] a, final int start, final int end) {
        return new String(a, start, end - start, StandardCharsets.ISO_8859_1);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Refusals.

    private static HttpRequestException bad(final String detail) {
        return new HttpRequestException(400, "bad request: " + detail);
    }

    private static HttpRequestException contentTooLarge(final String detail) {
        return new HttpRequestException(413, "content too large: " + detail);
    }

    private static HttpRequestException headTooLarge(final String detail) {
        return new HttpRequestException(431, "request header fields too large: " + detail);
    }

    /** The client's bytes, quoted for a refusal: at most {@value #QUOTED_BYTES}, unprintable ones as {@code ?}. */
    private static String quote(final byte[] a, final int start, final int end) {
        final int n = Math.min(end - start, QUOTED_BYTES);
        final StringBuilder sb = new StringBuilder(n + 5).append('\'');
        for (int i = start; i < start + n; i++) {
            final int c = a[i] & 0xff;
            sb.append(c >= SP && c < 0x7f ? (char) c : '?');
        }
        return sb.append(end - start > n ? "...'" : "'").toString();
    }

    private static String quote(final String latin1) {
        final byte[] a = latin1.getBytes(StandardCharsets.ISO_8859_1);
        return quote(a, 0, a.length);
    }

    private static String quote(final NetInput in, final int length) {
        final byte[] a = new byte[Math.min(length, QUOTED_BYTES + 1)];
        in.get(0, a, 0, a.length);
        return quote(a, 0, a.length);
    }
}
