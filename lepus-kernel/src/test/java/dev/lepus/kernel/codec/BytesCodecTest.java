package dev.lepus.kernel.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import dev.lepus.api.Bytes;

/** Binary data in messages: {@link Bytes} alone and inside a record, and a truncated encoding refused. */
class BytesCodecTest {

    /** A message with binary data. */
    record Chunk(String path, long offset, Bytes data) {
    }

    @Test
    void shouldRoundTripBytesAloneAndInARecord() {
        final Codec codec = Codec.builder().register(Chunk.class).build();
        final Bytes data = Bytes.of(new byte[] {0, 1, -1, 127, -128});
        assertEquals(data, codec.decode(codec.encodeToArray(data)));
        final Chunk c = new Chunk("/a", 7, data);
        final byte[] encoded = codec.encodeToArray(c);
        assertEquals(c, codec.decode(encoded));
        assertArrayEquals(encoded, codec.encodeToArray(codec.decode(encoded)), "canonical");
        assertEquals(Bytes.EMPTY, codec.decode(codec.encodeToArray(Bytes.EMPTY)));
        final byte[] cut = java.util.Arrays.copyOf(encoded, encoded.length - 2);
        assertThrows(CodecException.class, () -> codec.decode(cut));
    }
}
