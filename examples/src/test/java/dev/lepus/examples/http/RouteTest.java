package dev.lepus.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import dev.lepus.examples.ByteArrayNetInput;

/** Routing by path and method, and the example's answers to a pipelined batch. */
class RouteTest {

    @Test
    void shouldRouteKnownPaths() throws HttpRequestException {
        assertEquals(Route.HELLO, route("GET /hello"));
        assertEquals(Route.JSON, route("GET /json"));
        assertEquals(Route.CHUNKED, route("GET /chunked"));
    }

    @Test
    void shouldRouteByPathNotQuery() throws HttpRequestException {
        assertEquals(Route.HELLO, route("GET /hello?name=x"));
        assertEquals(Route.NOT_FOUND, route("GET /?/hello"));
    }

    @Test
    void shouldRouteHeadLikeGet() throws HttpRequestException {
        assertEquals(Route.JSON, route("HEAD /json"));
    }

    @Test
    void shouldNotAllowOtherMethodsOnKnownPaths() throws HttpRequestException {
        assertEquals(Route.METHOD_NOT_ALLOWED, route("POST /hello"));
        assertEquals(Route.METHOD_NOT_ALLOWED, route("get /hello"));
    }

    @Test
    void shouldNotFindOtherPaths() throws HttpRequestException {
        assertEquals(Route.NOT_FOUND, route("GET /"));
        assertEquals(Route.NOT_FOUND, route("GET /hello/"));
        assertEquals(Route.NOT_FOUND, route("POST /nothing"));
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrder() throws HttpRequestException {
        final ByteArrayNetInput in = ByteArrayNetInput.of("GET /hello HTTP/1.1\r\nHost: a\r\n\r\n"
            + "GET /chunked HTTP/1.1\r\nHost: a\r\n\r\n"
            + "PUT /json HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n"
            + "GET /missing HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
            + "GET /hello HTTP/1.1\r\nHost: a\r\n\r\n");
        final HttpRequestParser parser = new HttpRequestParser();
        final HttpResponseWriter writer = new HttpResponseWriter();
        HttpRequest request;
        while (!writer.closing() && (request = parser.parse(in)) != null) {
            switch (Route.of(request)) {
                case HELLO -> writer.fixed(request, 200, Route.TEXT_PLAIN, Route.HELLO_BODY);
                case JSON -> writer.fixed(request, 200, Route.APPLICATION_JSON, Route.JSON_BODY);
                case CHUNKED -> {
                    writer.beginChunked(request, 200, Route.TEXT_PLAIN);
                    Route.CHUNKS.forEach(writer::chunk);
                    writer.endChunked();
                }
                case METHOD_NOT_ALLOWED -> writer.status(request, 405).header("Allow", Route.ALLOWED_METHODS)
                    .body(Route.TEXT_PLAIN, Route.NOT_ALLOWED_BODY);
                case NOT_FOUND -> writer.fixed(request, 404, Route.TEXT_PLAIN, Route.NOT_FOUND_BODY);
            }
        }
        assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nHello, World!"
            + "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "7\r\nHello, \r\n8\r\nchunked \r\n6\r\nWorld!\r\n0\r\n\r\n"
            + "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 19\r\n\r\nmethod not allowed\n"
            + "HTTP/1.1 404 Not Found\r\nContent-Type: text/plain\r\nContent-Length: 10\r\nConnection: close\r\n\r\n"
            + "not found\n",
            new String(writer.buffer(), 0, writer.length(), StandardCharsets.ISO_8859_1));
    }

    private static Route route(final String requestLine) throws HttpRequestException {
        final ByteArrayNetInput in = ByteArrayNetInput.of(requestLine + " HTTP/1.1\r\nHost: a\r\n\r\n");
        return Route.of(new HttpRequestParser().parse(in));
    }
}
