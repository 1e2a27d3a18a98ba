package dev.lepus.bench.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestration of {@code lepus bench net}: arguments, the check for the programs, the line format, and whole
 * runs in a quick mode with tiny workloads, where stand-ins play Lepus's sides: a second redis-server for the kv side
 * and a second {@link NettyHttpServer} for the HTTP side.
 */
class NetBenchTest {

    private static final Pattern LINE = Pattern.compile("(kv(-sharded)?-(get|set)(-p16)?|http-hello|http-json)"
        + " lepus=[0-9.]+ peer=[0-9.]+ unit=req/s ratio=[0-9]+\\.[0-9]{2} p50=[0-9.]+/[0-9.]+ p99=[0-9.]+/[0-9.]+ ms");

    /** Stand-ins for Lepus's sides, which record what they started and that it was stopped. */
    private static final class StandIns implements Servers {
        final List<String> started = new ArrayList<>();
        final List<Servers.Handle> handles = new ArrayList<>();

        @Override
        public Handle startKv(final int port) {
            started.add("kv " + port);
            final Handle h = RedisServerProcess.start(InstalledPrograms.require(RedisServerProcess.COMMAND), port,
                10_000);
            handles.add(h);
            return h;
        }

        @Override
        public Handle startKvSharded(final int port) {
            started.add("kv-sharded " + port);
            final Handle h = RedisServerProcess.start(InstalledPrograms.require(RedisServerProcess.COMMAND), port,
                10_000);
            handles.add(h);
            return h;
        }

        @Override
        public Handle startHttp(final int port) throws IOException {
            started.add("http " + port);
            final Handle h = NettyHttpServer.start(port, 2);
            handles.add(h);
            return h;
        }
    }

    private record Run(int status, String out) {
        List<String> lines() {
            return out.lines().toList();
        }

        List<String> resultLines() {
            return lines().stream().filter(l -> !l.startsWith("# ")).toList();
        }
    }

