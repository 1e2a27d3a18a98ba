package dev.lepus.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Replies compared byte for byte with what Redis 7.0 sends for the same requests. */
class KvEngineTest {

    private static final String OK = "+OK\r\n";
    private static final String NIL = "$-1\r\n";
    private static final String NOT_AN_INTEGER = "-ERR value is not an integer or out of range\r\n";
    private static final String SYNTAX_ERROR = "-ERR syntax error\r\n";

    private KvEngine engine = new KvEngine();
    private final RespWriter out = new RespWriter();
    private long now = 1_000_000;

    // --- Connection and server commands -----------------------------------------------------------------------

    @Test
    void shouldReplyPong() {
        assertEquals("+PONG\r\n", run("PING"));
        assertEquals("$2\r\nhi\r\n", run("ping", "hi"));
        assertEquals("-ERR wrong number of arguments for 'ping' command\r\n", run("PING", "a", "b"));
    }

    @Test
    void shouldEcho() {
        assertEquals("$5\r\nhello\r\n", run("ECHO", "hello"));
        assertEquals("-ERR wrong number of arguments for 'echo' command\r\n", run("ECHO"));
    }

    @Test
    void shouldReplyOkToQuit() {
        assertEquals(OK, run("QUIT"));
    }

    @Test
    void shouldSelectOnlyDatabaseZero() {
        assertEquals(OK, run("SELECT", "0"));
        assertEquals("-ERR DB index is out of range\r\n", run("SELECT", "1"));
        assertEquals("-ERR DB index is out of range\r\n", run("SELECT", "-1"));
        assertEquals(NOT_AN_INTEGER, run("SELECT", "zero"));
        assertEquals("-ERR value is out of range, value must between -2147483648 and 2147483647\r\n",
            run("SELECT", "2147483648"));
        assertEquals("-ERR wrong number of arguments for 'select' command\r\n", run("SELECT"));
    }

    @Test
    void shouldDescribeNoCommands() {
        assertEquals("*0\r\n", run("COMMAND"));
        assertEquals("*0\r\n", run("COMMAND", "DOCS"));
        assertEquals(":0\r\n", run("COMMAND", "count"));
    }

    @Test
    void shouldKnowOnlyTheConfigParametersRedisBenchmarkReads() {
        assertEquals("*2\r\n$4\r\nsave\r\n$0\r\n\r\n", run("CONFIG", "GET", "save"));
        assertEquals("*2\r\n$10\r\nappendonly\r\n$2\r\nno\r\n", run("config", "get", "appendonly", "maxmemory"));
        assertEquals("*0\r\n", run("CONFIG", "GET", "maxmemory"));
        assertEquals("-ERR wrong number of arguments for 'config|get' command\r\n", run("CONFIG", "GET"));
        assertEquals("-ERR wrong number of arguments for 'config' command\r\n", run("CONFIG"));
        assertEquals("-ERR unknown subcommand 'SET'. Try CONFIG HELP.\r\n", run("CONFIG", "SET", "a", "b"));
    }

    @Test
    void shouldReportUnknownCommandAsRedisWordsIt() {
        assertEquals("-ERR unknown command 'FOO', with args beginning with: 'a' 'b' \r\n", run("FOO", "a", "b"));
        assertEquals("-ERR unknown command 'foo', with args beginning with: \r\n", run("foo"));
        assertEquals("-ERR unknown command 'foo', with args beginning with: 'a  b' \r\n", run("foo", "a\r\nb"));
    }

    @Test
    void shouldQuoteAtMost128BytesOfUnknownCommand() {
        final String x = "x".repeat(200);
        assertEquals("-ERR unknown command '" + "n".repeat(128) + "', with args beginning with: 'a' '"
            + x.substring(0, 124) + "' \r\n", run("n".repeat(130), "a", x, "never"));
    }

    @Test
    void shouldNameArityErrorInLowerCaseHoweverTyped() {
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n", run("GET"));
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n", run("gEt", "a", "b"));
        assertEquals("-ERR wrong number of arguments for 'set' command\r\n", run("SET", "k"));
    }

