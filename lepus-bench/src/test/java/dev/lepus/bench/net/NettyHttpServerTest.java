package dev.lepus.bench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Netty peer's answers, through the JDK's HTTP client and, for the framing of a connection, a plain socket. */
@Timeout(30)
class NettyHttpServerTest {

    private NettyHttpServer server;
    private HttpClient client;

    @BeforeEach
    void start() throws IOException {
        server = NettyHttpServer.start(0, 2);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
            .build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    private HttpResponse<String> send(final String method, final String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void getHello_answersPlainText() throws Exception {
        final HttpResponse<String> r = send("GET", "/hello");
        assertEquals(200, r.statusCode());
        assertEquals(Optional.of("text/plain"), r.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("13"), r.headers().firstValue("Content-Length"));
        assertEquals("Hello, World!", r.body());
    }

    @Test
    void getJson_answersJson() throws Exception {
        final HttpResponse<String> r = send("GET", "/json");
        assertEquals(200, r.statusCode());
        assertEquals(Optional.of("application/json"), r.headers().firstValue("Content-Type"));
        assertEquals(Optional.of("27"), r.headers().firstValue("Content-Length"));
        assertEquals("{\"message\":\"Hello, World!\"}", r.body());
    }

    @Test
    void getWithQuery_isRoutedByItsPath() throws Exception {
        assertEquals("Hello, World!", send("GET", "/hello?name=x").body());
    }

    @Test
    void otherPathOrMethod_answers404() throws Exception {
        for (final HttpResponse<String> r : List.of(send("GET", "/missing"), send("POST", "/hello"))) {
            assertEquals(404, r.statusCode());
            assertEquals(Optional.of("text/plain"), r.headers().firstValue("Content-Type"));
            assertEquals(Optional.of("10"), r.headers().firstValue("Content-Length"));
            assertEquals("not found\n", r.body());
        }
    }

    @Test
    void manyRequests_keepTheConnectionAlive() throws Exception {
        for (int i = 0; i < 20; i++) {
            final HttpResponse<String> r = send("GET", i % 2 == 0 ? "/hello" : "/json");
            assertEquals(200, r.statusCode());
            assertFalse(r.headers().firstValue("Connection").isPresent(), r.headers().toString());
        }
    }

    @Test
    void pipelinedRequests_areAnsweredInOrderOnOneConnection() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5_000);
            final String hello = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
            final String json = "GET /json HTTP/1.1\r\nHost: x\r\n\r\n";
            socket.getOutputStream().write((hello + json + hello).getBytes(StandardCharsets.US_ASCII));
            final String helloAnswer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\n"
                + "Hello, World!";
            final String jsonAnswer = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 27\r\n"
                + "\r\n{\"message\":\"Hello, World!\"}";
            final String expected = helloAnswer + jsonAnswer + helloAnswer;
            assertEquals(expected, read(socket.getInputStream(), expected.length()));
            // Still open: one more request, one more answer.
            socket.getOutputStream().write(hello.getBytes(StandardCharsets.US_ASCII));
            assertEquals(helloAnswer, read(socket.getInputStream(), helloAnswer.length()));
        }
    }

    @Test
    void connectionClose_isAnsweredAndTheConnectionClosed() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            final String answer = read(socket.getInputStream(), Integer.MAX_VALUE);
            assertEquals("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\nConnection: close\r\n"
                + "\r\nHello, World!", answer);
        }
    }

    @Test
    void http10KeepAlive_isConfirmed() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
            final String expected = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n"
                + "Connection: keep-alive\r\n\r\nHello, World!";
            assertEquals(expected, read(socket.getInputStream(), expected.length()));
        }
    }

    @Test
    void close_stopsListening() {
        final int port = server.port();
        server.close();
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        server.close();
    }

    @Test
    void start_withoutThreads_isRefused() {
        assertThrows(IllegalArgumentException.class, () -> NettyHttpServer.start(0, 0));
    }

    /** Reads {@code n} bytes, or up to the end of the stream if it comes first. */
    private static String read(final InputStream in, final int n) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        while (bytes.size() < n) {
            final int b = in.read();
            if (b < 0) {
                break;
            }
            bytes.write(b);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }
}