    private static Run run(final Servers lepus, final String searchPath, final String... args) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int status = NetBench.run(args, new PrintStream(bytes, true, StandardCharsets.UTF_8), lepus,
            searchPath);
        return new Run(status, bytes.toString(StandardCharsets.UTF_8));
    }

    private static Path executable(final Path dir, final String name) throws IOException {
        final Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void run_programsMissing_exitsWith2AndSaysWhatToInstall(@TempDir final Path empty) {
        final StandIns lepus = new StandIns();
        final Run r = run(lepus, empty.toString(), "--quick");
        assertEquals(NetBench.MISSING_PROGRAMS, r.status());
        assertEquals(List.of("lepus bench net: not on the PATH: redis-benchmark (package redis-tools), "
            + "redis-server (package redis-server), wrk (package wrk)",
            "install the programs with: apt-get install redis-server redis-tools wrk"), r.lines());
        assertTrue(lepus.started.isEmpty());
    }

    @Test
    void run_httpOnly_needsOnlyWrk(@TempDir final Path dir) throws IOException {
        executable(dir, "redis-benchmark");
        executable(dir, "redis-server");
        final Run r = run(new StandIns(), dir.toString(), "http-hello");
        assertEquals(NetBench.MISSING_PROGRAMS, r.status());
        assertEquals("lepus bench net: not on the PATH: wrk (package wrk)", r.lines().getFirst());
    }

    @Test
    void run_unknownComparison_isAUsageError() {
        final Run r = run(new StandIns(), "", "kv-gett");
        assertEquals(NetBench.USAGE, r.status());
        assertTrue(r.out().contains("unknown comparison or option 'kv-gett' (comparisons: kv-get, kv-set, kv-get-p16,"
            + " kv-set-p16, kv-sharded-get, kv-sharded-set, kv-sharded-get-p16, kv-sharded-set-p16, http-hello,"
            + " http-json)"), r.out());
    }

    @Test
    void run_optionWithoutNumber_isAUsageError() {
        assertEquals(NetBench.USAGE, run(new StandIns(), "", "--pairs").status());
        assertEquals(NetBench.USAGE, run(new StandIns(), "", "--pairs", "0").status());
        assertEquals(NetBench.USAGE, run(new StandIns(), "", "--kv-port", "x").status());
    }

    @Test
    void run_list_namesEveryComparison() {
        final Run r = run(new StandIns(), "", "--list");
        assertEquals(NetBench.OK, r.status());
        assertEquals(List.of("kv-get", "kv-set", "kv-get-p16", "kv-set-p16", "kv-sharded-get", "kv-sharded-set",
            "kv-sharded-get-p16", "kv-sharded-set-p16", "http-hello", "http-json"), r.lines().stream().map(l -> l.substring(0, l.indexOf(':'))).toList());
    }

    @Test
    void line_showsRatesRatioAndLatenciesOfBothSides() {
        final NetBench.Sample lepus = new NetBench.Sample(150_000, 0.2, 0.65, 0, "");
        final NetBench.Sample peer = new NetBench.Sample(125_470.52, 0.223, 12.345, 0, "");
        assertEquals("kv-get lepus=150000 peer=125471 unit=req/s ratio=1.20 p50=0.200/0.223 p99=0.650/12.3 ms",
            NetBench.line("kv-get", lepus, peer, 0, 0));
        assertEquals("http-hello lepus=150000 peer=125471 unit=req/s ratio=1.20 p50=0.200/0.223 p99=0.650/12.3 ms"
            + " errors=7/0", NetBench.line("http-hello", lepus, peer, 7, 0));
    }

    @Test
    @Timeout(120)
    void run_withStandIns_printsALinePerComparison() {
        InstalledPrograms.require(RedisBenchmark.COMMAND);
        InstalledPrograms.require(RedisServerProcess.COMMAND);
        InstalledPrograms.require(Wrk.COMMAND);
        final StandIns lepus = new StandIns();
        final Run r = run(lepus, InstalledPrograms.searchPath(), "--quick", "--pairs", "1", "--requests", "2000",
            "--duration", "1", "--kv-port", "0", "--http-port", "0");
        assertEquals(NetBench.OK, r.status(), r.out());
        assertEquals(List.of("kv 0", "kv-sharded 0", "http 0"), lepus.started);
        final List<String> results = r.resultLines();
        assertEquals(10, results.size(), r.out());
        for (final String line : results) {
            assertTrue(LINE.matcher(line).matches(), line);
        }
        assertTrue(r.out().contains("#   pair 1/1 lepus kv-get-p16: "), r.out());
        assertTrue(r.out().contains("#   pair 1/1 http-json ratio: "), r.out());
        assertTrue(r.lines().getLast().startsWith("# done in "), r.out());
        for (final Servers.Handle h : lepus.handles) {
            assertFalse(listening(h.port()), "still up on " + h.port());
        }
    }

    @Test
    @Timeout(60)
    void run_lepusSideCannotStart_failsItsComparisons() {
        InstalledPrograms.require(RedisBenchmark.COMMAND);
        InstalledPrograms.require(RedisServerProcess.COMMAND);
        final Servers broken = new Servers() {
            @Override
            public Handle startKv(final int port) throws IOException {
                throw new IOException("port " + port + " is taken");
            }

            @Override
            public Handle startKvSharded(final int port) {
                throw new AssertionError("not selected");
            }

            @Override
            public Handle startHttp(final int port) {
                throw new AssertionError("not selected");
            }
        };
        final Run r = run(broken, InstalledPrograms.searchPath(), "--quick", "kv-get", "kv-set");
        assertEquals(NetBench.FAILED, r.status(), r.out());
        assertTrue(r.out().contains(
            "# kv-get FAILED: cannot start the servers: java.io.IOException: port 7379 is taken"), r.out());
        assertTrue(r.out().contains("# kv-set FAILED: "), r.out());
        assertEquals(List.of(), r.resultLines());
    }

    @Test
    @Timeout(60)
    void run_httpAnswersDiffer_failsWithoutMeasuring() throws IOException {
        InstalledPrograms.require(Wrk.COMMAND);
        final HttpServer other = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        other.createContext("/", exchange -> {
            final byte[] body = "Hi".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        other.start();
        try {
            final Servers lepus = new Servers() {
                @Override
                public Handle startKv(final int port) {
                    throw new AssertionError("not selected");
                }

                @Override
                public Handle startKvSharded(final int port) {
                    throw new AssertionError("not selected");
                }

                @Override
                public Handle startHttp(final int port) {
                    return new Handle() {
                        @Override
                        public int port() {
                            return other.getAddress().getPort();
                        }

                        @Override
                        public void close() {
                        }
                    };
                }
            };
            final Run r = run(lepus, InstalledPrograms.searchPath(), "--quick", "http-hello");
            assertEquals(NetBench.FAILED, r.status(), r.out());
            assertTrue(r.out().contains("# http-hello FAILED: the answers differ: lepus 200 text/plain 'Hi', peer 200"
                + " text/plain 'Hello, World!'"), r.out());
            assertFalse(r.out().contains("pair 1/"), r.out());
        } finally {
            other.stop(0);
        }
    }

    private static boolean listening(final int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
            return true;
        } catch (final IOException ex) {
            return false;
        }
    }
}
