package dev.lepus.examples.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AsciiLongTest {

    private final AsciiLong number = new AsciiLong();

    @ParameterizedTest
    @ValueSource(longs = {0, 1, -1, 9, 10, -10, 123456789, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1})
    void shouldParseWhatItFormats(final long v) {
        final byte[] text = AsciiLong.bytes(v);
        assertArrayEquals(Long.toString(v).getBytes(StandardCharsets.US_ASCII), text);
        assertEquals(text.length, AsciiLong.length(v));
        assertTrue(number.parse(text));
        assertEquals(v, number.value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", "+1", "01", "-0", "00", " 1", "1 ", "1a", "9223372036854775808",
        "-9223372036854775809", "99999999999999999999", "1.0", "0x1"})
    void shouldRejectWhatRedisRejects(final String text) {
        assertFalse(number.parse(text.getBytes(StandardCharsets.US_ASCII)), text);
    }

    @Test
    void shouldParseRangeOfArray() {
        assertTrue(number.parse("x-42y".getBytes(StandardCharsets.US_ASCII), 1, 3));
        assertEquals(-42, number.value());
    }

    @Test
    void shouldWriteAtOffset() {
        final byte[] dst = "..........".getBytes(StandardCharsets.US_ASCII);
        assertEquals(5, AsciiLong.write(-305, dst, 1));
        assertEquals(".-305.....", new String(dst, StandardCharsets.US_ASCII));
    }
}
