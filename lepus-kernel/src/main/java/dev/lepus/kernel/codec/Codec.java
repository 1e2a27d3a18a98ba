package dev.lepus.kernel.codec;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.UUID;
import java.util.function.ToIntFunction;
import java.util.zip.CRC32C;

import dev.lepus.api.Cap;

import static dev.lepus.kernel.codec.CodecDescriptor.MAX_DEPTH;

/**
 * The canonical message codec: encodes a message (a registered record or enum, or a fixed value type, see below) to
 * bytes and back, such that the same value always gives the same bytes, in any JVM run, and decoding gives back an
 * equal value. The journal encodes every message delivered to a component and decodes it on replay in a fresh JVM;
 * equal bytes are also what replay compares.
 *
 * <p>Thread contract: immutable once built and threadsafe: any number of threads may encode and decode at once, each
 * with its own {@link CodecBuffer}. Build it once (registration spins accessor classes) and share it.
 *
 * <p>What it encodes: {@code null}; primitives and their boxes; {@link String}; {@link BigInteger};
 * {@link BigDecimal}; {@link UUID}; {@link Duration}; {@link Instant}; {@link LocalDate}; {@link LocalDateTime};
 * {@link Cap} (through a {@link CapResolver}); {@link List}, {@link Set} and {@link Map} of such values (decoded as
 * the JDK's immutable collections); and registered records and enums. Registering a record registers the records and
 * enums its components name, and registering a sealed interface registers every permitted subclass. Decoding never
 * creates an instance of any other class: an unregistered type id is an error. Each type's id is the CRC32C of its
 * binary name, so the ids of two builds of the same classes agree, and a collision is an error at registration. The
 * wire format is drawn in {@link CodecDescriptor}; docs/codec.md has the rules.
 *
 * <p>Canonical means: varints are minimal; floating point values are written as {@link Double#doubleToLongBits} (one
 * NaN; -0.0 and 0.0 stay distinct, as their {@code equals} says); set elements and map entries are sorted by their
 * encoded bytes, so the JVM's randomized iteration order of {@code Set.of} and {@code Map.of} never shows; strings
 * have one UTF-8 form. The decoder accepts only canonical encodings, so {@code encode(decode(b))} equals {@code b}.
 *
 * <p>Why hand-written: the well-kept serializers on Maven Central (Apache Fory, Kryo) are fast and can require
 * registration, but none promises canonical bytes: they write sets and maps in iteration order, which
 * {@code Set.of} and {@code Map.of} randomize per JVM, and their registered ids follow registration order rather
 * than the type. Neither has a hook to write a cap as a number a replay can map back, without registering a
 * serializer per cap class whose output is again ours. Neither is a dependency of this build.
 * What we need is small: a closed set of immutable value types, records through their canonical constructors, and
 * one sort for sets and maps.
 *
 * <p>Performance: encoding a small record into a reused buffer allocates nothing; per-record accessors are spun at
 * registration (see {@link Component}) and primitive components are never boxed on encode. Decoding allocates the
 * value, its strings, and one argument array per record (primitive arguments boxed for the constructor handle).
 */
public final class Codec {

    private static final Map<Class<?>, TypeEntry> FIXED;

    static {
        final Map<Class<?>, TypeEntry> m = new HashMap<>();
        m.put(Boolean.class, TypeEntry.fixed(CodecDescriptor.TRUE, Boolean.class));
        m.put(Byte.class, TypeEntry.fixed(CodecDescriptor.BYTE, Byte.class));
        m.put(Short.class, TypeEntry.fixed(CodecDescriptor.SHORT, Short.class));
        m.put(Character.class, TypeEntry.fixed(CodecDescriptor.CHAR, Character.class));
        m.put(Integer.class, TypeEntry.fixed(CodecDescriptor.INT, Integer.class));
        m.put(Long.class, TypeEntry.fixed(CodecDescriptor.LONG, Long.class));
        m.put(Float.class, TypeEntry.fixed(CodecDescriptor.FLOAT, Float.class));
        m.put(Double.class, TypeEntry.fixed(CodecDescriptor.DOUBLE, Double.class));
        m.put(String.class, TypeEntry.fixed(CodecDescriptor.STRING, String.class));
        m.put(BigInteger.class, TypeEntry.fixed(CodecDescriptor.BIG_INTEGER, BigInteger.class));
        m.put(BigDecimal.class, TypeEntry.fixed(CodecDescriptor.BIG_DECIMAL, BigDecimal.class));
        m.put(UUID.class, TypeEntry.fixed(CodecDescriptor.UUID, UUID.class));
        m.put(Duration.class, TypeEntry.fixed(CodecDescriptor.DURATION, Duration.class));
        m.put(Instant.class, TypeEntry.fixed(CodecDescriptor.INSTANT, Instant.class));
        m.put(LocalDate.class, TypeEntry.fixed(CodecDescriptor.LOCAL_DATE, LocalDate.class));
        m.put(LocalDateTime.class, TypeEntry.fixed(CodecDescriptor.LOCAL_DATE_TIME, LocalDateTime.class));
        m.put(Cap.class, TypeEntry.fixed(CodecDescriptor.CAP, Cap.class));
        m.put(dev.lepus.api.Bytes.class, TypeEntry.fixed(CodecDescriptor.BYTES, dev.lepus.api.Bytes.class));
        FIXED = Map.copyOf(m);
    }

