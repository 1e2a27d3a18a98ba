package dev.lepus.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.lepus.api.Bytes;
import dev.lepus.examples.ByteArrayNetInput;

/** The writer's bytes, exactly, for fixed, chunked, HEAD, HTTP/1.0 and refusal responses. */
class HttpResponseWriterTest {

    private static final HttpRequest GET = request("GET", HttpVersion.HTTP_1_1, true);
    private static final HttpRequest HEAD = request("HEAD", HttpVersion.HTTP_1_1, true);

    private final HttpResponseWriter writer = new HttpResponseWriter();

    @Test
    void shouldWriteFixedResponse() {
        writer.fixed(GET, 200, "text/plain", Bytes.utf8("Hello, World!"));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!",
            written());
        assertFalse(writer.closing());
    }

    @Test
    void shouldWriteEmptyBody() {
        writer.fixed(GET, 404, "text/plain", Bytes.EMPTY);
        assertEquals("HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 0\r\n\r\n", written());
    }

    @Test
    void shouldWriteDateWhenSet() {
        writer.date("Sun, 06 Nov 1994 08:49:37 GMT");
        writer.fixed(GET, 200, "text/plain", Bytes.utf8("x"));
        writer.date("");
        writer.fixed(GET, 200, "text/plain", Bytes.utf8("y"));
        assertEquals("HTTP/1.1 200 OK\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 1\r\n\r\nx"
            + "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\ny", written());
    }

    @Test
    void shouldSayCloseToARequestThatClosesAndBeClosing() {
        writer.fixed(request("GET", HttpVersion.HTTP_1_1, false), 200, "text/plain", Bytes.utf8("bye"));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\n"
            + "bye", written());
        assertTrue(writer.closing());
    }

    @Test
    void shouldSayKeepAliveToPersistentHttp10() {
        writer.fixed(request("GET", HttpVersion.HTTP_1_0, true), 200, "text/plain", Bytes.utf8("hi"));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
            + "Connection: keep-alive\r\n\r\nhi", written());
        assertFalse(writer.closing());
    }

    @Test
    void shouldWriteHeadResponseWithoutBody() {
        writer.fixed(HEAD, 200, "text/plain", Bytes.utf8("Hello, World!"));
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\n", written());
    }

    @Test
    void shouldWriteChunkedResponse() {
        writer.beginChunked(GET, 200, "text/plain");
        writer.chunk(Bytes.utf8("Hello, "));
        writer.chunk(Bytes.utf8("abcdefghijklmnopqrstuvwxyz"));
        writer.endChunked();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "7\r\nHello, \r\n1a\r\nabcdefghijklmnopqrstuvwxyz\r\n0\r\n\r\n", written());
        assertFalse(writer.closing());
    }

    @Test
    void shouldWriteChunkSizesInHex() {
        writer.beginChunked(GET, 200, "application/octet-stream");
        writer.chunk(Bytes.of(new byte[4096]));
        writer.endChunked();
        final String text = written();
        assertTrue(text.contains("\r\n\r\n1000\r\n"), text.substring(0, 120));
        assertTrue(text.endsWith("\r\n0\r\n\r\n"));
    }

    @Test
    void shouldSkipEmptyChunks() {
        writer.beginChunked(GET, 200, "text/plain");
        writer.chunk(Bytes.EMPTY);
        writer.chunk(Bytes.utf8("a"));
        writer.chunk(Bytes.EMPTY);
        writer.endChunked();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "1\r\na\r\n0\r\n\r\n", written());
    }

    @Test
    void shouldWriteHeadChunkedResponseWithoutChunks() {
        writer.beginChunked(HEAD, 200, "text/plain");
        writer.chunk(Bytes.utf8("dropped"));
        writer.endChunked();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n", written());
    }

    @Test
    void shouldCloseChunkedResponseToCloseRequest() {
        writer.beginChunked(request("GET", HttpVersion.HTTP_1_1, false), 200, "text/plain");
        writer.chunk(Bytes.utf8("a"));
        writer.endChunked();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: close\r\n\r\n1\r\na\r\n0\r\n\r\n", written());
        assertTrue(writer.closing());
    }

    @Test
    void shouldSendChunkedBodyToHttp10UntilClose() {
        writer.beginChunked(request("GET", HttpVersion.HTTP_1_0, true), 200, "text/plain");
        writer.chunk(Bytes.utf8("Hello, "));
        writer.chunk(Bytes.utf8("World!"));
        writer.endChunked();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\nHello, World!",
            written());
        assertTrue(writer.closing());
    }

    @Test
    void shouldKeepHttp10AliveAfterHeadChunkedResponse() {
        writer.beginChunked(request("HEAD", HttpVersion.HTTP_1_0, true), 200, "text/plain");
        writer.endChunked();
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nConnection: keep-alive\r\n\r\n", written());
        assertFalse(writer.closing());
    }

    @Test
    void shouldWriteExtraHeaders() {
        writer.status(GET, 405).header("Allow", "GET, HEAD").header("X-Note", "a\tb").body("text/plain", Bytes.EMPTY);
        assertEquals("HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nX-Note: a\tb\r\nContent-Type: text/plain"
            + "\r\nContent-Length: 0\r\n\r\n", written());
    }

    @Test
    void shouldAppendPipelinedResponsesAndClear() {
        writer.fixed(GET, 200, "text/plain", Bytes.utf8("1"));
        writer.fixed(GET, 200, "text/plain", Bytes.utf8("2"));
        final String one = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 1\r\n\r\n";
        assertEquals(one + "1" + one + "2", written());
        writer.fixed(request("GET", HttpVersion.HTTP_1_1, false), 200, "text/plain", Bytes.utf8("3"));
        assertTrue(writer.closing());
        writer.clear();
        assertEquals(0, writer.length());
        assertFalse(writer.closing());
        writer.fixed(GET, 200, "text/plain", Bytes.utf8("4"));
        assertEquals(one + "4", written());
    }

    @Test
    void shouldGrowItsBuffer() {
        final HttpResponseWriter small = new HttpResponseWriter(1);
        final byte[] content = new byte[100_000];
        Arrays.fill(content, (byte) 'z');
        small.fixed(GET, 200, "text/plain", Bytes.of(content));
        final String text = new String(small.buffer(), 0, small.length(), StandardCharsets.ISO_8859_1);
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 100000\r\n\r\n"
            + "z".repeat(100_000), text);
    }

    @Test
    void shouldAnswerARefusalWithItsMessageAndClose() {
        final HttpRequestException refusal = assertThrows(HttpRequestException.class, () -> new HttpRequestParser()
            .parse(ByteArrayNetInput.of("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: abc\r\n\r\n")));
        writer.date("Sun, 06 Nov 1994 08:49:37 GMT");
        writer.error(refusal);
        assertEquals("HTTP/1.1 400 Bad Request\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 42\r\nConnection: close\r\n\r\n"
            + "bad request: invalid Content-Length 'abc'\n", written());
        assertTrue(writer.closing());
    }

    @Test
    void shouldAnswerEveryRefusalStatus() {
        for (final int status : new int[] {400, 413, 431, 501, 505}) {
            writer.clear();
            writer.error(new HttpRequestException(status, "x"));
            assertTrue(written().startsWith("HTTP/1.1 " + status + " " + HttpResponseWriter.reasonPhrase(status)
                + "\r\n"), written());
        }
    }

    @ParameterizedTest
    @CsvSource({"200, OK", "400, Bad Request", "404, Not Found", "405, Method Not Allowed", "413, Content Too Large",
        "431, Request Header Fields Too Large", "500, Internal Server Error", "501, Not Implemented",
        "505, HTTP Version Not Supported"})
    void shouldWriteReasonPhrase(final int status, final String phrase) {
        assertEquals(phrase, HttpResponseWriter.reasonPhrase(status));
        writer.fixed(GET, status, "text/plain", Bytes.EMPTY);
        assertTrue(written().startsWith("HTTP/1.1 " + status + " " + phrase + "\r\n"));
    }

    @Test
    void shouldRefuseUnknownStatus() {
        final IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> writer.fixed(GET, 418, "text/plain", Bytes.EMPTY));
        assertEquals("status 418 is not one this writer writes: [200, 400, 404, 405, 413, 431, 500, 501, 505]",
            e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.status(GET, 199));
        assertThrows(IllegalArgumentException.class, () -> writer.status(GET, 600));
        assertEquals(0, writer.length());
    }

    @Test
    void shouldRefuseHeaderValuesThatWouldSplitTheResponse() {
        writer.status(GET, 200);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> writer.header("X-Evil", "a\r\nSet-Cookie: x"));
        assertEquals("the value of header X-Evil has a character that cannot be sent, U+000D at index 1",
            e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.header("Bad Name", "x"));
        assertThrows(IllegalArgumentException.class, () -> writer.header("", "x"));
        assertThrows(IllegalArgumentException.class, () -> writer.body("text/plain\n", Bytes.EMPTY));
        assertThrows(IllegalArgumentException.class, () -> writer.date("caf\u00e9"));
    }

    @Test
    void shouldRefuseHeadersTheWriterWritesItself() {
        writer.status(GET, 200);
        final IllegalArgumentException e =
            assertThrows(IllegalArgumentException.class, () -> writer.header("content-length", "5"));
        assertEquals("the writer writes the Content-Length header itself", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> writer.header("Connection", "close"));
        assertThrows(IllegalArgumentException.class, () -> writer.header("Transfer-Encoding", "chunked"));
    }

    @Test
    void shouldRefuseAResponseAfterOneThatCloses() {
        writer.fixed(request("GET", HttpVersion.HTTP_1_1, false), 200, "text/plain", Bytes.EMPTY);
        final IllegalStateException e =
            assertThrows(IllegalStateException.class, () -> writer.fixed(GET, 200, "text/plain", Bytes.EMPTY));
        assertEquals("a response in the buffer closes the connection: nothing may follow it until clear()",
            e.getMessage());
    }

    @Test
    void shouldRefuseStepsOutOfOrder() {
        final IllegalStateException e = assertThrows(IllegalStateException.class, () -> writer.chunk(Bytes.EMPTY));
        assertEquals("chunk needs the writer in a chunked body, after chunked(), but it is between responses",
            e.getMessage());
        assertThrows(IllegalStateException.class, () -> writer.body("text/plain", Bytes.EMPTY));
        assertThrows(IllegalStateException.class, () -> writer.header("X", "y"));
        writer.status(GET, 200);
        assertThrows(IllegalStateException.class, () -> writer.status(GET, 200));
        assertThrows(IllegalStateException.class, writer::endChunked);
        writer.chunked("text/plain");
        assertThrows(IllegalStateException.class, () -> writer.body("text/plain", Bytes.EMPTY));
        assertThrows(IllegalStateException.class, () -> writer.error(new HttpRequestException(400, "x")));
        writer.endChunked();
        writer.fixed(GET, 200, "text/plain", Bytes.EMPTY);
    }

    @Test
    void shouldRefuseBadInitialCapacity() {
        assertThrows(IllegalArgumentException.class, () -> new HttpResponseWriter(0));
    }

    private String written() {
        return new String(writer.buffer(), 0, writer.length(), StandardCharsets.ISO_8859_1);
    }

    private static HttpRequest request(final String method, final HttpVersion version, final boolean keepAlive) {
        return new HttpRequest(method, "/", "/", "", version, new HttpHeaders(new String[0]), Bytes.EMPTY, keepAlive);
    }
}
