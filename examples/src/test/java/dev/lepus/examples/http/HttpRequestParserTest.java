package dev.lepus.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.lepus.api.Bytes;
import dev.lepus.examples.ByteArrayNetInput;

/** Requests whole, split at every byte and at random, pipelined, and every refusal. */
class HttpRequestParserTest {

    /** Requests of every framing, pipelined in one stream. */
    private static final String PIPELINE = "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"
        + "POST /form?x=1 HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world"
        + "PUT /chunks HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5;name=value\r\nhello\r\n1A\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\nChecksum: 1\r\n\r\n"
        + "\r\n"
        + "GET /bare HTTP/1.1\nHost: a\nContent-Length: 2\n\nok"
        + "HEAD /old HTTP/1.0\r\n\r\n"
        + "DELETE /last HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

    @Test
    void shouldParseGetRequest() throws HttpRequestException {
        final ByteArrayNetInput in = ByteArrayNetInput.of(
            "GET /hello HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n");
        final HttpRequest request = new HttpRequestParser().parse(in);
        assertNotNull(request);
        assertEquals("GET", request.method());
        assertEquals("/hello", request.target());
        assertEquals("/hello", request.path());
        assertEquals("", request.query());
        assertEquals(HttpVersion.HTTP_1_1, request.version());
        assertEquals(2, request.headers().size());
        assertEquals("Host", request.headers().name(0));
        assertEquals("example.com", request.headers().value(0));
        assertSame(Bytes.EMPTY, request.body());
        assertTrue(request.keepAlive());
        assertFalse(request.isHead());
        assertEquals(0, in.readable());
    }