    private static final TypeEntry LIST = TypeEntry.fixed(CodecDescriptor.LIST, List.class);
    private static final TypeEntry SET = TypeEntry.fixed(CodecDescriptor.SET, Set.class);
    private static final TypeEntry MAP = TypeEntry.fixed(CodecDescriptor.MAP, Map.class);

    /** Registered records and enums, by class. */
    private final Map<Class<?>, TypeEntry> registered;
    /** Open-addressing table of registered types by id: keys and values, power-of-two length. */
    private final int[] idKeys;
    private final TypeEntry[] idValues;
    private final int idMask;

    /** The entry for any runtime class, computed once per class. */
    private final ClassValue<TypeEntry> entries = new ClassValue<>() {
        @Override
        protected TypeEntry computeValue(final Class<?> type) {
            return lookup(type);
        }
    };

    private Codec(final Map<Class<?>, TypeEntry> registered) {
        this.registered = Map.copyOf(registered);
        int size = 4;
        while (size < registered.size() * 2) {
            size <<= 1;
        }
        this.idKeys = new int[size];
        this.idValues = new TypeEntry[size];
        this.idMask = size - 1;
        for (final TypeEntry e : registered.values()) {
            int h = mix(e.typeId) & idMask;
            while (idValues[h] != null) {
                h = (h + 1) & idMask;
            }
            idKeys[h] = e.typeId;
            idValues[h] = e;
        }
    }

    /**
     * Starts a registry.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder(Codec::typeId);
    }

    /**
     * The stable type id of a class: the CRC32C of its binary name in UTF-8.
     *
     * @param type a class
     * @return its id
     */
    public static int typeId(final Class<?> type) {
        final CRC32C crc = new CRC32C();
        crc.update(type.getName().getBytes(StandardCharsets.UTF_8));
        return (int) crc.getValue();
    }

    /**
     * Whether a record or enum is registered: values of this exact runtime class encode as a registered type. True
     * for the class of an enum constant with a body too, when its enum is registered.
     *
     * @param type a class
     * @return true if it is a registered record or enum
     */
    public boolean isRegistered(final Class<?> type) {
        final int tag = entries.get(type).tag;
        return tag == CodecDescriptor.RECORD || tag == CodecDescriptor.ENUM;
    }

    /**
     * Appends the encoding of a value to a buffer. Allocates nothing once the buffer is large enough, unless the value
     * holds sets or maps (iterators) or big numbers. On failure the buffer is left as it was.
     *
     * @param value the value, or null
     * @param caps maps caps to numbers; may be null if the value holds no cap
     * @param out the buffer to append to
     * @return the number of bytes appended
     * @throws CodecException if the value holds anything unencodable (an unregistered type, a cap without a resolver,
     *     a set with two elements of one encoding, nesting deeper than {@value CodecDescriptor#MAX_DEPTH}), or an
     *     accessor or the resolver threw
     */
    public int encode(final Object value, final CapResolver caps, final CodecBuffer out) {
        final int start = out.length;
        final int savedBase = out.base;
        final int savedTop = out.spanTop;
        out.base = start;
        try {
            writeValue(out, value, Shape.ANY, caps, 1);
            return out.length - start;
        } catch (final CodecException e) {
            out.length = start;
            throw e;
        } catch (final RuntimeException e) {
            final int at = out.length - start;
            out.length = start;
            throw new CodecException("cannot encode a " + (value == null ? "null" : value.getClass().getName()), at,
                e);
        } finally {
            out.base = savedBase;
            out.spanTop = savedTop;
        }
    }

