package dev.lepus.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.lepus.api.Bytes;

class RespWriterTest {

    private final RespWriter out = new RespWriter();

    @Test
    void shouldEncodeSimpleString() {
        assertEquals("+OK\r\n", text(out.simple("OK")));
    }

    @Test
    void shouldEncodeError() {
        assertEquals("-ERR wrong number of arguments for 'get' command\r\n",
            text(out.error("ERR wrong number of arguments for 'get' command")));
    }

    @Test
    void shouldEncodeErrorOfRawBytes() {
        assertEquals("-ERR '\u00ff'\r\n", text(out.error("ERR '\u00ff'".getBytes(StandardCharsets.ISO_8859_1))));
    }

    @Test
    void shouldWriteLineBreaksInTextAsSpaces() {
        out.simple("a\r\nb").error("c\nd").error("e\r".getBytes(StandardCharsets.US_ASCII));
        assertEquals("+a  b\r\n-c d\r\n-e \r\n", text(out));
    }

    @Test
    void shouldEncodeNonAsciiTextAsUtf8() {
        out.simple("h\u00e9\u20ac");
        assertEquals("+h\u00e9\u20ac\r\n", new String(out.toByteArray(), StandardCharsets.UTF_8));
    }

    @Test
    void shouldEncodeIntegers() {
        out.integer(0).integer(-1).integer(42).integer(Long.MAX_VALUE).integer(Long.MIN_VALUE);
        assertEquals(":0\r\n:-1\r\n:42\r\n:9223372036854775807\r\n:-9223372036854775808\r\n", text(out));
    }

    @Test
    void shouldEncodeBulkStrings() {
        out.bulk("hello".getBytes(StandardCharsets.US_ASCII)).bulk(new byte[0]);
        assertEquals("$5\r\nhello\r\n$0\r\n\r\n", text(out));
    }

    @Test
    void shouldEncodeBulkOfRange() {
        assertEquals("$2\r\nel\r\n", text(out.bulk("hello".getBytes(StandardCharsets.US_ASCII), 1, 2)));
    }

    @Test
    void shouldEncodeBulkOfBytes() {
        assertEquals("$3\r\na\r\n\r\n", text(out.bulk(Bytes.utf8("a\r\n"))));
    }

    @Test
    void shouldEncodeNulls() {
        assertEquals("$-1\r\n*-1\r\n", text(out.nullBulk().nullArray()));
    }

    @Test
    void shouldEncodeArrayHeader() {
        out.arrayHeader(2).bulk(new byte[] {'a'}).nullBulk().arrayHeader(0);
        assertEquals("*2\r\n$1\r\na\r\n$-1\r\n*0\r\n", text(out));
    }

    @Test
    void shouldRejectNegativeArrayCount() {
        assertThrows(IllegalArgumentException.class, () -> out.arrayHeader(-1));
    }

    @Test
    void shouldGrowPastInitialCapacity() {
        final RespWriter small = new RespWriter(16, 64);
        final byte[] big = new byte[1000];
        small.simple("OK").bulk(big).integer(7);
        assertEquals("+OK\r\n".length() + "$1000\r\n".length() + 1000 + 2 + ":7\r\n".length(), small.length());
        assertEquals(":7\r\n", new String(small.buffer(), small.length() - 4, 4, StandardCharsets.US_ASCII));
    }

    @Test
    void shouldKeepArrayWhenClearedUnlessPastRetainedCapacity() {
        final RespWriter writer = new RespWriter(16, 64);
        writer.bulk(new byte[20]);
        final byte[] kept = writer.buffer();
        writer.clear();
        assertEquals(0, writer.length());
        assertSame(kept, writer.buffer());
        writer.bulk(new byte[100]);
        writer.clear();
        assertEquals(16, writer.buffer().length);
    }

    @Test
    void shouldRejectCapacitiesOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> new RespWriter(8, 64));
        assertThrows(IllegalArgumentException.class, () -> new RespWriter(64, 32));
    }

    private static String text(final RespWriter w) {
        return new String(w.toByteArray(), StandardCharsets.ISO_8859_1);
    }
}
