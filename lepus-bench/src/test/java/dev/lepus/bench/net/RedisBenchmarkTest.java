package dev.lepus.bench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reading redis-benchmark's {@code --csv} output, from runs of redis-benchmark 7.0.15 against redis-server 7.0.15 on
 * a two-core machine, and running it against a real redis-server.
 */
class RedisBenchmarkTest {

    /** {@code redis-benchmark -h 127.0.0.1 -p 6390 -c 50 -n 100000 -r 100000 -d 3 -t get,set --csv}. */
    static final String UNPIPELINED = """
        "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        "SET","130548.30","0.242","0.072","0.207","0.423","0.655","7.343"
        "GET","125470.52","0.248","0.080","0.223","0.399","0.647","5.407"
        """;

    /** {@code redis-benchmark -h 127.0.0.1 -p 6390 -c 50 -n 200000 -r 100000 -t get,set -P 16 --csv}. */
    static final String PIPELINED = """
        "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        "SET","719424.44","0.995","0.232","0.919","1.567","2.487","5.775"
        "GET","754717.00","0.943","0.160","0.887","1.375","1.791","9.847"
        """;

    /** As {@link #PIPELINED}, with standard error merged, against a server without {@code CONFIG}. */
    static final String WITH_WARNING = """
        WARNING: Could not fetch server CONFIG
        "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        "SET","588235.25","1.231","0.208","1.175","1.999","2.479","2.591"
        "GET","1000000.00","0.720","0.200","0.719","1.031","1.239","1.551"
        """;

    /** Against a server without {@code SET}: the program stops at the first error, exit status 1. */
    static final String SERVER_ERROR = """
        Error from server: ERR unknown command 'SET', with args beginning with: 'key:000000025208' 'VXK'\s
        "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
        """;

    @Test
    void parse_unpipelinedRun_readsEachTest() {
        final Map<String, RedisBenchmark.Result> results = RedisBenchmark.parse(UNPIPELINED);
        assertEquals(List.of("set", "get"), List.copyOf(results.keySet()));
        assertEquals(new RedisBenchmark.Result("set", 130548.30, 0.207, 0.655), results.get("set"));
        assertEquals(new RedisBenchmark.Result("get", 125470.52, 0.223, 0.647), results.get("get"));
    }

    @Test
    void parse_pipelinedRun_readsEachTest() {
        final Map<String, RedisBenchmark.Result> results = RedisBenchmark.parse(PIPELINED);
        assertEquals(new RedisBenchmark.Result("set", 719424.44, 0.919, 2.487), results.get("set"));
        assertEquals(new RedisBenchmark.Result("get", 754717.00, 0.887, 1.791), results.get("get"));
    }

    @Test
    void parse_warningBeforeTheHeader_isSkipped() {
        final Map<String, RedisBenchmark.Result> results = RedisBenchmark.parse(WITH_WARNING);
        assertEquals(new RedisBenchmark.Result("get", 1000000.00, 0.719, 1.239), results.get("get"));
    }

    @Test
    void parse_headerWithoutResults_throwsWithTheOutput() {
        final ToolException ex = assertThrows(ToolException.class, () -> RedisBenchmark.parse(SERVER_ERROR));
        assertTrue(ex.getMessage().contains("no results"), ex.getMessage());
        assertTrue(ex.getMessage().contains("ERR unknown command 'SET'"), ex.getMessage());
    }

    @Test
    void parse_noCsv_throws() {
        final ToolException ex = assertThrows(ToolException.class,
            () -> RedisBenchmark.parse("Could not connect to Redis at 127.0.0.1:6999: Connection refused\n"));
        assertTrue(ex.getMessage().contains("no CSV header"), ex.getMessage());
    }

    @Test
    void parse_valueThatIsNoNumber_throws() {
        final String output = UNPIPELINED.replace("\"0.207\"", "\"fast\"");
        final ToolException ex = assertThrows(ToolException.class, () -> RedisBenchmark.parse(output));
        assertTrue(ex.getMessage().contains("not a number"), ex.getMessage());
    }

    @Test
    void command_pipelinedOnlyWhenAsked() {
        final RedisBenchmark bench = new RedisBenchmark(Path.of("/usr/bin/redis-benchmark"), 1_000);
        assertEquals(List.of("/usr/bin/redis-benchmark", "-h", "127.0.0.1", "-p", "7379", "-c", "50", "-n", "1000",
            "-r", "100000", "-d", "3", "-t", "get,set", "--csv"),
            bench.command(7379, 50, 1_000, 1, List.of("get", "set")));
        assertEquals(List.of("-P", "16", "--csv"),
            bench.command(7379, 50, 1_000, 16, List.of("get")).subList(15, 18));
    }

    @Test
    @Timeout(10)
    void run_nothingListening_failsAtOnce() throws IOException {
        final int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        final RedisBenchmark bench = new RedisBenchmark(Path.of("redis-benchmark"), 60_000);
        final ToolException ex = assertThrows(ToolException.class,
            () -> bench.run(port, 50, 1_000, 1, List.of("get")));
        assertTrue(ex.getMessage().startsWith("nothing answers PING on 127.0.0.1:" + port), ex.getMessage());
    }

    @Test
    @Timeout(60)
    void run_againstRedisServer_measuresEachTest() {
        final Path benchmark = InstalledPrograms.require(RedisBenchmark.COMMAND);
        final Path server = InstalledPrograms.require(RedisServerProcess.COMMAND);
        try (RedisServerProcess redis = RedisServerProcess.start(server, 0, 10_000)) {
            final Map<String, RedisBenchmark.Result> results = new RedisBenchmark(benchmark, 30_000)
                .run(redis.port(), 10, 5_000, 1, List.of("get", "set"));
            assertEquals(List.of("set", "get"), List.copyOf(results.keySet()));
            for (final RedisBenchmark.Result r : results.values()) {
                assertTrue(r.requestsPerSec() > 0, r.toString());
                assertTrue(r.p50Ms() > 0 && r.p50Ms() <= r.p99Ms(), r.toString());
            }
        }
    }

    @Test
    @Timeout(60)
    void run_programFails_throwsWithItsOutput(@TempDir final Path dir) throws IOException {
        final Path server = InstalledPrograms.require(RedisServerProcess.COMMAND);
        // Stands in for redis-benchmark against a server that answers an error, as the real one prints and exits.
        final Path failing = Files.writeString(dir.resolve("redis-benchmark"),
            "#!/bin/sh\necho \"Error from server: ERR unknown command 'SET'\"\nexit 1\n");
        Files.setPosixFilePermissions(failing, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (RedisServerProcess redis = RedisServerProcess.start(server, 0, 10_000)) {
            final ToolException ex = assertThrows(ToolException.class,
                () -> new RedisBenchmark(failing, 30_000).run(redis.port(), 10, 1_000, 1, List.of("set")));
            assertTrue(ex.getMessage().contains("exited with status 1"), ex.getMessage());
            assertTrue(ex.getMessage().contains("ERR unknown command 'SET'"), ex.getMessage());
        }
    }
}
