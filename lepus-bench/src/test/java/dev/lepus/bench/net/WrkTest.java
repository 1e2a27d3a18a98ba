package dev.lepus.bench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Reading {@code wrk --latency} output, from runs of Debian's wrk 4.1.0 on a two-core machine against
 * {@link NettyHttpServer} (and, for latencies in seconds and timeouts, a server that takes 1.1 s per answer), and
 * running it against a real server.
 */
class WrkTest {

    /** {@code wrk -t2 -c50 -d10s --latency http://127.0.0.1:8091/hello} against a warm NettyHttpServer. */
    static final String CLEAN = """
        Running 10s test @ http://127.0.0.1:8091/hello
          2 threads and 50 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     1.24ms    7.53ms 158.64ms   98.63%
            Req/Sec    77.79k    14.86k  142.32k    84.50%
          Latency Distribution
             50%  193.00us
             75%  654.00us
             90%    1.66ms
             99%   20.04ms
          1551937 requests in 10.07s, 115.44MB read
        Requests/sec: 154085.76
        Transfer/sec:     11.46MB
        """;

    /** {@code wrk -t2 -c50 -d2s --latency http://127.0.0.1:8091/missing}: every answer a 404. */
    static final String NOT_FOUND = """
        Running 2s test @ http://127.0.0.1:8091/missing
          2 threads and 50 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     2.73ms    7.04ms  68.85ms   94.32%
            Req/Sec    29.10k    11.94k   46.86k    67.50%
          Latency Distribution
             50%  657.00us
             75%    1.90ms
             90%    6.11ms
             99%   43.60ms
          116013 requests in 2.01s, 9.07MB read
          Non-2xx or 3xx responses: 116013
        Requests/sec:  57756.10
        Transfer/sec:      4.52MB
        """;

    /** {@code wrk -t2 -c50 -d3s --latency http://127.0.0.1:8091/hello}, the server killed after 1.2 s. */
    static final String SERVER_KILLED = """
        Running 3s test @ http://127.0.0.1:8091/hello
          2 threads and 50 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency   403.66us    0.90ms  18.02ms   90.62%
            Req/Sec    71.29k    21.19k   85.35k    88.46%
          Latency Distribution
             50%   88.00us
             75%  241.00us
             90%    1.24ms
             99%    3.93ms
          184211 requests in 3.00s, 13.70MB read
          Socket errors: connect 0, read 100, write 13528, timeout 0
        Requests/sec:  61319.07
        Transfer/sec:      4.56MB
        """;

    /** {@code wrk -t2 -c4 -d4s --latency} against a server that answers after 1.1 s (wrk pads seconds). */
    static final String SECONDS = """
        Running 4s test @ http://127.0.0.1:8093/hello
          2 threads and 4 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     1.13s    20.38ms   1.14s    66.67%
            Req/Sec     1.00      0.00     1.00    100.00%
          Latency Distribution
             50%    1.14s\s
             75%    1.14s\s
             90%    1.14s\s
             99%    1.14s\s
          12 requests in 4.01s, 1.77KB read
        Requests/sec:      2.99
        Transfer/sec:     451.97B""";

    /** {@code wrk -t2 -c4 -d3s --timeout 1s --latency} against the same server: every request timed out. */
    static final String TIMEOUTS = """
        Running 3s test @ http://127.0.0.1:8093/hello
          2 threads and 4 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency     0.00us    0.00us   0.00us    -nan%
            Req/Sec     2.60      4.16    10.00     80.00%
          Latency Distribution
             50%    0.00us
             75%    0.00us
             90%    0.00us
             99%    0.00us
          8 requests in 3.01s, 1.18KB read
          Socket errors: connect 0, read 0, write 0, timeout 8
        Requests/sec:      2.66
        Transfer/sec:     401.80B""";

    /** {@code wrk -t2 -c50 -d1s http://127.0.0.1:8091/hello}: without {@code --latency}. */
    static final String NO_DISTRIBUTION = """
        Running 1s test @ http://127.0.0.1:8091/hello
          2 threads and 50 connections
          Thread Stats   Avg      Stdev     Max   +/- Stdev
            Latency    45.77ms   83.87ms 388.74ms   85.81%
            Req/Sec     3.91k     4.07k   13.54k    86.67%
          5915 requests in 1.01s, 450.56KB read
        Requests/sec:   5837.62
        Transfer/sec:    444.66KB
        """;

