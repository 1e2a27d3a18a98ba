package dev.lepus.examples.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class Crc16Test {

    @Test
    void shouldGiveXmodemCheckValue() {
        final byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x31C3, Crc16.of(check, 0, check.length));
    }

    @Test
    void shouldGiveZeroForNoBytes() {
        assertEquals(0, Crc16.of(new byte[0], 0, 0));
    }

    @Test
    void shouldChecksumRangeOfArray() {
        final byte[] padded = "xx123456789yy".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x31C3, Crc16.of(padded, 2, 9));
    }
}