    @Test
    void shouldSplitTargetIntoPathAndQuery() throws HttpRequestException {
        final HttpRequest request = parseOne("GET /search?q=lepus&page=2?x HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals("/search?q=lepus&page=2?x", request.target());
        assertEquals("/search", request.path());
        assertEquals("q=lepus&page=2?x", request.query());
    }

    @Test
    void shouldTakePathOfAbsoluteTarget() throws HttpRequestException {
        final HttpRequest request = parseOne("GET http://example.com:8080/a/b?c=d HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals("/a/b", request.path());
        assertEquals("c=d", request.query());
        assertEquals("/", parseOne("GET HTTP://example.com HTTP/1.1\r\nHost: a\r\n\r\n").path());
    }

    @Test
    void shouldAcceptAsteriskTarget() throws HttpRequestException {
        assertEquals("*", parseOne("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n").path());
    }

    @Test
    void shouldLookUpHeadersIgnoringCase() throws HttpRequestException {
        final HttpRequest request = parseOne(
            "GET / HTTP/1.1\r\nHost: a\r\nContent-Type:  text/plain \t\r\nX-Empty:\r\n"
                + "x-twice: 1\r\nX-Twice: 2\r\n\r\n");
        assertEquals(Optional.of("text/plain"), request.header("content-TYPE"));
        assertEquals(Optional.of(""), request.header("X-Empty"));
        assertEquals(Optional.of("1"), request.header("X-TWICE"));
        assertEquals(Optional.empty(), request.header("Missing"));
        assertTrue(request.headers().contains("HOST"));
        assertEquals("x-twice", request.headers().name(3));
        assertEquals(5, request.headers().size());
    }

    @Test
    void shouldKeepHeaderValueBytesAsLatin1() throws HttpRequestException {
        final HttpRequest request = parseOne("GET / HTTP/1.1\r\nHost: a\r\nX-Name: caf\u00e9\r\n\r\n");
        assertEquals(Optional.of("caf\u00e9"), request.header("X-Name"));
    }

    @Test
    void shouldShareStandardMethodsAndAcceptOthers() throws HttpRequestException {
        assertSame("GET", parseOne("GET / HTTP/1.1\r\nHost: a\r\n\r\n").method());
        assertSame("DELETE", parseOne("DELETE / HTTP/1.1\r\nHost: a\r\n\r\n").method());
        assertEquals("PURGE", parseOne("PURGE / HTTP/1.1\r\nHost: a\r\n\r\n").method());
        assertTrue(parseOne("HEAD / HTTP/1.1\r\nHost: a\r\n\r\n").isHead());
    }

    @Test
    void shouldAcceptBareLineFeeds() throws HttpRequestException {
        final HttpRequest request = parseOne("POST /x HTTP/1.1\nHost: a\r\nContent-Length: 3\n\nabc");
        assertEquals("/x", request.path());
        assertEquals(Optional.of("a"), request.header("Host"));
        assertEquals(Bytes.utf8("abc"), request.body());
    }

    @Test
    void shouldSkipEmptyLinesBeforeRequestLine() throws HttpRequestException {
        final ByteArrayNetInput in = ByteArrayNetInput.of("\r\n\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals("/", new HttpRequestParser().parse(in).path());
        assertEquals(0, in.readable());
    }

    @Test
    void shouldReturnNullAndConsumeNothingUntilHeadIsWhole() throws HttpRequestException {
        final HttpRequestParser parser = new HttpRequestParser();
        final ByteArrayNetInput in = ByteArrayNetInput.of("GET /hello HTTP/1.1\r\nHost: a\r\n");
        assertNull(parser.parse(in));
        assertEquals("GET /hello HTTP/1.1\r\nHost: a\r\n", in.unconsumed());
        in.append("\r");
        assertNull(parser.parse(in));
        assertEquals(31, in.readable());
        in.append("\n");
        assertEquals("/hello", parser.parse(in).path());
        assertEquals(0, in.readable());
    }

    @Test
    void shouldParseRequestsFedByteByByte() throws HttpRequestException {
        final byte[] stream = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
        final HttpRequestParser parser = new HttpRequestParser();
        final ByteArrayNetInput in = new ByteArrayNetInput();
        final List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < stream.length; i++) {
            in.append(stream, i, 1);
            drain(parser, in, requests);
        }
        assertEquals(parseAllAtOnce(), requests);
        assertEquals(0, in.readable());
    }

    @Test
    void shouldParseRequestsSplitAtRandomPoints() throws HttpRequestException {
        final byte[] stream = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
        final List<HttpRequest> expected = parseAllAtOnce();
        for (int seed = 0; seed < 500; seed++) {
            final Random random = new Random(seed);
            final HttpRequestParser parser = new HttpRequestParser();
            final ByteArrayNetInput in = new ByteArrayNetInput();
            final List<HttpRequest> requests = new ArrayList<>();
            for (int at = 0; at < stream.length; ) {
                final int n = Math.min(stream.length - at, 1 + random.nextInt(random.nextBoolean() ? 8 : 120));
                in.append(stream, at, n);
                at += n;
                drain(parser, in, requests);
            }
            assertEquals(expected, requests, "seed " + seed);
            assertEquals(0, in.readable(), "seed " + seed);
        }
    }

    @Test
    void shouldParsePipelinedRequestsFromOneRead() throws HttpRequestException {
        final List<HttpRequest> requests = parseAllAtOnce();
        assertEquals(List.of("/hello", "/form", "/chunks", "/bare", "/old", "/last"),
            requests.stream().map(HttpRequest::path).toList());
        assertEquals(List.of("", "hello world", "helloabcdefghijklmnopqrstuvwxyz", "ok", "", ""),
            requests.stream().map(r -> r.body().utf8()).toList());
        assertEquals(List.of(true, true, true, true, false, false),
            requests.stream().map(HttpRequest::keepAlive).toList());
    }

    @Test
    void shouldLeaveTheNextRequestInTheInput() throws HttpRequestException {
        final HttpRequestParser parser = new HttpRequestParser();
        final ByteArrayNetInput in = ByteArrayNetInput.of("GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHo");
        assertEquals("/1", parser.parse(in).path());
        assertEquals("GET /2 HTTP/1.1\r\nHo", in.unconsumed());
        assertNull(parser.parse(in));
        in.append("st: a\r\n\r\n");
        assertEquals("/2", parser.parse(in).path());
    }

    @Test
    void shouldKeepHttp11ConnectionAliveByDefault() throws HttpRequestException {
        assertTrue(parseOne("GET / HTTP/1.1\r\nHost: a\r\n\r\n").keepAlive());
        assertTrue(parseOne("GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\n\r\n").keepAlive());
    }

    @Test
    void shouldCloseHttp11ConnectionOnConnectionClose() throws HttpRequestException {
        assertFalse(parseOne("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n").keepAlive());
        assertFalse(parseOne("GET / HTTP/1.1\r\nHost: a\r\nconnection: Upgrade , CLOSE\r\n\r\n").keepAlive());
        assertFalse(parseOne("GET / HTTP/1.1\r\nHost: a\r\nConnection: x\r\nConnection: close\r\n\r\n").keepAlive());
    }

    @Test
    void shouldNotMistakeOtherTokensForClose() throws HttpRequestException {
        assertTrue(parseOne("GET / HTTP/1.1\r\nHost: a\r\nConnection: closed, enclose\r\n\r\n").keepAlive());
    }

    @Test
    void shouldCloseHttp10ConnectionByDefault() throws HttpRequestException {
        final HttpRequest request = parseOne("GET / HTTP/1.0\r\n\r\n");
        assertEquals(HttpVersion.HTTP_1_0, request.version());
        assertFalse(request.keepAlive());
    }

    @Test
    void shouldKeepHttp10ConnectionAliveOnKeepAlive() throws HttpRequestException {
        assertTrue(parseOne("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n").keepAlive());
        assertFalse(parseOne("GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n").keepAlive());
    }

    @Test
    void shouldReadContentLengthBody() throws HttpRequestException {
        final ByteArrayNetInput in = ByteArrayNetInput.of(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhelloGET");
        assertEquals(Bytes.utf8("hello"), new HttpRequestParser().parse(in).body());
        assertEquals("GET", in.unconsumed());
    }

    @Test
    void shouldConsumeHeadThenBodyAsItArrives() throws HttpRequestException {
        final HttpRequestParser parser = new HttpRequestParser();
        final ByteArrayNetInput in = ByteArrayNetInput.of(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n01234");
        assertNull(parser.parse(in));
        assertEquals(0, in.readable());
        in.append("567");
        assertNull(parser.parse(in));
        assertEquals(0, in.readable());
        in.append("89GET");
        assertEquals(Bytes.utf8("0123456789"), parser.parse(in).body());
        assertEquals("GET", in.unconsumed());
    }

    @Test
    void shouldAcceptZeroContentLength() throws HttpRequestException {
        assertSame(Bytes.EMPTY, parseOne("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n").body());
    }

    @Test
    void shouldReadChunkedBody() throws HttpRequestException {
        final HttpRequest request = parseOne("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
            + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertEquals(Bytes.utf8("hello world"), request.body());
    }

    @Test
    void shouldReadChunkedBodyWithExtensionsAndDropTrailers() throws HttpRequestException {
        final HttpRequest request = parseOne("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "0005 ; a=b;c=\"d\"\r\nhello\r\n0;last\r\nExpires: never\r\nX-Sum: 5\r\n\r\n");
        assertEquals(Bytes.utf8("hello"), request.body());
        assertEquals(Optional.empty(), request.header("Expires"));
        assertEquals(2, request.headers().size());
    }

    @Test
    void shouldReadEmptyChunkedBody() throws HttpRequestException {
        assertSame(Bytes.EMPTY,
            parseOne("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").body());
    }

    @Test
    void shouldReadBodiesOfTheLimitInPieces() throws HttpRequestException {
        final byte[] content = new byte[HttpRequestParser.DEFAULT_MAX_BODY_BYTES];
        new Random(1).nextBytes(content);
        final StringBuilder chunked = new StringBuilder();
        for (int at = 0; at < content.length; at += 100_000) {
            final int n = Math.min(100_000, content.length - at);
            chunked.append(Integer.toHexString(n)).append("\r\n")
                .append(new String(content, at, n, StandardCharsets.ISO_8859_1)).append("\r\n");
        }
        final String body = new String(content, StandardCharsets.ISO_8859_1);
        final String stream = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + content.length + "\r\n\r\n" + body
            + "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked + "0\r\n\r\n";
        final byte[] bytes = stream.getBytes(StandardCharsets.ISO_8859_1);
        final HttpRequestParser parser = new HttpRequestParser();
        final ByteArrayNetInput in = new ByteArrayNetInput();
        final List<HttpRequest> requests = new ArrayList<>();
        for (int at = 0; at < bytes.length; at += 4093) {
            in.append(bytes, at, Math.min(4093, bytes.length - at));
            drain(parser, in, requests);
            assertTrue(in.readable() < 8192, "the parser keeps the body, not the input");
        }
        assertEquals(2, requests.size());
        assertEquals(Bytes.of(content), requests.get(0).body());
        assertEquals(Bytes.of(content), requests.get(1).body());
    }

    @Test
    void shouldAcceptHeadOfExactlyTheLimit() throws HttpRequestException {
        final String head = "GET / HTTP/1.1\r\nHost: a\r\nX: " + "x".repeat(100) + "\r\n\r\n";
        assertNotNull(new HttpRequestParser(head.length(), 0).parse(ByteArrayNetInput.of(head)));
        final HttpRequestException refusal = assertThrows(HttpRequestException.class,
            () -> new HttpRequestParser(head.length() - 1, 0).parse(ByteArrayNetInput.of(head)));
        assertEquals(431, refusal.status());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Refusals.

    @Test
    void shouldRefuseGarbageBytesBeforeAnyLineEnd() {
        final byte[] tlsHello = {0x16, 0x03, 0x01, 0x02, 0x00, 0x01};
        final HttpRequestException refusal = assertThrows(HttpRequestException.class,
            () -> new HttpRequestParser().parse(new ByteArrayNetInput().append(tlsHello)));
        assertEquals(400, refusal.status());
        assertEquals("bad request: the request does not begin with a method: byte 0x16 at offset 0",
            refusal.getMessage());
    }

    @Test
    void shouldRefuseGarbageAfterAPlausibleMethod() throws HttpRequestException {
        final HttpRequestParser parser = new HttpRequestParser();
        final ByteArrayNetInput in = ByteArrayNetInput.of("GE");
        assertNull(parser.parse(in));
        in.append("T\u0000");
        final HttpRequestException refusal = assertThrows(HttpRequestException.class, () -> parser.parse(in));
        assertEquals("bad request: the request does not begin with a method: byte 0x00 at offset 3",
            refusal.getMessage());
    }

    static Stream<Arguments> badRequestLines() {
        return Stream.of(
            Arguments.of("GET\r\n", "bad request: invalid request line 'GET'"),
            Arguments.of("GET /\r\n", "bad request: missing HTTP version in request line 'GET /'"),
            Arguments.of("GET / HTTP/1.1 x\r\n", "bad request: invalid HTTP version 'HTTP/1.1 x'"),
            Arguments.of("GET / http/1.1\r\n", "bad request: invalid HTTP version 'http/1.1'"),
            Arguments.of("GET / HTTP/1\r\n", "bad request: invalid HTTP version 'HTTP/1'"),
            Arguments.of("GET / HTTP/1.1\r\r\n", "bad request: invalid HTTP version 'HTTP/1.1?'"),
            Arguments.of("GET  / HTTP/1.1\r\n", "bad request: empty request target"),
            Arguments.of(" GET / HTTP/1.1\r\n", "bad request: invalid method in request line ' GET / HTTP/1.1'"),
            Arguments.of("GET hello HTTP/1.1\r\n", "bad request: invalid request target 'hello'"),
            Arguments.of("GET /caf\u00e9 HTTP/1.1\r\n", "bad request: invalid request target '/caf?'"),
            Arguments.of("GET /\u007f HTTP/1.1\r\n", "bad request: invalid request target '/?'"),
            Arguments.of("GET ://x HTTP/1.1\r\n", "bad request: invalid request target '://x'"));
    }

    @ParameterizedTest
    @MethodSource("badRequestLines")
    void shouldRefuseBadRequestLine(final String line, final String message) {
        final HttpRequestException refusal = refusal(line + "Host: a\r\n\r\n");
        assertEquals(400, refusal.status());
        assertEquals(message, refusal.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/1.2", "HTTP/0.9"})
    void shouldRefuseUnsupportedVersionWith505(final String version) {
        final HttpRequestException refusal = refusal("GET / " + version + "\r\nHost: a\r\n\r\n");
        assertEquals(505, refusal.status());
        assertEquals("HTTP version not supported: '" + version + "'", refusal.getMessage());
    }

    static Stream<Arguments> badHeaderLines() {
        return Stream.of(
            Arguments.of("NoColon", "bad request: header line 'NoColon' has no colon"),
            Arguments.of(": value", "bad request: invalid header name ''"),
            Arguments.of("Bad Name: x", "bad request: invalid header name 'Bad Name'"),
            Arguments.of("X-Space : x", "bad request: invalid header name 'X-Space '"),
            Arguments.of("X(y): x", "bad request: invalid header name 'X(y)'"),
            Arguments.of(" folded", "bad request: obsolete line folding in header line ' folded'"),
            Arguments.of("\tfolded", "bad request: obsolete line folding in header line '?folded'"),
            Arguments.of("X: a\u0000b", "bad request: invalid character in the value of header 'X'"),
            Arguments.of("X: a\rb", "bad request: invalid character in the value of header 'X'"),
            Arguments.of("X: a\u007fb", "bad request: invalid character in the value of header 'X'"));
    }

    @ParameterizedTest
    @MethodSource("badHeaderLines")
    void shouldRefuseBadHeaderLine(final String line, final String message) {
        final HttpRequestException refusal = refusal("GET / HTTP/1.1\r\nHost: a\r\n" + line + "\r\n\r\n");
        assertEquals(400, refusal.status());
        assertEquals(message, refusal.getMessage());
    }

    @Test
    void shouldRefuseHttp11RequestWithoutHost() {
        assertEquals("bad request: missing Host header", refusal("GET / HTTP/1.1\r\n\r\n").getMessage());
    }

    @Test
    void shouldRefuseTwoHosts() {
        assertEquals("bad request: more than one Host header",
            refusal("GET / HTTP/1.0\r\nHost: a\r\nhost: b\r\n\r\n").getMessage());
    }

    @Test
    void shouldRefuseOversizedHeadWith431BeforeItEnds() throws HttpRequestException {
        final HttpRequestParser parser = new HttpRequestParser();
        final ByteArrayNetInput in = ByteArrayNetInput.of("GET / HTTP/1.1\r\nHost: a\r\nX-Big: ");
        assertNull(parser.parse(in));
        in.append("x".repeat(HttpRequestParser.DEFAULT_MAX_HEAD_BYTES));
        final HttpRequestException refusal = assertThrows(HttpRequestException.class, () -> parser.parse(in));
        assertEquals(431, refusal.status());
        assertEquals("request header fields too large: the request line and headers exceed 8192 bytes",
            refusal.getMessage());
    }

    @Test
    void shouldRefuseManyHeadersWith431() {
        final StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i < 1000; i++) {
            head.append("X-").append(i).append(": v\r\n");
        }
        assertEquals(431, refusal(head.append("\r\n").toString()).status());
    }

    @Test
    void shouldRefuseDeclaredBodyOverLimitBeforeItArrives() {
        final HttpRequestException refusal = refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1048577\r\n\r\n");
        assertEquals(413, refusal.status());
        assertEquals("content too large: Content-Length '1048577' exceeds 1048576 bytes", refusal.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"18446744073709551617", "9223372036854775808", "99999999999999999999999999999999"})
    void shouldRefuseOverflowingContentLengthWithoutWrapping(final String length) {
        assertEquals(413, refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + length + "\r\n\r\n").status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "-1", "+1", "1.5", "0x10", "1 2", "1,1", ""})
    void shouldRefuseBadContentLength(final String length) {
        final HttpRequestException refusal =
            refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + length + "\r\n\r\n");
        assertEquals(400, refusal.status());
        assertEquals("bad request: invalid Content-Length '" + length + "'", refusal.getMessage());
    }

    @Test
    void shouldRefuseTwoContentLengths() {
        assertEquals("bad request: more than one Content-Length header",
            refusal("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nx").getMessage());
    }

    @Test
    void shouldRefuseContentLengthWithChunked() {
        final HttpRequestException refusal = refusal(
            "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertEquals(400, refusal.status());
        assertEquals("bad request: both Content-Length and Transfer-Encoding", refusal.getMessage());
    }

    @Test
    void shouldRefuseTransferEncodingInHttp10() {
        assertEquals("bad request: Transfer-Encoding in an HTTP/1.0 request",
            refusal("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n").getMessage());
    }

    @Test
    void shouldRefuseTwoTransferEncodings() {
        assertEquals("bad request: more than one Transfer-Encoding header", refusal(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n")
            .getMessage());
    }

    @Test
    void shouldRefuseUnimplementedTransferCodingWith501() {
        final HttpRequestException refusal =
            refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n");
        assertEquals(501, refusal.status());
        assertEquals("not implemented: Transfer-Encoding 'gzip, chunked'", refusal.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "chunked, gzip", "identity"})
    void shouldRefuseTransferEncodingNotEndingInChunked(final String coding) {
        final HttpRequestException refusal =
            refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: " + coding + "\r\n\r\n");
        assertEquals(400, refusal.status());
        assertEquals("bad request: Transfer-Encoding '" + coding + "' does not end with chunked",
            refusal.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"zz", "", ";ext", "-5", "5 x", "5 ", "5\u0000;"})
    void shouldRefuseBadChunkSize(final String line) {
        final HttpRequestException refusal =
            refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + line + "\r\nhello\r\n");
        assertEquals(400, refusal.status());
        assertTrue(refusal.getMessage().startsWith("bad request: invalid chunk-size line '"), refusal.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"65", "ffffffffffffffffffffffffffffffff"})
    void shouldRefuseChunkOverLimitBeforeItsDataArrives(final String size) throws HttpRequestException {
        final HttpRequestParser parser = new HttpRequestParser(HttpRequestParser.DEFAULT_MAX_HEAD_BYTES, 100);
        final ByteArrayNetInput in = ByteArrayNetInput.of(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n" + size + "\r\n");
        final HttpRequestException refusal = assertThrows(HttpRequestException.class, () -> parser.parse(in));
        assertEquals(413, refusal.status());
        assertEquals("content too large: the chunked body exceeds 100 bytes", refusal.getMessage());
    }

    @Test
    void shouldRefuseChunksSummingOverLimit() throws HttpRequestException {
        final HttpRequestParser parser = new HttpRequestParser(HttpRequestParser.DEFAULT_MAX_HEAD_BYTES, 10);
        final ByteArrayNetInput in = ByteArrayNetInput.of(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n4\r\nabcd\r\n");
        assertNull(parser.parse(in));
        in.append("1\r\n");
        assertEquals(413, assertThrows(HttpRequestException.class, () -> parser.parse(in)).status());
    }

    @Test
    void shouldRefuseChunkDataWithoutLineEnd() {
        assertEquals("bad request: chunk data is not followed by a line end",
            refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n").getMessage());
    }

    @Test
    void shouldRefuseLongChunkSizeLineBeforeItEnds() {
        final HttpRequestException refusal = refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;" + "x".repeat(HttpRequestParser.MAX_CHUNK_LINE_BYTES));
        assertEquals(400, refusal.status());
        assertEquals("bad request: a chunk-size line exceeds 1024 bytes", refusal.getMessage());
    }

    @Test
    void shouldRefuseOversizedTrailersWith431() {
        final HttpRequestException refusal = refusal("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "0\r\nX-Trailer: " + "x".repeat(HttpRequestParser.DEFAULT_MAX_HEAD_BYTES));
        assertEquals(431, refusal.status());
        assertEquals("request header fields too large: the trailer section exceeds 8192 bytes", refusal.getMessage());
    }

    @Test
    void shouldRefuseBadTrailerLine() {
        assertEquals("bad request: header line 'no colon' has no colon", refusal(
            "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nno colon\r\n\r\n").getMessage());
    }

    @Test
    void shouldQuoteUnprintableBytesAndShortenLongInput() {
        final String target = "/\u0001" + "a".repeat(100);
        final HttpRequestException refusal = refusal("GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals("bad request: invalid request target '/?" + "a".repeat(62) + "...'", refusal.getMessage());
    }

    @Test
    void shouldRefuseToParseAfterARefusal() {
        final HttpRequestParser parser = new HttpRequestParser();
        final ByteArrayNetInput in = ByteArrayNetInput.of("GET /\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThrows(HttpRequestException.class, () -> parser.parse(in));
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> parser.parse(in));
        assertEquals("this parser refused its connection's input: answer the refusal and close the connection",
            e.getMessage());
    }

    @Test
    void shouldRefuseBadLimits() {
        assertThrows(IllegalArgumentException.class, () -> new HttpRequestParser(0, 10));
        assertThrows(IllegalArgumentException.class, () -> new HttpRequestParser(10, -1));
        final HttpRequestParser parser = new HttpRequestParser(100, 0);
        assertEquals(100, parser.maxHeadBytes());
        assertEquals(0, parser.maxBodyBytes());
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static HttpRequest parseOne(final String text) throws HttpRequestException {
        final ByteArrayNetInput in = ByteArrayNetInput.of(text);
        final HttpRequest request = new HttpRequestParser().parse(in);
        assertNotNull(request, "a whole request");
        assertEquals(0, in.readable(), "all of it consumed");
        return request;
    }

    private static HttpRequestException refusal(final String text) {
        final ByteArrayNetInput in = ByteArrayNetInput.of(text);
        return assertThrows(HttpRequestException.class, () -> new HttpRequestParser().parse(in));
    }

    private static List<HttpRequest> parseAllAtOnce() throws HttpRequestException {
        final List<HttpRequest> requests = new ArrayList<>();
        final ByteArrayNetInput in = ByteArrayNetInput.of(PIPELINE);
        drain(new HttpRequestParser(), in, requests);
        assertEquals(0, in.readable());
        assertEquals(6, requests.size());
        return requests;
    }

    private static void drain(final HttpRequestParser parser, final ByteArrayNetInput in, final List<HttpRequest> into)
            throws HttpRequestException {
        for (HttpRequest request = parser.parse(in); request != null; request = parser.parse(in)) {
            into.add(request);
        }
    }
}
