package dev.lepus.examples.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SetParams;

import dev.lepus.examples.RunningSystem;

/**
 * The kv example as a Redis client sees it: the shipped descriptions (two shards on two kernels, and one), driven by
 * Jedis, a RESP client no one here wrote, and by raw sockets for the bad input Jedis would never send.
 */
@Timeout(120)
class KvSystemTest {

    @TempDir
    Path dir;

    private RunningSystem start(final String file, final String... configure) throws Exception {
        return RunningSystem.start(file, KvServer.DEFAULT_PORT, file.equals("kv.toml") ? 2 : 1, dir, configure);
    }

    /** Keys that hash to shard 0 and to shard 1 of two. */
    private static List<String> keysOnEveryShard() {
        final List<String> keys = new ArrayList<>();
        for (int shard = 0; shard < 2; shard++) {
            for (int i = 0; ; i++) {
                final String k = "key:" + i;
                if (KvEngine.shardOf(k.getBytes(StandardCharsets.UTF_8), 2) == shard) {
                    keys.add(k);
                    break;
                }
            }
        }
        return keys;
    }

    @ParameterizedTest
    @ValueSource(strings = {"kv.toml", "kv-1.toml"})
    void shouldAnswerARedisClientAsRedisWould(final String file) throws Exception {
        try (RunningSystem kv = start(file); Jedis j = new Jedis("127.0.0.1", kv.port())) {
            final List<String> k = keysOnEveryShard();
            final String a = k.get(0);
            final String b = k.get(1);
            assertEquals("PONG", j.ping());
            assertEquals("hi", j.echo("hi"));
            assertEquals("OK", j.set(a, "1"));
            assertEquals("1", j.get(a));
            assertNull(j.get("missing"));
            assertEquals(2, j.incr(a));
            assertEquals(1, j.decr(a));
            assertEquals(11, j.incrBy(a, 10));
            assertEquals("OK", j.mset(b, "x", "other", "y"));
            assertEquals(java.util.Arrays.asList("11", "x", null, "y"), j.mget(a, b, "missing", "other"));
            assertEquals(2, j.exists(a, b, "missing"));
            assertEquals(Set.of(a, b, "other"), new TreeSet<>(j.keys("*")));
            assertEquals(Set.of(a, b), new TreeSet<>(j.keys("key:*")));
            assertEquals(3, j.dbSize());
            assertEquals(1, j.expire(a, 100));
            final long ttl = j.ttl(a);
            assertTrue(ttl > 90 && ttl <= 100, "ttl " + ttl);
            assertEquals(-1, j.ttl(b));
            assertEquals(-2, j.ttl("missing"));
            assertEquals("OK", j.set("px", "v", SetParams.setParams().px(50_000)));
            assertNull(j.set(b, "no", SetParams.setParams().nx()), "NX on an existing key");
            assertEquals("OK", j.set(b, "yes", SetParams.setParams().xx()));
            assertNull(j.set("absent", "no", SetParams.setParams().xx()), "XX on a missing key");
            assertEquals(3, j.del(a, b, "px", "missing"));
            assertTrue(j.info().contains("db0:keys=1,"), j.info());
            assertEquals("OK", j.flushDB());
            assertEquals(0, j.dbSize());
            final JedisDataException arity = assertThrows(JedisDataException.class, () -> j.sendCommand(
                redis.clients.jedis.Protocol.Command.GET));
            assertEquals("ERR wrong number of arguments for 'get' command", arity.getMessage());
            j.set("s", "abc");
            final JedisDataException notInt = assertThrows(JedisDataException.class, () -> j.incr("s"));
            assertEquals("ERR value is not an integer or out of range", notInt.getMessage());
            final JedisDataException syntax = assertThrows(JedisDataException.class, () -> j.sendCommand(
                redis.clients.jedis.Protocol.Command.SET, "s", "v", "EX"));
            assertEquals("ERR syntax error", syntax.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kv.toml", "kv-1.toml"})
    void shouldAnswerAPipelineInOrder(final String file) throws Exception {
        try (RunningSystem kv = start(file); Jedis j = new Jedis("127.0.0.1", kv.port())) {
            final Pipeline p = j.pipelined();
            final List<Response<String>> gets = new ArrayList<>();
            final List<Response<Long>> incrs = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                p.set("p:" + i, Integer.toString(i));
                incrs.add(p.incr("counter:" + (i % 7)));
                gets.add(p.get("p:" + i));
            }
            p.sync();
            for (int i = 0; i < 2000; i++) {
                assertEquals(Integer.toString(i), gets.get(i).get());
                assertEquals(i / 7 + 1, incrs.get(i).get(), "counter:" + (i % 7) + " after " + i);
            }
            assertEquals(2007, j.dbSize());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kv.toml", "kv-1.toml"})
    void shouldAnswerGarbageWithAProtocolErrorCloseItAndServeTheOthers(final String file) throws Exception {
        try (RunningSystem kv = start(file); Jedis good = new Jedis("127.0.0.1", kv.port());
                Socket bad = new Socket("127.0.0.1", kv.port())) {
            good.set("k", "v");
            final String reply = RunningSystem.exchange(bad, "*1\r\n$x\r\n");
            assertEquals("-ERR Protocol error: invalid bulk length\r\n", reply);
            assertEquals("v", good.get("k"), "the other client is still served");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kv.toml", "kv-1.toml"})
    void shouldRefuseAnOversizedBulkStringBeforeItsBodyArrives(final String file) throws Exception {
        try (RunningSystem kv = start(file); Jedis good = new Jedis("127.0.0.1", kv.port());
                Socket bad = new Socket("127.0.0.1", kv.port())) {
            // 2 GB declared, nothing of it sent: the server must not wait for (or buffer) the body.
            assertEquals("-ERR Protocol error: invalid bulk length\r\n",
                RunningSystem.exchange(bad, "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000000\r\n"));
            assertEquals("PONG", good.ping());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kv.toml", "kv-1.toml"})
    void shouldCloseAHalfOpenClientAfterItsTimeoutAndServeTheOthers(final String file) throws Exception {
        final String shards = file.equals("kv.toml") ? "shards = 2 }" : "shards = 1 }";
        try (RunningSystem kv = start(file, shards, shards.replace(" }", ", timeout_ms = 300 }"));
                Socket half = new Socket("127.0.0.1", kv.port())) {
            final OutputStream out = half.getOutputStream();
            out.write("*2\r\n$3\r\nGET\r\n$10\r\nabc".getBytes(StandardCharsets.US_ASCII)); // and then nothing
            out.flush();
            try (Jedis good = new Jedis("127.0.0.1", kv.port())) {
                assertEquals("PONG", good.ping());
            }
            half.setSoTimeout(10_000);
            assertEquals(-1, RunningSystem.readOrReset(half.getInputStream()), "closed by the server's timeout");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kv.toml", "kv-1.toml"})
    void shouldStopReadingFromAClientThatNeverReadsAndServeTheOthers(final String file) throws Exception {
        try (RunningSystem kv = start(file); Jedis good = new Jedis("127.0.0.1", kv.port());
                Socket stuck = new Socket("127.0.0.1", kv.port())) {
            final byte[] value = new byte[100_000];
            java.util.Arrays.fill(value, (byte) 'v');
            good.set("big".getBytes(StandardCharsets.US_ASCII), value);
            final byte[] get = "*2\r\n$3\r\nGET\r\n$3\r\nbig\r\n".repeat(1000).getBytes(StandardCharsets.US_ASCII);
            final OutputStream out = stuck.getOutputStream();
            final Thread w = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; i < 6_000; i++) { // 200 MB of requests, 600 GB of replies asked for, none read
                        out.write(get);
                    }
                } catch (final Exception closed) {
                    // the test ends
                }
            });
            final long deadline = System.nanoTime() + 30_000_000_000L;
            while (kv.writesRefused() == 0 && System.nanoTime() - deadline < 0) {
                Thread.sleep(10);
            }
            assertTrue(kv.writesRefused() > 0, "its output queue filled up: the server holds a bounded amount");
            assertTrue(w.isAlive(), "its requests wait unread");
            assertArrayEquals(value, good.get("big".getBytes(StandardCharsets.US_ASCII)), "the others are served");
        }
    }


    /** A program of Debian's redis-tools, or a skip saying how to install it. */
    private static String tool(final String name) {
        for (final String dirName : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            final Path p = Path.of(dirName, name);
            if (java.nio.file.Files.isExecutable(p)) {
                return p.toString();
            }
        }
        org.junit.jupiter.api.Assumptions.abort(name + " is not on the PATH (apt-get install redis-tools)");
        return name;
    }

    private static String runTool(final String... command) throws Exception {
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), String.join(" ", command));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"kv.toml", "kv-1.toml"})
    void shouldWorkWithRedisCliAndRedisBenchmark(final String file) throws Exception {
        final String cli = tool("redis-cli");
        final String bench = tool("redis-benchmark");
        try (RunningSystem kv = start(file)) {
            final String port = Integer.toString(kv.port());
            assertEquals("OK\n", runTool(cli, "-p", port, "set", "greeting", "hello"));
            assertEquals("hello\n", runTool(cli, "-p", port, "get", "greeting"));
            assertEquals("1\n", runTool(cli, "-p", port, "incr", "n"));
            final String out = runTool(bench, "-p", port, "-c", "10", "-n", "2000", "-r", "1000", "-t", "get,set",
                "-P", "4", "--csv");
            assertTrue(out.contains("\"SET\",") && out.contains("\"GET\","), out);
            try (Jedis j = new Jedis("127.0.0.1", kv.port())) {
                assertTrue(j.dbSize() > 2, "redis-benchmark's keys are there");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kv.toml", "kv-1.toml"})
    void shouldCloseAClientThatNeverReadsOnceItsTimeoutPasses(final String file) throws Exception {
        final String shards = file.equals("kv.toml") ? "shards = 2 }" : "shards = 1 }";
        try (RunningSystem kv = start(file, shards, shards.replace(" }", ", timeout_ms = 500 }"));
                Socket stuck = new Socket("127.0.0.1", kv.port())) {
            final byte[] ping = "PING\r\n".repeat(100_000).getBytes(StandardCharsets.US_ASCII);
            final OutputStream out = stuck.getOutputStream();
            final Thread w = Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; i < 1_000; i++) { // 700 MB of requests, none of the answers read
                        out.write(ping);
                    }
                } catch (final Exception closed) {
                    // closed by the server: what this test waits for
                }
            });
            w.join(30_000);
            assertFalse(w.isAlive(), "the server closed the connection of a client that never read");
            long timeouts = 0;
            for (final dev.lepus.kernel.Kernel k : kv.node().kernels()) {
                timeouts += k.counters().netIdleTimeouts;
            }
            assertEquals(1, timeouts, "closed by its timeout");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"kv.toml"})
    void shouldSpreadKeysOverBothShards(final String file) throws Exception {
        try (RunningSystem kv = start(file); Jedis j = new Jedis("127.0.0.1", kv.port())) {
            for (int i = 0; i < 200; i++) {
                j.set("spread:" + i, "v");
            }
            assertEquals(200, j.dbSize());
            kv.stop();
            final String console = kv.console();
            assertTrue(console.matches(
                "(?s).*\\[kv-0] shard 0: served \\d+ commands, 0 protocol errors, (\\d+) keys.*"), console);
            assertFalse(console.contains(", 0 keys"), "each shard holds some of the keys: " + console);
        }
    }
}