    /**
     * Encodes a value holding no caps into a new array.
     *
     * @param value the value
     * @return its encoding
     * @throws CodecException as {@link #encode}
     */
    public byte[] encodeToArray(final Object value) {
        return encodeToArray(value, null);
    }

    /**
     * Encodes a value into a new array.
     *
     * @param value the value
     * @param caps maps caps to numbers; may be null if the value holds no cap
     * @return its encoding
     * @throws CodecException as {@link #encode}
     */
    public byte[] encodeToArray(final Object value, final CapResolver caps) {
        final CodecBuffer out = new CodecBuffer(64);
        encode(value, caps, out);
        return out.toByteArray();
    }

    /**
     * Decodes a whole array holding no caps.
     *
     * @param src an encoding
     * @return the value
     * @throws CodecException as {@link #decode(byte[], int, int, CapResolver)}
     */
    public Object decode(final byte[] src) {
        return decode(src, 0, src.length, null);
    }

    /**
     * Decodes one value that fills {@code src[off .. off+len)}.
     *
     * @param src the bytes
     * @param off where the encoding starts
     * @param len its length
     * @param caps maps numbers to caps; may be null if the value holds no cap
     * @return the value; collections in it are immutable
     * @throws CodecException with the offset from {@code off}, if the bytes are not the canonical encoding of a value
     *     (truncated, trailing bytes, unknown type id or tag, bad UTF-8, bad ordinal, too deep, out of order ...), a
     *     record's constructor refused its arguments, or the resolver failed
     * @throws IndexOutOfBoundsException if {@code off} and {@code len} do not lie in {@code src}
     */
    public Object decode(final byte[] src, final int off, final int len, final CapResolver caps) {
        java.util.Objects.checkFromIndexSize(off, len, src.length);
        return new Decoder(this, src, off, len, caps).readTop();
    }

    /** The registered type of an id, or null. */
    TypeEntry byId(final int id) {
        final int[] keys = idKeys;
        final TypeEntry[] values = idValues;
        int h = mix(id) & idMask;
        TypeEntry e;
        while ((e = values[h]) != null) {
            if (keys[h] == id) {
                return e;
            }
            h = (h + 1) & idMask;
        }
        return null;
    }