    @Test
    void shouldKeepWrongTypeErrorAtHand() {
        assertEquals("WRONGTYPE Operation against a key holding the wrong kind of value", KvEngine.WRONGTYPE);
    }

    @Test
    void shouldRejectEmptyRequest() {
        assertThrows(IllegalArgumentException.class, () -> engine.execute(new Request(), now, out));
    }

    // --- GET and SET ------------------------------------------------------------------------------------------

    @Test
    void shouldSetAndGet() {
        assertEquals(NIL, run("GET", "k"));
        assertEquals(OK, run("SET", "k", "v"));
        assertEquals("$1\r\nv\r\n", run("GET", "k"));
        assertEquals(OK, run("set", "k", ""));
        assertEquals("$0\r\n\r\n", run("GET", "k"));
    }

    @Test
    void shouldSetOnlyIfAbsentWithNx() {
        assertEquals(OK, run("SET", "k", "v", "NX"));
        assertEquals(NIL, run("SET", "k", "w", "nx"));
        assertEquals("$1\r\nv\r\n", run("GET", "k"));
    }

    @Test
    void shouldSetOnlyIfPresentWithXx() {
        assertEquals(NIL, run("SET", "k", "v", "XX"));
        assertEquals(":0\r\n", run("EXISTS", "k"));
        run("SET", "k", "v");
        assertEquals(OK, run("SET", "k", "w", "XX"));
        assertEquals("$1\r\nw\r\n", run("GET", "k"));
    }

    @Test
    void shouldSetTimeToLiveWithExAndPx() {
        assertEquals(OK, run("SET", "k", "v", "EX", "10"));
        assertEquals(":10\r\n", run("TTL", "k"));
        assertEquals(":10000\r\n", run("PTTL", "k"));
        assertEquals(NIL, run("SET", "k", "w", "px", "1500", "nx"));
        assertEquals(OK, run("SET", "p", "v", "PX", "1500"));
        assertEquals(":2\r\n", run("TTL", "p"));
        assertEquals(":1500\r\n", run("PTTL", "p"));
    }

    @Test
    void shouldCombineNxOrXxWithExpiry() {
        assertEquals(OK, run("SET", "k", "v", "NX", "EX", "10"));
        assertEquals(NIL, run("SET", "k", "w", "EX", "20", "NX"));
        assertEquals(":10\r\n", run("TTL", "k"));
        assertEquals(OK, run("SET", "k", "w", "PX", "5000", "XX"));
        assertEquals(":5\r\n", run("TTL", "k"));
        assertEquals(NIL, run("SET", "absent", "w", "XX", "PX", "5000"));
        assertEquals(":-2\r\n", run("TTL", "absent"));
    }

    @Test
    void shouldTakeLastOfRepeatedExpiry() {
        assertEquals(OK, run("SET", "k", "v", "EX", "10", "EX", "20", "NX", "NX"));
        assertEquals(":20\r\n", run("TTL", "k"));
    }

    @Test
    void shouldSetAbsoluteExpiryWithExatAndPxat() {
        assertEquals(OK, run("SET", "k", "v", "EXAT", Long.toString(now / 1000 + 100)));
        assertEquals(":100\r\n", run("TTL", "k"));
        assertEquals(OK, run("SET", "p", "v", "PXAT", Long.toString(now + 2500)));
        assertEquals(":2500\r\n", run("PTTL", "p"));
        assertEquals(OK, run("SET", "past", "v", "PXAT", "1"));
        assertEquals(NIL, run("GET", "past"));
    }

    @Test
    void shouldRemoveTimeToLiveOnPlainSetAndKeepItWithKeepttl() {
        run("SET", "k", "v", "EX", "10");
        assertEquals(OK, run("SET", "k", "w", "KEEPTTL"));
        assertEquals(":10\r\n", run("TTL", "k"));
        assertEquals("$1\r\nw\r\n", run("GET", "k"));
        assertEquals(OK, run("SET", "k", "x"));
        assertEquals(":-1\r\n", run("TTL", "k"));
    }

