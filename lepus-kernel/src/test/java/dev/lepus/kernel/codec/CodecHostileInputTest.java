package dev.lepus.kernel.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.lepus.api.Cap;
import dev.lepus.kernel.codec.Messages.Boxes;
import dev.lepus.kernel.codec.Messages.Circle;
import dev.lepus.kernel.codec.Messages.Colls;
import dev.lepus.kernel.codec.Messages.Color;
import dev.lepus.kernel.codec.Messages.Group;
import dev.lepus.kernel.codec.Messages.Holder;
import dev.lepus.kernel.codec.Messages.Item;
import dev.lepus.kernel.codec.Messages.Nothing;
import dev.lepus.kernel.codec.Messages.Prims;
import dev.lepus.kernel.codec.Messages.Square;
import dev.lepus.kernel.codec.Messages.Tree;
import dev.lepus.kernel.codec.Messages.Values;

/**
 * Decoding untrusted bytes: every input gives a value or a {@link CodecException}, never another exception, never a
 * hang, never an instance of an unregistered class; and a value decoded from any input re-encodes to that input.
 */
class CodecHostileInputTest {

    private static final Codec CODEC = Messages.codec();

    private static final List<Object> SAMPLES = List.of(
        new Item(1234567, "k\u00e9y", -3),
        new Prims(true, (byte) -2, (short) 300, '\u4e16', -70000, Long.MIN_VALUE, 1.5f, Double.NaN),
        new Boxes(false, (byte) 1, null, 'c', 9, null, -0.0f, 3.25),
        new Values("\ud83d\ude00x\ud800", new BigInteger("-98765432109876543210"), new BigDecimal("12.3400"),
            new UUID(123, -456), Duration.ofSeconds(-5, 7), Instant.ofEpochSecond(-99, 1), LocalDate.of(1999, 12, 31),
            LocalDateTime.of(2000, 1, 1, 0, 0, 0, 1)),
        new Colls(List.of("a", "b"), Set.of(1, 2, 300), Map.of("m", new Item(1, "x", 2), "n", new Item(3, null, 4)),
            List.of(List.of(Nothing.NONE), List.of(new Circle(2))), Map.of(Color.BLUE, Set.of("q", "r"))),
        new Tree("root", List.of(new Tree("a", List.of()), new Tree("b", List.of(new Tree("c", List.of()))))),
        new Holder(new Group("g", List.of(new Square(1, Color.GREEN), Nothing.NONE)), Color.RED,
            new Item(-1, "", 0)),
        Map.of(1, "one", 2, "two"));

