package dev.lepus.kernel.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.lepus.kernel.codec.Messages.Boxes;
import dev.lepus.kernel.codec.Messages.Circle;
import dev.lepus.kernel.codec.Messages.Colls;
import dev.lepus.kernel.codec.Messages.Color;
import dev.lepus.kernel.codec.Messages.Figure;
import dev.lepus.kernel.codec.Messages.Group;
import dev.lepus.kernel.codec.Messages.Holder;
import dev.lepus.kernel.codec.Messages.Item;
import dev.lepus.kernel.codec.Messages.Nothing;
import dev.lepus.kernel.codec.Messages.Prims;
import dev.lepus.kernel.codec.Messages.Square;
import dev.lepus.kernel.codec.Messages.Tree;
import dev.lepus.kernel.codec.Messages.Validated;
import dev.lepus.kernel.codec.Messages.Values;

/** The codec: round trips of every kind, canonical bytes, the wire format, registration and encode errors. */
class CodecTest {

    private static final Codec CODEC = Messages.codec();

    /** Encodes, decodes, checks equality and that re-encoding gives the same bytes; returns the bytes. */
    static byte[] roundTrip(final Object value) {
        final byte[] b = CODEC.encodeToArray(value);
        final Object back = CODEC.decode(b);
        assertEquals(value, back, () -> "round trip of " + value);
        assertArrayEquals(b, CODEC.encodeToArray(back), () -> "re-encoding of " + value);
        return b;
    }

    @Test
    void shouldRoundTripSmallRecord() {
        roundTrip(new Item(42, "key", -7));
        roundTrip(new Item(Long.MIN_VALUE, "", Integer.MAX_VALUE));
        roundTrip(new Item(0, null, 0));
    }

    @Test
    void shouldRoundTripPrimitivesAtTheirExtremes() {
        roundTrip(new Prims(true, Byte.MIN_VALUE, Short.MIN_VALUE, Character.MIN_VALUE, Integer.MIN_VALUE,
            Long.MIN_VALUE, -Float.MAX_VALUE, -Double.MAX_VALUE));
        roundTrip(new Prims(false, Byte.MAX_VALUE, Short.MAX_VALUE, Character.MAX_VALUE, Integer.MAX_VALUE,
            Long.MAX_VALUE, Float.MIN_VALUE, Double.MIN_VALUE));
        roundTrip(new Prims(false, (byte) 0, (short) -1, '\u00e9', -1, -1L, Float.NaN, Double.NaN));
        roundTrip(new Prims(true, (byte) 1, (short) 1, 'x', 1, 1L, Float.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY));
    }

    @Test
    void shouldKeepNegativeZeroDistinctFromZero() {
        final byte[] neg = roundTrip(new Prims(false, (byte) 0, (short) 0, 'a', 0, 0, -0.0f, -0.0));
        final byte[] pos = roundTrip(new Prims(false, (byte) 0, (short) 0, 'a', 0, 0, 0.0f, 0.0));
        assertFalse(Arrays.equals(neg, pos));
        assertNotEquals(CODEC.decode(neg), CODEC.decode(pos));
        assertEquals(-0.0, CODEC.decode(CODEC.encodeToArray(-0.0)));
    }

    @Test
    void shouldWriteEveryNaNAsTheCanonicalNaN() {
        final double odd = Double.longBitsToDouble(0x7ff0000000000001L);
        final float oddF = Float.intBitsToFloat(0xffc00001);
        assertArrayEquals(CODEC.encodeToArray(Double.NaN), CODEC.encodeToArray(odd));
        assertArrayEquals(CODEC.encodeToArray(Float.NaN), CODEC.encodeToArray(oddF));
        assertArrayEquals(CODEC.encodeToArray(new Circle(Double.NaN)), CODEC.encodeToArray(new Circle(odd)));
    }

    @Test
    void shouldRoundTripBoxesAndNulls() {
        roundTrip(new Boxes(true, (byte) -1, (short) 300, '\uffff', -5, Long.MAX_VALUE, Float.NaN, -0.0));
        roundTrip(new Boxes(null, null, null, null, null, null, null, null));
    }