    @Test
    void shouldReplyOldValueWithGet() {
        assertEquals(NIL, run("SET", "k", "v", "GET"));
        assertEquals("$1\r\nv\r\n", run("SET", "k", "w", "GET"));
        assertEquals("$1\r\nw\r\n", run("GET", "k"));
        assertEquals("$1\r\nw\r\n", run("SET", "k", "z", "NX", "GET"));
        assertEquals("$1\r\nw\r\n", run("GET", "k"));
        assertEquals(NIL, run("SET", "absent", "z", "XX", "GET"));
        assertEquals(NIL, run("GET", "absent"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"NX XX", "XX NX", "EX", "EX 1 PX 1", "PX 1 EX 1", "EXAT 1 PXAT 1", "KEEPTTL EX 1",
        "EX 1 KEEPTTL", "PXAT 1 KEEPTTL", "FOO", "NX FOO", "EX 1 2"})
    void shouldRejectBadSetOptions(final String options) {
        assertEquals(SYNTAX_ERROR, runSet(options));
        assertEquals(NIL, run("GET", "k"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EX 0", "EX -1", "PX 0", "PX -5", "EXAT 0", "PXAT -1", "EX 9223372036854775807",
        "EX 9223372036854775", "PX 9223372036854775807"})
    void shouldRejectInvalidSetExpiry(final String options) {
        assertEquals("-ERR invalid expire time in 'set' command\r\n", runSet(options));
    }

    @ParameterizedTest
    @ValueSource(strings = {"EX ten", "PX 1.5", "EXAT 01", "PXAT +1", "EX 99999999999999999999"})
    void shouldRejectNonIntegerSetExpiry(final String options) {
        assertEquals(NOT_AN_INTEGER, runSet(options));
    }

    // --- Expiry -----------------------------------------------------------------------------------------------

    @Test
    void shouldExpireOnceClockPassesExpiryTime() {
        run("SET", "k", "v", "PX", "100");
        now += 100;
        assertEquals("$1\r\nv\r\n", run("GET", "k"));
        assertEquals(":0\r\n", run("PTTL", "k"));
        now += 1;
        assertEquals(NIL, run("GET", "k"));
        assertEquals(":-2\r\n", run("TTL", "k"));
        assertEquals(":0\r\n", run("DBSIZE"));
    }

    @Test
    void shouldRoundTtlToNearestSecond() {
        run("SET", "a", "v", "PX", "1499");
        run("SET", "b", "v", "PX", "1500");
        run("SET", "c", "v", "PX", "499");
        assertEquals(":1\r\n", run("TTL", "a"));
        assertEquals(":2\r\n", run("TTL", "b"));
        assertEquals(":0\r\n", run("TTL", "c"));
    }

    @Test
    void shouldReplyTtlOfMissingAndPersistentKeys() {
        assertEquals(":-2\r\n", run("TTL", "k"));
        assertEquals(":-2\r\n", run("PTTL", "k"));
        run("SET", "k", "v");
        assertEquals(":-1\r\n", run("TTL", "k"));
        assertEquals(":-1\r\n", run("PTTL", "k"));
    }

    @Test
    void shouldExpireKey() {
        assertEquals(":0\r\n", run("EXPIRE", "k", "10"));
        run("SET", "k", "v");
        assertEquals(":1\r\n", run("EXPIRE", "k", "10"));
        assertEquals(":10\r\n", run("TTL", "k"));
        assertEquals(":1\r\n", run("PEXPIRE", "k", "1500"));
        assertEquals(":1500\r\n", run("PTTL", "k"));
        now += 1501;
        assertEquals(":0\r\n", run("EXISTS", "k"));
    }

    @Test
    void shouldDeleteKeyOnExpiryInPast() {
        run("SET", "a", "v");
        run("SET", "b", "v");
        assertEquals(":1\r\n", run("EXPIRE", "a", "-1"));
        assertEquals(":1\r\n", run("PEXPIRE", "b", "0"));
        assertEquals(":0\r\n", run("DBSIZE"));
    }

    @Test
    void shouldRejectBadExpireTimes() {
        run("SET", "k", "v");
        assertEquals(NOT_AN_INTEGER, run("EXPIRE", "k", "ten"));
        assertEquals("-ERR invalid expire time in 'expire' command\r\n", run("EXPIRE", "k", "9223372036854775807"));
        assertEquals("-ERR invalid expire time in 'expire' command\r\n", run("EXPIRE", "k", "9223372036854775"));
        assertEquals("-ERR invalid expire time in 'expire' command\r\n", run("EXPIRE", "k", "-9223372036854776"));
        assertEquals("-ERR invalid expire time in 'pexpire' command\r\n",
            run("PEXPIRE", "k", "9223372036854775807"));
        assertEquals("-ERR wrong number of arguments for 'expire' command\r\n", run("EXPIRE", "k"));
        assertEquals(":-1\r\n", run("TTL", "k"));
    }

    @Test
    void shouldHonourExpireConditions() {
        run("SET", "k", "v");
        run("SET", "p", "v");
        assertEquals(":1\r\n", run("EXPIRE", "k", "10", "NX"));
        assertEquals(":0\r\n", run("EXPIRE", "k", "20", "nx"));
        assertEquals(":1\r\n", run("EXPIRE", "k", "20", "XX"));
        assertEquals(":0\r\n", run("EXPIRE", "p", "10", "XX"));
        assertEquals(":0\r\n", run("EXPIRE", "k", "5", "GT"));
        assertEquals(":0\r\n", run("EXPIRE", "k", "20", "GT"));
        assertEquals(":1\r\n", run("EXPIRE", "k", "30", "GT"));
        assertEquals(":0\r\n", run("EXPIRE", "k", "40", "LT"));
        assertEquals(":1\r\n", run("EXPIRE", "k", "10", "LT", "XX"));
        assertEquals(":10\r\n", run("TTL", "k"));
        assertEquals(":0\r\n", run("EXPIRE", "p", "10", "GT"));
        assertEquals(":1\r\n", run("EXPIRE", "p", "10", "LT"));
    }

    @Test
    void shouldRejectBadExpireOptions() {
        run("SET", "k", "v");
        assertEquals("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
            run("EXPIRE", "k", "10", "NX", "XX"));
        assertEquals("-ERR NX and XX, GT or LT options at the same time are not compatible\r\n",
            run("EXPIRE", "k", "10", "LT", "NX"));
        assertEquals("-ERR GT and LT options at the same time are not compatible\r\n",
            run("EXPIRE", "k", "10", "GT", "LT"));
        assertEquals("-ERR Unsupported option FOO\r\n", run("EXPIRE", "k", "ten", "FOO"));
        assertEquals(":-1\r\n", run("TTL", "k"));
    }

    @Test
    void shouldSweepExpiredKeysWithBoundedWork() {
        for (int i = 0; i < 100; i++) {
            run("SET", "v" + i, "x", "PX", "10");
        }
        for (int i = 0; i < 50; i++) {
            run("SET", "p" + i, "x");
        }
        assertEquals(0, engine.expireSome(now, 1000));
        now += 11;
        assertEquals(150, engine.size());
        assertEquals(30, engine.expireSome(now, 30));
        assertEquals(120, engine.size());
        assertEquals(70, engine.expireSome(now, 1000));
        assertEquals(50, engine.size());
        assertEquals(0, engine.expires());
        assertEquals(0, engine.expireSome(now, 1000));
    }

    @Test
    void shouldSweepOnlyExpiredKeys() {
        for (int i = 0; i < 20; i++) {
            run("SET", "k" + i, "x", "PX", Integer.toString(i % 2 == 0 ? 10 : 1000));
        }
        now += 11;
        int removed = 0;
        for (int round = 0; round < 10; round++) {
            removed += engine.expireSome(now, 3);
        }
        assertEquals(10, removed);
        assertEquals(10, engine.size());
        assertEquals(10, engine.expires());
    }

    @Test
    void shouldCountExpiredKeysUntilRemovedAsRedisDoes() {
        run("SET", "k", "v", "PX", "10");
        now += 11;
        assertEquals(":1\r\n", run("DBSIZE"));
        assertEquals("*0\r\n", run("KEYS", "*"));
        assertEquals(1, engine.expireSome(now, 10));
        assertEquals(":0\r\n", run("DBSIZE"));
    }

    // --- Counters ---------------------------------------------------------------------------------------------

    @Test
    void shouldIncrementAndDecrement() {
        assertEquals(":1\r\n", run("INCR", "n"));
        assertEquals(":2\r\n", run("incr", "n"));
        assertEquals(":1\r\n", run("DECR", "n"));
        assertEquals(":11\r\n", run("INCRBY", "n", "10"));
        assertEquals(":-9\r\n", run("DECRBY", "n", "20"));
        assertEquals("$2\r\n-9\r\n", run("GET", "n"));
        assertEquals(":-1\r\n", run("DECR", "fresh"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", " 1", "1 ", "01", "+1", "1.0", "", "99999999999999999999"})
    void shouldRefuseToIncrementNonInteger(final String value) {
        run("SET", "n", value);
        assertEquals(NOT_AN_INTEGER, run("INCR", "n"));
        assertEquals(NOT_AN_INTEGER, run("DECRBY", "n", "1"));
    }

    @Test
    void shouldRefuseNonIntegerIncrement() {
        assertEquals(NOT_AN_INTEGER, run("INCRBY", "n", "abc"));
        assertEquals(NOT_AN_INTEGER, run("DECRBY", "n", "1.5"));
        assertEquals(NOT_AN_INTEGER, run("INCRBY", "n", "9223372036854775808"));
        assertEquals(":0\r\n", run("EXISTS", "n"));
    }

    @Test
    void shouldRefuseIncrementPastRange() {
        run("SET", "max", "9223372036854775807");
        run("SET", "min", "-9223372036854775808");
        assertEquals("-ERR increment or decrement would overflow\r\n", run("INCR", "max"));
        assertEquals("-ERR increment or decrement would overflow\r\n", run("DECR", "min"));
        assertEquals("-ERR increment or decrement would overflow\r\n", run("INCRBY", "min", "-1"));
        assertEquals("-ERR increment or decrement would overflow\r\n", run("DECRBY", "max", "-1"));
        assertEquals("$19\r\n9223372036854775807\r\n", run("GET", "max"));
        assertEquals(":-1\r\n", run("INCRBY", "max", "-9223372036854775808"));
    }

    @Test
    void shouldRefuseDecrementThatCannotBeNegated() {
        assertEquals("-ERR decrement would overflow\r\n", run("DECRBY", "n", "-9223372036854775808"));
        assertEquals(":-9223372036854775808\r\n", run("INCRBY", "n", "-9223372036854775808"));
    }

    @Test
    void shouldKeepTimeToLiveOnIncrement() {
        run("SET", "n", "1", "EX", "100");
        assertEquals(":2\r\n", run("INCR", "n"));
        assertEquals(":100\r\n", run("TTL", "n"));
    }

    @Test
    void shouldIncrementExpiredKeyFromZero() {
        run("SET", "n", "41", "PX", "10");
        now += 11;
        assertEquals(":1\r\n", run("INCR", "n"));
        assertEquals(":-1\r\n", run("TTL", "n"));
    }

    // --- Multi-key commands -----------------------------------------------------------------------------------

    @Test
    void shouldDeleteAndCountDeleted() {
        run("SET", "a", "1");
        run("SET", "b", "2");
        assertEquals(":2\r\n", run("DEL", "a", "b", "c"));
        assertEquals(":0\r\n", run("DEL", "a"));
        assertEquals("-ERR wrong number of arguments for 'del' command\r\n", run("DEL"));
    }

    @Test
    void shouldCountExistingKeysAsOftenAsNamed() {
        run("SET", "a", "1");
        assertEquals(":2\r\n", run("EXISTS", "a", "a", "b"));
        assertEquals("-ERR wrong number of arguments for 'exists' command\r\n", run("EXISTS"));
    }

    @Test
    void shouldGetManyWithNilsForMissing() {
        run("SET", "a", "1");
        run("SET", "b", "2");
        assertEquals("*3\r\n$1\r\n1\r\n$-1\r\n$1\r\n2\r\n", run("MGET", "a", "missing", "b"));
    }

    @Test
    void shouldSetManyAndRemoveTheirTimesToLive() {
        run("SET", "a", "0", "EX", "10");
        assertEquals(OK, run("MSET", "a", "1", "b", "2", "b", "3"));
        assertEquals("*2\r\n$1\r\n1\r\n$1\r\n3\r\n", run("MGET", "a", "b"));
        assertEquals(":-1\r\n", run("TTL", "a"));
    }

    @Test
    void shouldRejectMsetWithoutValueForEveryKey() {
        assertEquals("-ERR wrong number of arguments for 'mset' command\r\n", run("MSET", "a", "1", "b"));
        assertEquals("-ERR wrong number of arguments for 'mset' command\r\n", run("MSET", "a"));
        assertEquals(NIL, run("GET", "a"));
    }

    // --- Key space --------------------------------------------------------------------------------------------

    @Test
    void shouldListKeysMatchingPattern() {
        run("MSET", "user:1", "a", "user:2", "b", "other", "c");
        assertEquals("*1\r\n$5\r\nother\r\n", run("KEYS", "o*"));
        assertEquals("*0\r\n", run("KEYS", "x*"));
        assertEquals(List.of("user:1", "user:2"), sorted(keys("user:?")));
        assertEquals(3, keys("*").size());
        assertTrue(run("KEYS", "user:*").startsWith("*2\r\n"));
    }

    @Test
    void shouldListEmptyKeyForStarAlone() {
        run("SET", "", "v");
        assertEquals("*1\r\n$0\r\n\r\n", run("KEYS", "*"));
        assertEquals("*0\r\n", run("KEYS", "**"));
    }

    @Test
    void shouldListKeysInSameOrderForSameHistory() {
        final KvEngine other = new KvEngine();
        for (int i = 0; i < 500; i++) {
            final String key = "key:" + (i * 7919 % 1000);
            run("SET", key, "v");
            runOn(other, "SET", key, "v");
        }
        assertEquals(run("KEYS", "*"), runOn(other, "KEYS", "*"));
    }

    @Test
    void shouldCountAndFlushKeys() {
        run("MSET", "a", "1", "b", "2");
        assertEquals(":2\r\n", run("DBSIZE"));
        assertEquals(OK, run("FLUSHDB"));
        assertEquals(":0\r\n", run("DBSIZE"));
        run("SET", "a", "1", "EX", "5");
        assertEquals(OK, run("FLUSHDB", "ASYNC"));
        assertEquals(OK, run("flushdb", "sync"));
        assertEquals(0, engine.expires());
        assertEquals(SYNTAX_ERROR, run("FLUSHDB", "NOW"));
        assertEquals(SYNTAX_ERROR, run("FLUSHDB", "SYNC", "ASYNC"));
    }

    @Test
    void shouldReportServerAndKeyspaceInInfo() {
        run("SET", "a", "1");
        run("SET", "b", "2", "EX", "10");
        assertEquals(bulk("# Server\r\nredis_version:7.0.0\r\nlepus_kv:1\r\n\r\n# Keyspace\r\n"
            + "db0:keys=2,expires=1,avg_ttl=0\r\n"), run("INFO"));
        assertEquals(run("INFO"), run("INFO", "all"));
        assertEquals(bulk("# Server\r\nredis_version:7.0.0\r\nlepus_kv:1\r\n"), run("INFO", "SERVER"));
        assertEquals(bulk("# Keyspace\r\ndb0:keys=2,expires=1,avg_ttl=0\r\n"), run("INFO", "keyspace"));
        assertEquals(bulk(""), run("INFO", "clients"));
    }

    @Test
    void shouldLeaveOutEmptyDatabaseInInfo() {
        assertEquals(bulk("# Keyspace\r\n"), run("INFO", "keyspace"));
    }

    // --- Limits -----------------------------------------------------------------------------------------------

    @Test
    void shouldRefuseCommandsThatAddKeysWhenFull() {
        engine = new KvEngine(2);
        final String oom = "-OOM command not allowed when used memory > 'maxmemory'.\r\n";
        assertEquals(OK, run("SET", "a", "1"));
        assertEquals(OK, run("SET", "b", "2"));
        assertTrue(engine.full());
        assertEquals(oom, run("SET", "c", "3"));
        assertEquals(oom, run("MSET", "c", "3"));
        assertEquals(oom, run("INCR", "c"));
        assertEquals("$1\r\n1\r\n", run("GET", "a"));
        assertEquals(":1\r\n", run("DEL", "a"));
        assertEquals(OK, run("SET", "c", "3"));
        assertThrows(IllegalArgumentException.class, () -> new KvEngine(0));
    }

    // --- Per-key API and sharding -----------------------------------------------------------------------------

    @Test
    void shouldServeRouterPerKey() {
        engine.set(bytes("a"), bytes("1"));
        run("SET", "t", "x", "PX", "10");
        assertEquals("1", new String(engine.get(bytes("a"), now).orElseThrow(), StandardCharsets.US_ASCII));
        assertTrue(engine.get(bytes("b"), now).isEmpty());
        assertTrue(engine.exists(bytes("a"), now));
        assertEquals(2, engine.size());
        assertEquals(1, engine.expires());
        engine.set(bytes("t"), bytes("y"));
        assertEquals(0, engine.expires());
        assertTrue(engine.del(bytes("a"), now));
        assertFalse(engine.del(bytes("a"), now));
        assertFalse(engine.exists(bytes("a"), now));
        engine.flush();
        assertEquals(0, engine.size());
    }

    @Test
    void shouldMapKeysToRedisClusterSlots() {
        assertEquals(12182, KvEngine.slotOf(bytes("foo")));
        assertEquals(11058, KvEngine.slotOf(bytes("somekey")));
        assertEquals(0x31C3 & 16383, KvEngine.slotOf(bytes("123456789")));
    }

    @Test
    void shouldHashOnlyHashTag() {
        assertEquals(KvEngine.slotOf(bytes("{user1000}.following")), KvEngine.slotOf(bytes("{user1000}.followers")));
        assertEquals(KvEngine.slotOf(bytes("user1000")), KvEngine.slotOf(bytes("{user1000}.following")));
        assertEquals(KvEngine.slotOf(bytes("bar")), KvEngine.slotOf(bytes("foo{bar}{zap}")));
        assertEquals(KvEngine.slotOf(bytes("{bar")), KvEngine.slotOf(bytes("foo{{bar}}zap")));
        assertEquals(Crc16.of(bytes("foo{}{bar}"), 0, 10) & 16383, KvEngine.slotOf(bytes("foo{}{bar}")));
        assertEquals(Crc16.of(bytes("foo{bar"), 0, 7) & 16383, KvEngine.slotOf(bytes("foo{bar")));
    }

    @Test
    void shouldPickShardFromSlot() {
        assertEquals(0, KvEngine.shardOf(bytes("foo"), 1));
        assertEquals(12182 % 4, KvEngine.shardOf(bytes("foo"), 4));
        assertThrows(IllegalArgumentException.class, () -> KvEngine.shardOf(bytes("foo"), 0));
        assertThrows(IllegalArgumentException.class, () -> KvEngine.shardOf(bytes("foo"), KvEngine.SLOTS + 1));
    }

    private String run(final String... args) {
        return runOn(engine, args);
    }

    private String runOn(final KvEngine target, final String... args) {
        out.clear();
        target.execute(Request.of(args), now, out);
        return new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    private String runSet(final String options) {
        final List<String> args = new ArrayList<>(List.of("SET", "k", "v"));
        args.addAll(List.of(options.split(" ")));
        return run(args.toArray(String[]::new));
    }

    private List<String> keys(final String pattern) {
        final List<String> found = new ArrayList<>();
        engine.keys(Glob.compile(bytes(pattern)), now, k -> found.add(new String(k, StandardCharsets.ISO_8859_1)));
        return found;
    }

    private static List<String> sorted(final List<String> list) {
        final List<String> copy = new ArrayList<>(list);
        copy.sort(null);
        return copy;
    }

    private static String bulk(final String text) {
        return "$" + text.length() + "\r\n" + text + "\r\n";
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
