package dev.lepus.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import dev.lepus.examples.RunningSystem;

/**
 * The HTTP example as clients see it: the shipped description (a server and a JSON service on each of two kernels),
 * driven by the JDK's HTTP client and by raw sockets for pipelining and bad input.
 */
@Timeout(120)
class HttpSystemTest {

    @TempDir
    Path dir;

    private RunningSystem start(final String... configure) throws Exception {
        return RunningSystem.start("http.toml", HttpServer.DEFAULT_PORT, 2, dir, configure);
    }

    private static HttpResponse<String> get(final HttpClient client, final int port, final String path)
            throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void shouldAnswerHelloJsonChunkedAndNotFound() throws Exception {
        try (RunningSystem http = start(); HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build()) {
            final HttpResponse<String> hello = get(client, http.port(), "/hello");
            assertEquals(200, hello.statusCode());
            assertEquals("Hello, World!", hello.body());
            assertEquals("text/plain", hello.headers().firstValue("content-type").orElseThrow());
            final HttpResponse<String> json = get(client, http.port(), "/json");
            assertEquals(200, json.statusCode());
            assertEquals("{\"message\":\"Hello, World!\"}", json.body());
            assertEquals("application/json", json.headers().firstValue("content-type").orElseThrow());
            final HttpResponse<String> chunked = get(client, http.port(), "/chunked");
            assertEquals(200, chunked.statusCode());
            assertEquals("chunked", chunked.headers().firstValue("transfer-encoding").orElseThrow());
            assertEquals("Hello, chunked World!", chunked.body());
            assertEquals(404, get(client, http.port(), "/nope").statusCode());
            for (int i = 0; i < 100; i++) { // one kept-alive connection, many requests
                assertEquals("Hello, World!", get(client, http.port(), "/hello").body());
            }
        }
    }

    @Test
    void shouldAnswerPipelinedRequestsInOrderOnOneConnection() throws Exception {
        try (RunningSystem http = start(); Socket s = new Socket("127.0.0.1", http.port())) {
            final String one = "GET /json HTTP/1.1\r\nHost: x\r\n\r\n";
            final String two = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n";
            final String last = "GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
            final String got = RunningSystem.exchange(s, one + two + one + two + last);
            final String[] responses = got.split("(?=HTTP/1\\.1 )");
            assertEquals(5, responses.length, got);
            assertTrue(responses[0].endsWith("{\"message\":\"Hello, World!\"}"), responses[0]);
            assertTrue(responses[1].endsWith("Hello, World!"), responses[1]);
            assertTrue(responses[2].endsWith("{\"message\":\"Hello, World!\"}"), responses[2]);
            assertTrue(responses[3].endsWith("Hello, World!"), responses[3]);
            assertTrue(responses[4].startsWith("HTTP/1.1 404 Not Found\r\n"), responses[4]);
            assertTrue(responses[4].contains("Connection: close\r\n"), responses[4]);
        }
    }

    @Test
    void shouldAnswerGarbageWith400AndCloseWhileServingTheOthers() throws Exception {
        try (RunningSystem http = start(); HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).build(); Socket bad = new Socket("127.0.0.1", http.port())) {
            final String got = RunningSystem.exchange(bad, "\u0016\u0003\u0001 this is not http\r\n\r\n");
            assertTrue(got.startsWith("HTTP/1.1 400 Bad Request\r\n"), got);
            assertTrue(got.contains("Connection: close\r\n"), got);
            assertEquals("Hello, World!", get(client, http.port(), "/hello").body());
        }
    }

    @Test
    void shouldRefuseOversizedHeadersAndBodiesWithoutWaitingForThem() throws Exception {
        try (RunningSystem http = start(); Socket big = new Socket("127.0.0.1", http.port());
                Socket body = new Socket("127.0.0.1", http.port())) {
            final String head = "GET /hello HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n";
            assertTrue(RunningSystem.exchange(big, head).startsWith("HTTP/1.1 431 "), "headers past 8 KiB");
            final String declared = "POST /hello HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000000\r\n\r\n";
            assertTrue(RunningSystem.exchange(body, declared).startsWith("HTTP/1.1 413 Content Too Large\r\n"),
                "a body past 1 MiB, refused before it is sent");
        }
    }

    @Test
    void shouldCloseAHalfOpenConnectionAfterItsIdleTimeout() throws Exception {
        try (RunningSystem http = start("idle_timeout_ms = 30_000", "idle_timeout_ms = 300");
                Socket half = new Socket("127.0.0.1", http.port());
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            half.getOutputStream().write("GET /hello HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("Hello, World!", get(client, http.port(), "/hello").body(), "the others are served");
            half.setSoTimeout(10_000);
            assertEquals(-1, RunningSystem.readOrReset(half.getInputStream()), "closed by the idle timeout");
        }
    }

    @Test
    void shouldCloseAClientThatNeverReadsOnceItsIdleTimeoutPasses() throws Exception {
        try (RunningSystem http = start("idle_timeout_ms = 30_000", "idle_timeout_ms = 500");
                Socket stuck = new Socket("127.0.0.1", http.port())) {
            final byte[] requests = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".repeat(20_000)
                .getBytes(StandardCharsets.US_ASCII);
            final OutputStream out = stuck.getOutputStream();
            final Thread w = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; i < 1_000; i++) { // 20 million requests, none of the answers read
                        out.write(requests);
                    }
                } catch (final Exception closed) {
                    // closed by the server: what this test waits for
                }
            });
            w.join(30_000);
            assertFalse(w.isAlive(), "the server closed the connection of a client that never read");
            long timeouts = 0;
            for (final dev.lepus.kernel.Kernel k : http.node().kernels()) {
                timeouts += k.counters().netIdleTimeouts;
            }
            assertEquals(1, timeouts, "closed by its idle timeout");
        }
    }

    @Test
    void shouldStopReadingFromAClientThatNeverReadsAndServeTheOthers() throws Exception {
        try (RunningSystem http = start(); Socket stuck = new Socket("127.0.0.1", http.port());
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            final byte[] requests = "GET /hello HTTP/1.1\r\nHost: x\r\n\r\n".repeat(2000)
                .getBytes(StandardCharsets.US_ASCII);
            final OutputStream out = stuck.getOutputStream();
            final Thread w = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; i < 4000; i++) { // 8 million requests, none of the answers read
                        out.write(requests);
                    }
                } catch (final Exception closed) {
                    // the test ends
                }
            });
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (http.writesRefused() == 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            assertTrue(http.writesRefused() > 0, "its output queue filled up: the server holds a bounded amount");
            assertTrue(w.isAlive(), "its requests wait unread");
            assertEquals("Hello, World!", get(client, http.port(), "/hello").body(), "the others are served");
        }
    }

}
