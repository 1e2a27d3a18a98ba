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
import dev.lepus.examples.ByteArrayNetInput;

class RespParserTest {

    /** Multibulk, inline, empty and binary requests, back to back as a client pipelines them. */
    private static final String PIPELINE = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nv\r\n\u00ff\u0000\r\n"
        + "PING\r\n"
        + "\r\n"
        + "*0\r\n"
        + "*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"
        + "ECHO \"a b\"\n"
        + "*1\r\n$0\r\n\r\n";

    private static final List<List<String>> PIPELINE_REQUESTS = List.of(
        List.of("SET", "k", "v\r\n\u00ff\u0000"),
        List.of("PING"),
        List.of("GET", "k"),
        List.of("ECHO", "a b"),
        List.of(""));

    private final RespParser parser = new RespParser();
    private final Request request = new Request();

    @Test
    void shouldParseMultibulkRequest() throws Exception {
        final ByteArrayNetInput in = ByteArrayNetInput.of("*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n");
        assertTrue(parser.parse(in, request));
        assertEquals(List.of("GET", "key"), args(request));
        assertEquals(0, in.readable());
    }

    @Test
    void shouldConsumeNothingWhileRequestIsPartial() throws Exception {
        final String whole = "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n";
        for (int n = 1; n < whole.length(); n++) {
            final ByteArrayNetInput in = ByteArrayNetInput.of(whole.substring(0, n));
            assertFalse(new RespParser().parse(in, request), "prefix of " + n + " bytes");
            assertEquals(n, in.readable(), "prefix of " + n + " bytes");
            assertEquals(0, request.argc());
        }
    }

    @Test
    void shouldConsumeExactlyOneRequestPerCall() throws Exception {
        final ByteArrayNetInput in = ByteArrayNetInput.of("*1\r\n$4\r\nPING\r\nECHO x\r\n*1\r\n$4\r\nPI");
        assertTrue(parser.parse(in, request));
        assertEquals(List.of("PING"), args(request));
        assertEquals("ECHO x\r\n*1\r\n$4\r\nPI".length(), in.readable());
        assertTrue(parser.parse(in, request));
        assertEquals(List.of("ECHO", "x"), args(request));
        assertFalse(parser.parse(in, request));
        assertEquals("*1\r\n$4\r\nPI".length(), in.readable());
        in.append("NG\r\n");
        assertTrue(parser.parse(in, request));
        assertEquals(List.of("PING"), args(request));
    }