    private static int mix(final int id) {
        final int h = id * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    private TypeEntry lookup(final Class<?> type) {
        final TypeEntry fixed = FIXED.get(type);
        if (fixed != null) {
            return fixed;
        }
        final TypeEntry reg = registered.get(type);
        if (reg != null) {
            return reg;
        }
        final Class<?> sup = type.getSuperclass();
        if (sup != null && sup.isEnum()) {
            return registered.getOrDefault(sup, TypeEntry.UNSUPPORTED);
        }
        if (List.class.isAssignableFrom(type)) {
            return LIST;
        }
        if (Set.class.isAssignableFrom(type)) {
            return SET;
        }
        if (Map.class.isAssignableFrom(type)) {
            return MAP;
        }
        return TypeEntry.UNSUPPORTED;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Encoding

    private static CodecException encodeError(final CodecBuffer out, final String what) {
        return new CodecException(what, out.length - out.base);
    }

    private void writeValue(final CodecBuffer out, final Object v, final Shape shape, final CapResolver caps,
                            final int depth) {
        if (v == null) {
            out.writeByte(CodecDescriptor.NULL);
            return;
        }
        if (!shape.accepts(v)) {
            throw encodeError(out, "a " + v.getClass().getName() + " where a " + shape.name() + " is declared");
        }
        if (v instanceof String s) {
            out.writeByte(CodecDescriptor.STRING);
            Wtf8.write(out, s);
            return;
        }
        final TypeEntry t = entries.get(v.getClass());
        switch (t.tag) {
            case CodecDescriptor.RECORD -> writeRecord(out, t, v, caps, depth);
            case CodecDescriptor.ENUM -> {
                out.writeTagAndId(CodecDescriptor.ENUM, t.typeId);
                out.writeVarInt(((Enum<?>) v).ordinal());
            }
            case CodecDescriptor.TRUE -> out.writeByte((Boolean) v ? CodecDescriptor.TRUE : CodecDescriptor.FALSE);
            case CodecDescriptor.BYTE -> {
                out.writeByte(CodecDescriptor.BYTE);
                out.writeByte((Byte) v);
            }
            case CodecDescriptor.SHORT -> {
                out.writeByte(CodecDescriptor.SHORT);
                out.writeZigzagInt((Short) v);
            }
            case CodecDescriptor.CHAR -> {
                out.writeByte(CodecDescriptor.CHAR);
                out.writeVarInt((Character) v);
            }
            case CodecDescriptor.INT -> {
                out.writeByte(CodecDescriptor.INT);
                out.writeZigzagInt((Integer) v);
            }
            case CodecDescriptor.LONG -> {
                out.writeByte(CodecDescriptor.LONG);
                out.writeZigzagLong((Long) v);
            }
            case CodecDescriptor.FLOAT -> {
                out.writeByte(CodecDescriptor.FLOAT);
                out.writeIntLE(Float.floatToIntBits((Float) v));
            }
            case CodecDescriptor.DOUBLE -> {
                out.writeByte(CodecDescriptor.DOUBLE);
                out.writeLongLE(Double.doubleToLongBits((Double) v));
            }
            case CodecDescriptor.BIG_INTEGER -> {
                out.writeByte(CodecDescriptor.BIG_INTEGER);
                writeBigInteger(out, (BigInteger) v);
            }
            case CodecDescriptor.BIG_DECIMAL -> {
                final BigDecimal d = (BigDecimal) v;
                out.writeByte(CodecDescriptor.BIG_DECIMAL);
                out.writeZigzagInt(d.scale());
                writeBigInteger(out, d.unscaledValue());
            }
            case CodecDescriptor.BYTES -> {
                final byte[] b = ((dev.lepus.api.Bytes) v).toByteArray();
                out.writeByte(CodecDescriptor.BYTES);
                out.writeVarInt(b.length);
                out.writeBytes(b);
            }
            case CodecDescriptor.UUID -> {
                final UUID u = (UUID) v;
                out.writeByte(CodecDescriptor.UUID);
                out.writeLongBE(u.getMostSignificantBits());
                out.writeLongBE(u.getLeastSignificantBits());
            }
            case CodecDescriptor.DURATION -> {
                final Duration d = (Duration) v;
                out.writeByte(CodecDescriptor.DURATION);
                out.writeZigzagLong(d.getSeconds());
                out.writeVarInt(d.getNano());
            }
            case CodecDescriptor.INSTANT -> {
                final Instant i = (Instant) v;
                out.writeByte(CodecDescriptor.INSTANT);
                out.writeZigzagLong(i.getEpochSecond());
                out.writeVarInt(i.getNano());
            }
            case CodecDescriptor.LOCAL_DATE -> {
                out.writeByte(CodecDescriptor.LOCAL_DATE);
                out.writeZigzagLong(((LocalDate) v).toEpochDay());
            }
            case CodecDescriptor.LOCAL_DATE_TIME -> {
                final LocalDateTime d = (LocalDateTime) v;
                out.writeByte(CodecDescriptor.LOCAL_DATE_TIME);
                out.writeZigzagLong(d.toLocalDate().toEpochDay());
                out.writeVarLong(d.toLocalTime().toNanoOfDay());
            }
            case CodecDescriptor.CAP -> writeCap(out, (Cap<?>) v, caps);
            case CodecDescriptor.LIST -> writeList(out, (List<?>) v, shape, caps, depth);
            case CodecDescriptor.SET -> writeSorted(out, (Set<?>) v, null, shape, caps, depth);
            case CodecDescriptor.MAP -> writeSorted(out, ((Map<?, ?>) v).entrySet(), (Map<?, ?>) v, shape, caps,
                depth);
            default -> throw encodeError(out, v.getClass().getName() + (v.getClass().isRecord()
                || v instanceof Enum<?> ? " is not registered with this codec" : " is not an encodable type"));
        }
    }

    private void writeRecord(final CodecBuffer out, final TypeEntry t, final Object rec, final CapResolver caps,
                             final int depth) {
        if (depth > MAX_DEPTH) {
            throw encodeError(out, "nesting deeper than " + MAX_DEPTH);
        }
        out.writeTagAndId(CodecDescriptor.RECORD, t.typeId);
        for (final Component c : t.components) {
            switch (c.kind) {
                case Component.K_BOOLEAN -> out.writeByte(c.booleanGetter.test(rec) ? 1 : 0);
                case Component.K_BYTE -> out.writeByte(c.intGetter.applyAsInt(rec));
                case Component.K_SHORT, Component.K_INT -> out.writeZigzagInt(c.intGetter.applyAsInt(rec));
                case Component.K_CHAR -> out.writeVarInt(c.intGetter.applyAsInt(rec));
                case Component.K_LONG -> out.writeZigzagLong(c.longGetter.applyAsLong(rec));
                case Component.K_FLOAT -> out.writeIntLE(
                    Float.floatToIntBits((float) c.doubleGetter.applyAsDouble(rec)));
                case Component.K_DOUBLE -> out.writeLongLE(
                    Double.doubleToLongBits(c.doubleGetter.applyAsDouble(rec)));
                default -> writeValue(out, c.refGetter.apply(rec), c.shape, caps, depth + 1);
            }
        }
    }

    private static void writeCap(final CodecBuffer out, final Cap<?> cap, final CapResolver caps) {
        if (caps == null) {
            throw encodeError(out, "the value holds a cap, but no CapResolver was given");
        }
        final long id;
        try {
            id = caps.idOf(cap);
        } catch (final RuntimeException e) {
            throw new CodecException("the CapResolver failed on " + cap, out.length - out.base, e);
        }
        out.writeByte(CodecDescriptor.CAP);
        out.writeVarLong(id);
    }

    private static void writeBigInteger(final CodecBuffer out, final BigInteger v) {
        final byte[] b = v.toByteArray();
        out.writeVarInt(b.length);
        out.writeBytes(b);
    }

    private void writeList(final CodecBuffer out, final List<?> list, final Shape shape, final CapResolver caps,
                           final int depth) {
        if (depth > MAX_DEPTH) {
            throw encodeError(out, "nesting deeper than " + MAX_DEPTH);
        }
        final Shape element = shape.element();
        final int n = list.size();
        out.writeByte(CodecDescriptor.LIST);
        out.writeVarInt(n);
        if (list instanceof RandomAccess) {
            for (int i = 0; i < n; i++) {
                writeValue(out, list.get(i), element, caps, depth + 1);
            }
        } else {
            int count = 0;
            for (final Object e : list) {
                if (++count > n) {
                    break;
                }
                writeValue(out, e, element, caps, depth + 1);
            }
            if (count != n) {
                throw encodeError(out, "the list changed while being encoded");
            }
        }
    }

    /**
     * Writes a set (map == null) or a map's entries, sorted by their encodings: each entry is encoded at the end of the
     * buffer and its span pushed; then the spans are sorted and the bytes put in that order.
     */
    private void writeSorted(final CodecBuffer out, final Collection<?> items, final Map<?, ?> map, final Shape shape,
                             final CapResolver caps, final int depth) {
        if (depth > MAX_DEPTH) {
            throw encodeError(out, "nesting deeper than " + MAX_DEPTH);
        }
        final Shape keyShape = shape.element();
        final Shape valueShape = shape.value();
        final int n = items.size();
        out.writeByte(map == null ? CodecDescriptor.SET : CodecDescriptor.MAP);
        out.writeVarInt(n);
        final int start = out.length;
        final int spanBase = out.spanTop;
        int count = 0;
        for (final Object item : items) {
            if (++count > n) {
                break;
            }
            final int at = out.length;
            if (map == null) {
                if (item == null) {
                    throw encodeError(out, "a set holds null");
                }
                writeValue(out, item, keyShape, caps, depth + 1);
                out.pushSpan(at, out.length - at, out.length - at);
            } else {
                final Map.Entry<?, ?> e = (Map.Entry<?, ?>) item;
                final Object k = e.getKey();
                final Object v = e.getValue();
                if (k == null || v == null) {
                    throw encodeError(out, "a map holds null");
                }
                writeValue(out, k, keyShape, caps, depth + 1);
                final int keyLen = out.length - at;
                writeValue(out, v, valueShape, caps, depth + 1);
                out.pushSpan(at, out.length - at, keyLen);
            }
        }
        if (count != n) {
            throw encodeError(out, (map == null ? "the set" : "the map") + " changed while being encoded");
        }
        if (n > 1) {
            sortSpans(out.array, out.spans, spanBase, n);
            final byte[] a = out.array;
            final int[] s = out.spans;
            for (int i = 1; i < n; i++) {
                final int p = spanBase + 3 * (i - 1);
                final int q = p + 3;
                if (Arrays.equals(a, s[p], s[p] + s[p + 2], a, s[q], s[q] + s[q + 2])) {
                    throw new CodecException(map == null
                        ? "a set holds two elements with one encoding (two caps with one resolver id?)"
                        : "a map holds two keys with one encoding (two caps with one resolver id?)", start - out.base);
                }
            }
            final int total = out.length - start;
            final byte[] scratch = out.scratch(total);
            System.arraycopy(a, start, scratch, 0, total);
            int p = start;
            for (int i = 0; i < n; i++) {
                final int k = spanBase + 3 * i;
                System.arraycopy(scratch, s[k] - start, a, p, s[k + 1]);
                p += s[k + 1];
            }
        }
        out.spanTop = spanBase;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Sorting spans (offset, length, key length) by their key bytes, unsigned lexicographic

    private static int compare(final byte[] a, final int[] s, final int i, final int j) {
        return Arrays.compareUnsigned(a, s[i], s[i] + s[i + 2], a, s[j], s[j] + s[j + 2]);
    }

    private static void swap(final int[] s, final int i, final int j) {
        for (int k = 0; k < 3; k++) {
            final int t = s[i + k];
            s[i + k] = s[j + k];
            s[j + k] = t;
        }
    }

    /** Insertion sort for a few entries, heap sort beyond: no allocation, O(n log n) worst case. */
    static void sortSpans(final byte[] a, final int[] s, final int base, final int n) {
        if (n <= 12) {
            for (int i = 1; i < n; i++) {
                for (int j = i; j > 0 && compare(a, s, base + 3 * (j - 1), base + 3 * j) > 0; j--) {
                    swap(s, base + 3 * (j - 1), base + 3 * j);
                }
            }
            return;
        }
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(a, s, base, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            swap(s, base, base + 3 * end);
            siftDown(a, s, base, 0, end);
        }
    }

    private static void siftDown(final byte[] a, final int[] s, final int base, final int from, final int n) {
        int i = from;
        while (true) {
            final int l = 2 * i + 1;
            if (l >= n) {
                return;
            }
            int big = l;
            if (l + 1 < n && compare(a, s, base + 3 * (l + 1), base + 3 * l) > 0) {
                big = l + 1;
            }
            if (compare(a, s, base + 3 * big, base + 3 * i) <= 0) {
                return;
            }
            swap(s, base + 3 * i, base + 3 * big);
            i = big;
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Registry

    /**
     * Collects the records and enums a codec may encode.
     *
     * <p>Thread contract: not threadsafe; build on one thread, then share the {@link Codec}.
     */
    public static final class Builder {

        private final Map<Class<?>, Boolean> types = new LinkedHashMap<>();
        private final Map<Integer, Class<?>> ids = new HashMap<>();
        private final ToIntFunction<Class<?>> idFunction;

        /** A builder with another id function: for tests of id collisions. */
        Builder(final ToIntFunction<Class<?>> idFunction) {
            this.idFunction = idFunction;
        }

        /**
         * Registers a record or enum, and the records and enums its components name; or a sealed interface and every
         * permitted subclass. Registering a type twice is harmless.
         *
         * @param type a record, an enum, or a sealed interface
         * @return this builder
         * @throws IllegalArgumentException naming the type and component if it or a type it names cannot be encoded,
         *     or if two registered names have one type id
         */
        public Builder register(final Class<?> type) {
            add(type, type.getName());
            return this;
        }

        /**
         * Builds the codec: spins each record's accessors and finds its canonical constructor.
         *
         * @return the codec
         * @throws IllegalArgumentException if a registered record's accessors or constructor cannot be reached
         */
        public Codec build() {
            final Map<Class<?>, TypeEntry> entries = new HashMap<>();
            for (final Class<?> type : types.keySet()) {
                entries.put(type, type.isEnum() ? enumEntry(type) : recordEntry(type));
            }
            return new Codec(entries);
        }

        private void add(final Class<?> type, final String path) {
            if (type.isPrimitive() || FIXED.containsKey(type) || type == List.class || type == Set.class
                || type == Map.class) {
                return;
            }
            final Class<?> sup = type.getSuperclass();
            if (sup != null && sup.isEnum()) {
                add(sup, path);
                return;
            }
            if (type.isEnum() || type.isRecord()) {
                if (types.containsKey(type)) {
                    return;
                }
                final int id = idFunction.applyAsInt(type);
                final Class<?> other = ids.putIfAbsent(id, type);
                if (other != null && other != type) {
                    throw new IllegalArgumentException("type ids collide: " + type.getName() + " and "
                        + other.getName() + " both have id " + String.format("0x%08x", id) + " (CRC32C of the name)");
                }
                types.put(type, Boolean.TRUE);
                if (type.isRecord()) {
                    for (final RecordComponent rc : type.getRecordComponents()) {
                        addGeneric(rc.getGenericType(), path + "." + rc.getName());
                    }
                }
                return;
            }
            if (type.isInterface() && type.isSealed()) {
                for (final Class<?> sub : type.getPermittedSubclasses()) {
                    add(sub, path + " (permits " + sub.getSimpleName() + ")");
                }
                return;
            }
            throw new IllegalArgumentException(path + " has type " + type.getName() + ", which the codec cannot"
                + " encode (records, enums, sealed interfaces of such, immutable values, caps, List, Set, Map)");
        }

        private void addGeneric(final Type type, final String path) {
            if (type instanceof Class<?> c) {
                add(c, path);
            } else if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> raw) {
                if (raw == List.class || raw == Set.class || raw == Map.class) {
                    for (final Type arg : p.getActualTypeArguments()) {
                        addGeneric(arg, path + "<" + arg.getTypeName() + ">");
                    }
                } else {
                    add(raw, path);
                }
            } else {
                throw new IllegalArgumentException(path + " has type " + type.getTypeName() + ", which the codec"
                    + " cannot encode (a type variable or wildcard)");
            }
        }

        private TypeEntry enumEntry(final Class<?> type) {
            return new TypeEntry(CodecDescriptor.ENUM, type, idFunction.applyAsInt(type), null, null,
                type.getEnumConstants());
        }

        private TypeEntry recordEntry(final Class<?> type) {
            MethodHandles.Lookup lookup;
            try {
                lookup = MethodHandles.privateLookupIn(type, MethodHandles.lookup());
            } catch (final IllegalAccessException e) {
                lookup = MethodHandles.publicLookup();
            }
            final RecordComponent[] rcs = type.getRecordComponents();
            final Component[] components = new Component[rcs.length];
            final Class<?>[] params = new Class<?>[rcs.length];
            try {
                for (int i = 0; i < rcs.length; i++) {
                    final MethodHandle accessor = lookup.unreflect(rcs[i].getAccessor());
                    params[i] = rcs[i].getType();
                    components[i] = new Component(lookup, type, accessor,
                        type.getSimpleName() + "." + rcs[i].getName(), shapeOf(rcs[i].getGenericType()));
                }
                final MethodHandle ctor = lookup.findConstructor(type, MethodType.methodType(void.class, params))
                    .asSpreader(Object[].class, params.length)
                    .asType(MethodType.methodType(Object.class, Object[].class));
                return new TypeEntry(CodecDescriptor.RECORD, type, idFunction.applyAsInt(type), components, ctor,
                    null);
            } catch (final ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot reach the accessors or canonical constructor of "
                    + type.getName() + ": open its package to the codec", e);
            }
        }

        private static Shape shapeOf(final Type type) {
            if (type instanceof Class<?> c) {
                return c.isPrimitive() ? null : new Shape(c, null, null);
            }
            final ParameterizedType p = (ParameterizedType) type;
            final Class<?> raw = (Class<?>) p.getRawType();
            final Type[] args = p.getActualTypeArguments();
            if (raw == List.class || raw == Set.class) {
                return new Shape(raw, shapeOf(args[0]), null);
            }
            if (raw == Map.class) {
                return new Shape(raw, shapeOf(args[0]), shapeOf(args[1]));
            }
            return new Shape(raw, null, null);
        }
    }
}