    @Test
    void shouldRoundTripFixedValueTypes() {
        roundTrip(new Values("h\u00e9llo \u4e16\u754c \ud83d\ude00", new BigInteger("-123456789012345678901234567890"),
            new BigDecimal("-0.000123456789012345678901234567890"), UUID.randomUUID(), Duration.ofNanos(-1),
            Instant.MIN, LocalDate.MIN, LocalDateTime.MAX));
        roundTrip(new Values("", BigInteger.ZERO, new BigDecimal("1.00"), new UUID(0, 0), Duration.ZERO,
            Instant.MAX, LocalDate.MAX, LocalDateTime.MIN));
        roundTrip(new Values(null, BigInteger.ONE.shiftLeft(1000).negate(), BigDecimal.valueOf(1, -50),
            new UUID(-1, -1), Duration.ofSeconds(Long.MIN_VALUE), Instant.EPOCH, LocalDate.EPOCH, null));
        assertNotEquals(Arrays.toString(CODEC.encodeToArray(new BigDecimal("1.0"))),
            Arrays.toString(CODEC.encodeToArray(new BigDecimal("1.00"))));
    }

    @Test
    void shouldRoundTripTopLevelFixedValues() {
        for (final Object v : List.of("text", 1, -1L, (short) 2, (byte) 3, 'c', 1.5f, 2.5, true, false,
            BigInteger.TEN, BigDecimal.ONE, new UUID(1, 2), Duration.ofDays(1), Instant.ofEpochSecond(1, 2),
            LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 23, 59, 59, 999_999_999))) {
            roundTrip(v);
        }
        assertEquals(null, CODEC.decode(CODEC.encodeToArray(null)));
        assertArrayEquals(new byte[] {CodecDescriptor.NULL}, CODEC.encodeToArray(null));
    }

    @Test
    void shouldRoundTripUnicodeAndLoneSurrogates() {
        final StringBuilder all = new StringBuilder();
        for (int cp = 0; cp < 0x11_0000; cp += 37) {
            if (cp < Character.MIN_SURROGATE || cp > Character.MAX_SURROGATE) {
                all.appendCodePoint(cp);
            }
        }
        all.appendCodePoint(Character.MAX_CODE_POINT);
        roundTrip(all.toString());
        for (final String s : List.of("\ud800", "\udfff", "a\ud800b", "\udc00\ud800", "\ud800\ud800\udc00",
            "x".repeat(42), "\u20ac".repeat(42), "\u20ac".repeat(43), "y".repeat(1000), "\u0800".repeat(5000))) {
            roundTrip(s);
        }
        // Well-formed text is plain UTF-8.
        final String text = "gr\u00fc\u00df \u4e16 \ud83d\ude00";
        final byte[] b = CODEC.encodeToArray(text);
        final byte[] utf8 = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertArrayEquals(utf8, Arrays.copyOfRange(b, 2, b.length));
    }

    @Test
    void shouldRoundTripEnumsAndSealedHierarchies() {
        for (final Color c : Color.values()) {
            roundTrip(c);
        }
        roundTrip(Nothing.NONE);
        roundTrip(new Holder(new Square(2.5f, Color.GREEN), Color.GREEN, new Item(1, "a", 2)));
        roundTrip(new Holder(Nothing.NONE, null, null));
        roundTrip(new Group("g", List.of(new Circle(1), Nothing.NONE,
            new Group("inner", List.of(new Square(-0.0f, Color.BLUE))))));
    }

    @Test
    void shouldRoundTripCollections() {
        roundTrip(new Colls(List.of(), Set.of(), Map.of(), List.of(), Map.of()));
        roundTrip(new Colls(List.of("a", "b", "a"), Set.of(3, 1, 2, -7), Map.of("x", new Item(1, "i", 2), "y",
            new Item(2, null, 3)), List.of(List.of(), List.of(Nothing.NONE, new Circle(0.5))),
            Map.of(Color.RED, Set.of("r", "rr"), Color.BLUE, Set.of())));
        roundTrip(new Colls(null, null, null, null, null));
        roundTrip(List.of(1, "two", 3.0, List.of(), Set.of(List.of()), Map.of(1, 2)));
        roundTrip(Map.of(List.of(1, 2), Set.of("x"), List.of(2), Set.of()));
    }

    @Test
    void shouldRoundTripListsWithNullsAsImmutableLists() {
        final List<String> withNull = Stream.of("a", null, "b").toList();
        final Object back = CODEC.decode(roundTrip(withNull));
        assertTrue(back.getClass().getName().startsWith("java.util.ImmutableCollections$"));
        assertThrows(UnsupportedOperationException.class, () -> ((List<?>) back).clear());
    }

    @Test
    void shouldDecodeImmutableCollections() {
        final Colls c = (Colls) CODEC.decode(CODEC.encodeToArray(new Colls(new ArrayList<>(List.of("a")),
            new HashSet<>(Set.of(1)), new HashMap<>(Map.of("k", new Item(1, "v", 1))), List.of(), Map.of())));
        for (final Object o : List.of(c.list(), c.set(), c.map())) {
            assertTrue(o.getClass().getName().startsWith("java.util.ImmutableCollections$"), o.getClass()::getName);
        }
    }

    @Test
    void shouldRoundTripDeepRecursiveRecords() {
        Tree t = new Tree("leaf", List.of());
        for (int i = 0; i < 30; i++) {
            t = new Tree("n" + i, List.of(t, new Tree("side", List.of())));
        }
        roundTrip(t);
    }

    @Test
    void shouldRoundTripPrivateNestedRecord() {
        roundTrip(Messages.hidden(7, "seven"));
        assertTrue(CODEC.isRegistered(Messages.hiddenClass()));
    }

    @Test
    void shouldEncodeSetsTheSameWhateverTheirInsertionOrder() {
        final List<String> words = IntStream.range(0, 200).mapToObj(i -> "w" + i * 7919 % 1000).toList();
        final List<String> reversed = new ArrayList<>(words);
        Collections.reverse(reversed);
        final byte[] a = CODEC.encodeToArray(Set.copyOf(words));
        assertArrayEquals(a, CODEC.encodeToArray(Set.copyOf(reversed)));
        assertArrayEquals(a, CODEC.encodeToArray(new LinkedHashSet<>(reversed)));
        assertArrayEquals(a, CODEC.encodeToArray(new TreeSet<>(words)));
        assertArrayEquals(a, CODEC.encodeToArray(new HashSet<>(words)));
        assertArrayEquals(CODEC.encodeToArray(Set.of(3, 1, 2)), CODEC.encodeToArray(Set.of(2, 3, 1)));
    }

    @Test
    void shouldEncodeMapsTheSameWhateverTheirInsertionOrder() {
        final Map<String, Integer> forward = new LinkedHashMap<>();
        final Map<String, Integer> backward = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            forward.put("k" + i, i);
            backward.put("k" + (99 - i), 99 - i);
        }
        final byte[] a = CODEC.encodeToArray(Map.copyOf(forward));
        assertArrayEquals(a, CODEC.encodeToArray(forward));
        assertArrayEquals(a, CODEC.encodeToArray(backward));
        assertArrayEquals(a, CODEC.encodeToArray(new TreeMap<>(forward)));
        final Colls one = new Colls(List.of(), Set.of(1, 2, 3), Map.of("a", new Item(1, "a", 1), "b",
            new Item(2, "b", 2)), List.of(), Map.of(Color.RED, Set.of("x", "y"), Color.GREEN, Set.of("z")));
        final Colls two = new Colls(List.of(), Set.of(3, 2, 1), Map.of("b", new Item(2, "b", 2), "a",
            new Item(1, "a", 1)), List.of(), Map.of(Color.GREEN, Set.of("z"), Color.RED, Set.of("y", "x")));
        assertArrayEquals(CODEC.encodeToArray(one), CODEC.encodeToArray(two));
    }

    @Test
    void shouldWriteSetElementsInUnsignedByteOrder() {
        // 'a' < 'b' < 'z' < U+00E9 (0xC3 0xA9, above 0x7F unsigned): the strings, not their chars, decide.
        final byte[] b = CODEC.encodeToArray(Set.of("z", "\u00e9", "a", "b"));
        assertEquals("1404" + "0a0161" + "0a0162" + "0a017a" + "0a02c3a9", HexFormat.of().formatHex(b));
    }

    @Test
    void shouldWriteTheDocumentedBytesForASmallRecord() {
        final int id = Codec.typeId(Item.class);
        final String idHex = HexFormat.of().formatHex(new byte[] {(byte) id, (byte) (id >> 8), (byte) (id >> 16),
            (byte) (id >> 24)});
        // RECORD, id LE, zigzag(150) = 300 = ac 02, STRING len 2 "hi", zigzag(-1) = 1
        assertEquals("17" + idHex + "ac02" + "0a026869" + "01",
            HexFormat.of().formatHex(CODEC.encodeToArray(new Item(150, "hi", -1))));
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update("dev.lepus.kernel.codec.Messages$Item".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals((int) crc.getValue(), id);
    }

    @Test
    void shouldEncodeSetsIdenticallyInAnotherJvm() throws IOException, InterruptedException {
        // Set.of and Map.of iterate in an order salted per JVM: a second JVM must still write the same bytes.
        final String here = HexFormat.of().formatHex(CODEC.encodeToArray(CanonicalMain.value()));
        final Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        final Process p = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
            CanonicalMain.class.getName()).redirectErrorStream(true).start();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InputStream in = p.getInputStream()) {
            in.transferTo(out);
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(here, out.toString().trim());
    }

    /** Prints the hex encoding of {@link #value()}: run by {@link #shouldEncodeSetsIdenticallyInAnotherJvm}. */
    static final class CanonicalMain {
        static Object value() {
            final Set<String> words = new HashSet<>();
            for (int i = 0; i < 64; i++) {
                words.add("word" + i);
            }
            return Map.of("words", Set.copyOf(words), "nums", Set.of(1, 2, 3, 4, 5, 6, 7, 8, 9),
                "colors", Set.of(Color.RED, Color.GREEN, Color.BLUE));
        }

        public static void main(final String[] args) {
            System.out.println(HexFormat.of().formatHex(Messages.codec().encodeToArray(value())));
        }
    }

    @Test
    void shouldAppendToAReusedBufferWithoutGrowing() {
        final CodecBuffer out = new CodecBuffer();
        final Item item = new Item(1, "key", 2);
        final int n = CODEC.encode(item, null, out);
        assertEquals(n, out.length());
        final byte[] array = out.array();
        final int m = CODEC.encode(item, null, out);
        assertEquals(n, m);
        assertEquals(2 * n, out.length());
        assertTrue(array == out.array());
        assertEquals(item, CODEC.decode(out.array(), n, n, null));
        out.clear();
        assertEquals(0, out.length());
    }

    @Test
    void shouldLeaveTheBufferAsItWasWhenEncodingFails() {
        final CodecBuffer out = new CodecBuffer(4);
        CODEC.encode("before", null, out);
        final int len = out.length();
        final CodecException e = assertThrows(CodecException.class,
            () -> CODEC.encode(List.of("a".repeat(100), new StringBuilder()), null, out));
        assertTrue(e.getMessage().contains("java.lang.StringBuilder is not an encodable type"), e::getMessage);
        assertEquals(len, out.length());
        assertEquals(104, e.offset());
        assertEquals("before", CODEC.decode(out.array(), 0, len, null));
    }

    @Test
    void shouldRefuseUnregisteredTypes() {
        final Codec small = Codec.builder().register(Item.class).build();
        final CodecException e = assertThrows(CodecException.class,
            () -> small.encodeToArray(new Circle(1)));
        assertTrue(e.getMessage().contains(Circle.class.getName() + " is not registered"), e::getMessage);
        final byte[] circle = CODEC.encodeToArray(new Circle(1));
        final CodecException d = assertThrows(CodecException.class, () -> small.decode(circle));
        assertTrue(d.getMessage().contains("unknown record type id"), d::getMessage);
        assertTrue(d.getMessage().endsWith("at byte 0"), d::getMessage);
    }

    @Test
    void shouldRegisterNestedTypesAndPermittedSubclasses() {
        final Codec c = Codec.builder().register(Holder.class).build();
        for (final Class<?> t : List.of(Holder.class, Circle.class, Square.class, Nothing.class, Group.class,
            Color.class, Item.class)) {
            assertTrue(c.isRegistered(t), t::getName);
        }
        assertTrue(c.isRegistered(Color.GREEN.getClass()), "an enum constant with a body");
        assertFalse(c.isRegistered(Tree.class));
        assertFalse(c.isRegistered(String.class));
    }

    @Test
    void shouldRefuseUnencodableTypesAtRegistration() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> Codec.builder().register(Messages.Bad.class));
        assertTrue(e.getMessage().contains("Bad.sb has type java.lang.StringBuilder"), e::getMessage);
        assertThrows(IllegalArgumentException.class, () -> Codec.builder().register(Runnable.class));
        assertThrows(IllegalArgumentException.class, () -> Codec.builder().register(int[].class));
    }

    @Test
    void shouldRefuseTypeIdCollisionsAtRegistration() {
        final Codec.Builder b = new Codec.Builder(t -> 42).register(Item.class);
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> b.register(Circle.class));
        assertTrue(e.getMessage().contains("type ids collide"), e::getMessage);
        assertTrue(e.getMessage().contains(Item.class.getName()), e::getMessage);
    }

    @Test
    void shouldRefuseNestingDeeperThanTheLimit() {
        Object v = "x";
        for (int i = 0; i < CodecDescriptor.MAX_DEPTH; i++) {
            v = List.of(v);
        }
        roundTrip(v);
        final Object deeper = List.of(v);
        final CodecException e = assertThrows(CodecException.class, () -> CODEC.encodeToArray(deeper));
        assertTrue(e.getMessage().contains("nesting deeper than 64"), e::getMessage);
    }

    @Test
    void shouldRefuseElementsOfTheWrongDeclaredType() {
        @SuppressWarnings("unchecked")
        final List<String> polluted = (List<String>) (List<?>) List.of(1);
        final CodecException e = assertThrows(CodecException.class,
            () -> CODEC.encodeToArray(new Colls(polluted, Set.of(), Map.of(), List.of(), Map.of())));
        assertTrue(e.getMessage().contains("a java.lang.Integer where a java.lang.String is declared"),
            e::getMessage);
    }

    @Test
    void shouldRefuseNullsInSetsAndMaps() {
        final Set<String> set = new HashSet<>();
        set.add(null);
        assertThrows(CodecException.class, () -> CODEC.encodeToArray(set));
        final Map<String, String> map = new HashMap<>();
        map.put("k", null);
        assertThrows(CodecException.class, () -> CODEC.encodeToArray(map));
    }

    @Test
    void shouldReportAConstructorThatRefusesItsArguments() {
        final byte[] b = CODEC.encodeToArray(new Validated(5));
        b[b.length - 1] = 0x13; // zigzag(-10)
        final CodecException e = assertThrows(CodecException.class, () -> CODEC.decode(b));
        assertTrue(e.getMessage().contains("constructor of " + Validated.class.getName()), e::getMessage);
        assertTrue(e.getCause() instanceof IllegalArgumentException);
    }

    @Test
    void shouldGiveStableTypeIds() {
        assertEquals(Codec.typeId(Figure.class), Codec.typeId(Figure.class));
        assertNotEquals(Codec.typeId(Circle.class), Codec.typeId(Square.class));
    }
}