    @Test
    void shouldParsePipelineFedByteByByte() throws Exception {
        final ByteArrayNetInput in = new ByteArrayNetInput();
        final List<List<String>> parsed = new ArrayList<>();
        for (final byte b : PIPELINE.getBytes(StandardCharsets.ISO_8859_1)) {
            in.append(new byte[] {b});
            parsed.addAll(parseAvailable(in));
        }
        assertEquals(PIPELINE_REQUESTS, parsed);
        assertEquals(0, in.readable());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 5, 7, 16, 1000})
    void shouldParsePipelineFedInChunks(final int chunk) throws Exception {
        final byte[] bytes = PIPELINE.getBytes(StandardCharsets.ISO_8859_1);
        final ByteArrayNetInput in = new ByteArrayNetInput();
        final List<List<String>> parsed = new ArrayList<>();
        for (int off = 0; off < bytes.length; off += chunk) {
            in.append(bytes, off, Math.min(chunk, bytes.length - off));
            parsed.addAll(parseAvailable(in));
        }
        assertEquals(PIPELINE_REQUESTS, parsed);
        assertEquals(0, in.readable());
    }

    @Test
    void shouldResumeLargeRequestArrivingInPieces() throws Exception {
        final StringBuilder text = new StringBuilder("*2001\r\n$4\r\nMSET\r\n");
        for (int i = 0; i < 1000; i++) {
            final String key = "key:" + i;
            final String value = "value:" + i * 7;
            text.append('$').append(key.length()).append("\r\n").append(key).append("\r\n");
            text.append('$').append(value.length()).append("\r\n").append(value).append("\r\n");
        }
        final byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        final ByteArrayNetInput in = new ByteArrayNetInput();
        int requests = 0;
        for (int off = 0; off < bytes.length; off += 7) {
            in.append(bytes, off, Math.min(7, bytes.length - off));
            if (parser.parse(in, request)) {
                requests++;
            }
        }
        assertEquals(1, requests);
        assertEquals(2001, request.argc());
        assertEquals("key:999", ascii(request.arg(1999)));
        assertEquals("value:6993", ascii(request.arg(2000)));
    }

    @Test
    void shouldKeepEveryByteOfBinaryBulk() throws Exception {
        final ByteArrayNetInput in = ByteArrayNetInput.of("*1\r\n$6\r\n\r\n\u0000\u00ff*$\r\n");
        assertTrue(parser.parse(in, request));
        assertEquals("\r\n\u0000\u00ff*$", ascii(request.arg(0)));
    }

    @Test
    void shouldSkipTheTwoBytesAfterBulkUnreadAsRedisDoes() throws Exception {
        final ByteArrayNetInput in = ByteArrayNetInput.of("*1\r\n$4\r\nPINGxx");
        assertTrue(parser.parse(in, request));
        assertEquals(List.of("PING"), args(request));
    }

    @Test
    void shouldSkipEmptyRequests() throws Exception {
        final ByteArrayNetInput in = ByteArrayNetInput.of("\r\n   \r\n*0\r\n*-1\r\n\n");
        assertFalse(parser.parse(in, request));
        assertEquals(0, in.readable());
        in.append("PING\r\n");
        assertTrue(parser.parse(in, request));
        assertEquals(List.of("PING"), args(request));
    }

    @Test
    void shouldParseInlineRequest() throws Exception {
        assertEquals(List.of(List.of("SET", "a", "b")), parseAvailable(ByteArrayNetInput.of("SET a b\r\n")));
        assertEquals(List.of(List.of("PING")), parseAvailable(ByteArrayNetInput.of("PING\n")));
        assertEquals(List.of(List.of("GET", "foo")), parseAvailable(ByteArrayNetInput.of(" \t GET   foo  \r\n")));
    }

    @Test
    void shouldSplitQuotedInlineArguments() throws Exception {
        assertEquals(List.of(List.of("SET", "a b", "c d")),
            parseAvailable(ByteArrayNetInput.of("SET \"a b\" 'c d'\r\n")));
        assertEquals(List.of(List.of("x\n\r\t\b\u0007A\u00ff\"\\q")),
            parseAvailable(ByteArrayNetInput.of("\"x\\n\\r\\t\\b\\a\\x41\\xff\\\"\\\\\\q\"\r\n")));
        assertEquals(List.of(List.of("it's", "a\\n")), parseAvailable(ByteArrayNetInput.of("'it\\'s' 'a\\n'\r\n")));
        assertEquals(List.of(List.of("ab c", "")), parseAvailable(ByteArrayNetInput.of("a\"b c\" \"\"\r\n")));
        assertEquals(List.of(List.of("\\x4", "x")), parseAvailable(ByteArrayNetInput.of("\"\\\\x4\" x\r\n")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"SET \"a\r\n", "SET 'a\r\n", "\"a\"b\r\n", "'a'b\r\n", "\"a\\\"\r\n", "\"a\\\r\n"})
    void shouldRejectUnbalancedQuotes(final String line) {
        assertEquals("Protocol error: unbalanced quotes in request", error(line));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*x\r\n", "*1x\r\n", "*01\r\n", "*+1\r\n", "*-0\r\n", "*\r\n", "* 1\r\n", "*1048577\r\n",
        "*99999999999999999999999\r\n"})
    void shouldRejectInvalidMultibulkLength(final String header) {
        assertEquals("Protocol error: invalid multibulk length", error(header));
    }

    @Test
    void shouldAcceptMultibulkLengthAtLimit() throws Exception {
        assertFalse(parser.parse(ByteArrayNetInput.of("*1048576\r\n"), request));
    }

    @ParameterizedTest
    @ValueSource(strings = {"*1\r\n$x\r\n", "*1\r\n$-1\r\n", "*1\r\n$01\r\n", "*1\r\n$\r\n", "*1\r\n$1048577\r\n",
        "*2\r\n$1\r\na\r\n$2147483648\r\n"})
    void shouldRejectInvalidBulkLength(final String input) {
        assertEquals("Protocol error: invalid bulk length", error(input));
    }

    @Test
    void shouldRefuseBulkOverLimitAsSoonAsHeaderArrives() throws Exception {
        final RespParser small = new RespParser(16, RespParser.DEFAULT_MAX_ARGS, RespParser.DEFAULT_MAX_INLINE_BYTES);
        assertFalse(small.parse(ByteArrayNetInput.of("*2\r\n$3\r\nSET\r\n$16\r\n"), request));
        final ByteArrayNetInput in = ByteArrayNetInput.of("*2\r\n$3\r\nSET\r\n$17\r");
        assertFalse(small.parse(in, request));
        in.append("\n");
        final RespProtocolException e = assertThrows(RespProtocolException.class, () -> small.parse(in, request));
        assertEquals("Protocol error: invalid bulk length", e.getMessage());
    }

    @Test
    void shouldRefuseMultibulkOverArgumentLimit() {
        final RespParser small = new RespParser(RespParser.DEFAULT_MAX_BULK_BYTES, 2,
            RespParser.DEFAULT_MAX_INLINE_BYTES);
        final RespProtocolException e = assertThrows(RespProtocolException.class,
            () -> small.parse(ByteArrayNetInput.of("*3\r\n"), request));
        assertEquals("Protocol error: invalid multibulk length", e.getMessage());
    }

    @Test
    void shouldRejectArgumentThatDoesNotStartWithDollar() {
        assertEquals("Protocol error: expected '$', got 'x'", error("*1\r\nx"));
        assertEquals("Protocol error: expected '$', got ':'", error("*2\r\n$1\r\na\r\n:1\r\n"));
    }

    @Test
    void shouldRejectTooBigInlineRequest() throws Exception {
        final ByteArrayNetInput waiting = ByteArrayNetInput.of("a".repeat(64 * 1024));
        assertFalse(parser.parse(waiting, request));
        waiting.append("a");
        assertEquals("Protocol error: too big inline request",
            assertThrows(RespProtocolException.class, () -> parser.parse(waiting, request)).getMessage());
        assertEquals("Protocol error: too big inline request", error("a".repeat(64 * 1024 + 1) + "\r\n"));
        assertEquals(List.of(List.of("a".repeat(64 * 1024))),
            parseAvailable(ByteArrayNetInput.of("a".repeat(64 * 1024) + "\r\n")));
    }

    @Test
    void shouldRejectTooBigCountLines() {
        assertEquals("Protocol error: too big mbulk count string", error("*" + "1".repeat(64 * 1024)));
        assertEquals("Protocol error: too big bulk count string", error("*1\r\n$" + "1".repeat(64 * 1024)));
    }

    @Test
    void shouldForgetProgressAfterProtocolError() throws Exception {
        final ByteArrayNetInput in = ByteArrayNetInput.of("*2\r\n$1\r\na\r\n");
        assertFalse(parser.parse(in, request));
        in.append("x");
        assertThrows(RespProtocolException.class, () -> parser.parse(in, request));
        assertTrue(parser.parse(ByteArrayNetInput.of("PING\r\n"), request));
        assertEquals(List.of("PING"), args(request));
    }

    @Test
    void shouldRejectLimitsOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new RespParser(-1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new RespParser(1, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new RespParser(1, 1, 0));
    }

    @Test
    void shouldDefaultToDocumentedLimits() {
        assertEquals(1 << 20, parser.maxBulkBytes());
        assertEquals(1_048_576, parser.maxArgs());
        assertEquals(65_536, parser.maxInlineBytes());
    }

    private List<List<String>> parseAvailable(final ByteArrayNetInput in) throws RespProtocolException {
        final List<List<String>> parsed = new ArrayList<>();
        while (parser.parse(in, request)) {
            parsed.add(args(request));
        }
        return parsed;
    }

    private String error(final String input) {
        return assertThrows(RespProtocolException.class,
            () -> new RespParser().parse(ByteArrayNetInput.of(input), new Request())).getMessage();
    }

    private static List<String> args(final Request r) {
        final List<String> args = new ArrayList<>();
        for (int i = 0; i < r.argc(); i++) {
            args.add(ascii(r.arg(i)));
        }
        return args;
    }

    private static String ascii(final byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