    @Test
    void parse_cleanRun_readsRateAndPercentilesInMs() {
        assertEquals(new Wrk.Result(154085.76, 0.193, 20.04, 1551937, 0, 0, 0, 0, 0), Wrk.parse(CLEAN));
        assertEquals(0, Wrk.parse(CLEAN).errors());
    }

    @Test
    void parse_errorStatuses_areCounted() {
        final Wrk.Result r = Wrk.parse(NOT_FOUND);
        assertEquals(116013, r.errorStatuses());
        assertEquals(116013, r.errors());
        assertEquals(0.657, r.p50Ms(), 1e-9);
    }

    @Test
    void parse_socketErrors_areCountedByKind() {
        final Wrk.Result r = Wrk.parse(SERVER_KILLED);
        assertEquals(List.of(0L, 100L, 13528L, 0L),
            List.of(r.connectErrors(), r.readErrors(), r.writeErrors(), r.timeouts()));
        assertEquals(13628, r.errors());
        assertEquals("socket errors: connect 0, read 100, write 13528, timeout 0; 0 responses with status >= 400",
            r.errorText());
    }

    @Test
    void parse_latenciesInSeconds_areConvertedToMs() {
        final Wrk.Result r = Wrk.parse(SECONDS);
        assertEquals(1140, r.p50Ms(), 1e-9);
        assertEquals(1140, r.p99Ms(), 1e-9);
        assertEquals(12, r.requests());
        assertEquals(2.99, r.requestsPerSec(), 1e-9);
    }

    @Test
    void parse_timeouts_areErrors() {
        final Wrk.Result r = Wrk.parse(TIMEOUTS);
        assertEquals(8, r.timeouts());
        assertEquals(0, r.p50Ms());
    }

    @Test
    void parse_withoutLatencyDistribution_throwsWithTheOutput() {
        final ToolException ex = assertThrows(ToolException.class, () -> Wrk.parse(NO_DISTRIBUTION));
        assertTrue(ex.getMessage().contains("no 50% and 99% lines"), ex.getMessage());
        assertTrue(ex.getMessage().contains("5915 requests in 1.01s"), ex.getMessage());
    }

    @Test
    void parse_refusedConnection_throws() {
        final ToolException ex = assertThrows(ToolException.class,
            () -> Wrk.parse("unable to connect to 127.0.0.1:8099 Connection refused\n"));
        assertTrue(ex.getMessage().contains("no Requests/sec line"), ex.getMessage());
    }

    @Test
    void command_isTheDocumentedOne() {
        assertEquals(List.of("/usr/bin/wrk", "-t2", "-c50", "-d10s", "--latency", "http://127.0.0.1:8081/hello"),
            new Wrk(Path.of("/usr/bin/wrk")).command(URI.create("http://127.0.0.1:8081/hello"), 2, 50, 10));
    }

    @Test
    @Timeout(60)
    void run_againstNettyHttpServer_measuresWithoutErrors() throws IOException {
        final Path wrk = InstalledPrograms.require(Wrk.COMMAND);
        try (NettyHttpServer server = NettyHttpServer.start(0, 2)) {
            final Wrk.Result r = new Wrk(wrk).run(URI.create("http://127.0.0.1:" + server.port() + "/hello"), 2, 10,
                1);
            assertTrue(r.requests() > 0 && r.requestsPerSec() > 0, r.toString());
            assertEquals(0, r.errors(), r.errorText());
        }
    }

    @Test
    @Timeout(60)
    void run_nothingListening_throwsWithTheOutput() throws IOException {
        final Path wrk = InstalledPrograms.require(Wrk.COMMAND);
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        final ToolException ex = assertThrows(ToolException.class,
            () -> new Wrk(wrk).run(URI.create("http://127.0.0.1:" + port + "/hello"), 1, 1, 1));
        assertTrue(ex.getMessage().contains("unable to connect"), ex.getMessage());
    }
}