    /** Decodes and checks the outcome: a CodecException, or a value of allowed classes that re-encodes to input. */
    private static void probe(final byte[] input) {
        final Object v;
        try {
            v = CODEC.decode(input);
        } catch (final CodecException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= input.length, e::getMessage);
            return;
        } catch (final RuntimeException e) {
            throw new AssertionError("not a CodecException for " + Arrays.toString(input), e);
        }
        checkClasses(v);
        assertArrayEquals(input, CODEC.encodeToArray(v), () -> "decoded " + v + " does not re-encode to its input");
    }

    private static void checkClasses(final Object v) {
        if (v instanceof dev.lepus.api.Bytes) {
            return; // a fixed value type of the API, like the JDK's below
        }
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean
            || v instanceof Character || v instanceof UUID || v instanceof Duration || v instanceof Instant
            || v instanceof LocalDate || v instanceof LocalDateTime || v instanceof Cap<?>) {
            assertTrue(v == null || v.getClass().getName().startsWith("java."), () -> v.getClass().getName());
            return;
        }
        final Class<?> type = v.getClass();
        if (v instanceof Collection<?> c) {
            assertTrue(type.getName().startsWith("java.util.ImmutableCollections$"), type::getName);
            c.forEach(CodecHostileInputTest::checkClasses);
            return;
        }
        if (v instanceof Map<?, ?> m) {
            assertTrue(type.getName().startsWith("java.util.ImmutableCollections$"), type::getName);
            m.forEach((k, x) -> {
                checkClasses(k);
                checkClasses(x);
            });
            return;
        }
        final Class<?> declared = v instanceof Enum<?> e ? e.getDeclaringClass() : type;
        assertTrue(CODEC.isRegistered(declared), declared::getName);
    }

    @Test
    void shouldSurviveEveryTruncationOfValidEncodings() {
        for (final Object sample : SAMPLES) {
            final byte[] b = CODEC.encodeToArray(sample);
            for (int len = 0; len < b.length; len++) {
                final byte[] cut = Arrays.copyOf(b, len);
                assertThrows(CodecException.class, () -> CODEC.decode(cut), () -> "truncation to " + cut.length);
            }
        }
    }

    @Test
    void shouldSurviveEverySingleBitFlipOfValidEncodings() {
        for (final Object sample : SAMPLES) {
            final byte[] b = CODEC.encodeToArray(sample);
            for (int bit = 0; bit < b.length * 8; bit++) {
                final byte[] flipped = b.clone();
                flipped[bit >> 3] ^= (byte) (1 << (bit & 7));
                probe(flipped);
            }
        }
    }

    @Test
    void shouldSurviveTrailingGarbage() {
        final byte[] b = CODEC.encodeToArray(new Item(1, "a", 2));
        final byte[] longer = Arrays.copyOf(b, b.length + 1);
        final CodecException e = assertThrows(CodecException.class, () -> CODEC.decode(longer));
        assertEquals(b.length, e.offset());
        assertTrue(e.getMessage().contains("trailing"), e::getMessage);
    }

    @Test
    void shouldSurviveRandomBytes() {
        final SplittableRandom random = new SplittableRandom(20_251_123);
        for (int i = 0; i < 200_000; i++) {
            final byte[] b = new byte[1 + random.nextInt(40)];
            for (int j = 0; j < b.length; j++) {
                b[j] = (byte) random.nextInt(256);
            }
            // Bias towards valid-looking heads: a known tag first.
            if (random.nextBoolean()) {
                b[0] = (byte) random.nextInt(CodecDescriptor.TAG_LIMIT);
            }
            probe(b);
        }
    }

    @Test
    void shouldSurviveRandomSplicesOfValidEncodings() {
        final SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 50_000; i++) {
            final byte[] a = CODEC.encodeToArray(SAMPLES.get(random.nextInt(SAMPLES.size())));
            final byte[] b = CODEC.encodeToArray(SAMPLES.get(random.nextInt(SAMPLES.size())));
            final int cut = random.nextInt(a.length);
            final int from = random.nextInt(b.length);
            final byte[] spliced = new byte[cut + b.length - from];
            System.arraycopy(a, 0, spliced, 0, cut);
            System.arraycopy(b, from, spliced, cut, b.length - from);
            probe(spliced);
        }
    }

    @Test
    void shouldNameTheOffsetOfAnUnknownTypeId() {
        final byte[] b = CODEC.encodeToArray(new Holder(null, null, new Item(1, "a", 2)));
        // Holder: RECORD(1) id(4) NULL(1) NULL(1), then Item's RECORD tag at byte 7 and its id at 8..11.
        assertEquals(CodecDescriptor.RECORD, b[7]);
        b[8] ^= 0x55;
        final CodecException e = assertThrows(CodecException.class, () -> CODEC.decode(b));
        assertEquals(7, e.offset());
        assertTrue(e.getMessage().matches("unknown record type id 0x[0-9a-f]{8} at byte 7"), e::getMessage);
    }

    @Test
    void shouldRefuseWhatIsNotCanonical() {
        expectError(new byte[] {CodecDescriptor.INT, (byte) 0x80, 0x00}, "overlong varint", 1);
        expectError(new byte[] {CodecDescriptor.INT, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x1f},
            "varint exceeds 32 bits", 1);
        expectError(new byte[] {CodecDescriptor.STRING, 0x02, (byte) 0xc0, (byte) 0x80}, "malformed UTF-8", 2);
        expectError(new byte[] {CodecDescriptor.STRING, 0x06, (byte) 0xed, (byte) 0xa0, (byte) 0x80, (byte) 0xed,
            (byte) 0xb0, (byte) 0x80}, "malformed UTF-8", 5);
        expectError(new byte[] {CodecDescriptor.STRING, 0x05, 0x61}, "string length 5 exceeds the 1 bytes left", 1);
        expectError(new byte[] {CodecDescriptor.BIG_INTEGER, 0x02, 0x00, 0x01}, "shortest form", 1);
        expectError(new byte[] {CodecDescriptor.DOUBLE, 1, 0, 0, 0, 0, 0, (byte) 0xf0, 0x7f},
            "non-canonical double NaN", 1);
        expectError(new byte[] {CodecDescriptor.SET, 0x02, CodecDescriptor.INT, 0x04, CodecDescriptor.INT, 0x02},
            "set element not after the previous one", 4);
        expectError(new byte[] {CodecDescriptor.SET, 0x02, CodecDescriptor.INT, 0x02, CodecDescriptor.INT, 0x02},
            "set element not after the previous one", 4);
        expectError(new byte[] {CodecDescriptor.SET, 0x01, CodecDescriptor.NULL}, "null in a set", 2);
        expectError(new byte[] {CodecDescriptor.LIST, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07},
            "list count 2147483647 exceeds", 1);
        expectError(new byte[] {CodecDescriptor.TAG_LIMIT}, "unknown tag 0x19", 0);
        expectError(new byte[] {CodecDescriptor.LOCAL_DATE, (byte) 0xfe, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01}, "LOCAL_DATE out of range", 0);
        expectError(new byte[] {CodecDescriptor.DURATION, 0x00, (byte) 0x80, (byte) 0x94, (byte) 0xeb, (byte) 0xdc,
            0x03}, "nanos out of range", 2);
        expectError(new byte[] {CodecDescriptor.CAP, 0x01}, "no CapResolver", 0);
        final byte[] color = CODEC.encodeToArray(Color.BLUE);
        color[color.length - 1] = 3;
        expectError(color, "bad ordinal 3", 5);
        final byte[] prims = CODEC.encodeToArray(new Prims(true, (byte) 0, (short) 0, 'a', 0, 0, 0, 0));
        prims[5] = 2;
        expectError(prims, "boolean byte is 2", 5);
    }

    @Test
    void shouldRefuseNestingDeeperThanTheLimit() {
        final byte[] b = new byte[200];
        for (int i = 0; i < 199; i += 2) {
            b[i] = CodecDescriptor.LIST;
            b[i + 1] = 1;
        }
        expectError(b, "nesting deeper than 64", 128);
    }

    @Test
    void shouldRefuseAValueOfTheWrongDeclaredType() {
        final byte[] good = CODEC.encodeToArray(new Item(1, "a", 2));
        // Replace the key's STRING "a" (0a 01 61) by INT 1 (06 02) and a filler the record then lacks.
        final byte[] bad = {good[0], good[1], good[2], good[3], good[4], good[5], CodecDescriptor.INT, 0x02, 0x04};
        expectError(bad, "a java.lang.Integer where a java.lang.String is declared", 6);
    }

    private static void expectError(final byte[] input, final String what, final int offset) {
        try {
            final Object v = CODEC.decode(input);
            fail("decoded " + v + " from " + Arrays.toString(input));
        } catch (final CodecException e) {
            assertTrue(e.getMessage().contains(what), () -> "'" + e.getMessage() + "' lacks '" + what + "'");
            assertEquals(offset, e.offset(), e::getMessage);
        }
    }
}
