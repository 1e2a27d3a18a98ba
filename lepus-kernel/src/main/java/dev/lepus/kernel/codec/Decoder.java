package dev.lepus.kernel.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.lepus.api.Cap;

import static dev.lepus.kernel.codec.CodecDescriptor.MAX_DEPTH;

/**
 * One decode: a cursor over the bytes of one encoding. Every read checks the bytes left first, every count is
 * checked against them before anything is allocated, and only canonical forms are accepted (see
 * {@link CodecDescriptor}), so any input ends in a value or a {@link CodecException}, in time linear in its length.
 *
 * <p>Thread contract: not threadsafe; one per decode call, used by the calling thread only.
 */
final class Decoder {

    private static final long NANOS_PER_DAY = 86_400_000_000_000L;
    private static final int NANOS_PER_SECOND = 1_000_000_000;

    private final Codec codec;
    private final byte[] src;
    /** Index of the encoding's first byte; error offsets count from here. */
    private final int base;
    private final int end;
    private final CapResolver caps;
    private int pos;

    Decoder(final Codec codec, final byte[] src, final int off, final int len, final CapResolver caps) {
        this.codec = codec;
        this.src = src;
        this.base = off;
        this.pos = off;
        this.end = off + len;
        this.caps = caps;
    }

    Object readTop() {
        final Object v = readValue(Shape.ANY, 1);
        if (pos != end) {
            throw error((end - pos) + " trailing bytes after the value", pos);
        }
        return v;
    }

    private CodecException error(final String what, final int at) {
        return new CodecException(what, at - base);
    }

    private void need(final int n, final int at) {
        if (n > end - pos) {
            throw error("truncated: " + n + " bytes needed, " + (end - pos) + " left", at);
        }
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Scalars

    private int readU8() {
        need(1, pos);
        return src[pos++] & 0xFF;
    }

    /** Unsigned LEB128, minimal, at most 32 bits. */
    private int readVarInt() {
        final int start = pos;
        final byte[] a = src;
        int p = pos;
        if (p < end && a[p] >= 0) {
            pos = p + 1;
            return a[p];
        }
        int result = 0;
        for (int shift = 0; ; shift += 7) {
            if (p >= end) {
                throw error("truncated varint", start);
            }
            final int b = a[p++];
            if (shift == 28 && (b & 0xF0) != 0) {
                throw error("varint exceeds 32 bits", start);
            }
            result |= (b & 0x7F) << shift;
            if (b >= 0) {
                if (b == 0) {
                    throw error("overlong varint", start);
                }
                pos = p;
                return result;
            }
        }
    }

    /** Unsigned LEB128, minimal, at most 64 bits. */
    private long readVarLong() {
        final int start = pos;
        final byte[] a = src;
        int p = pos;
        if (p < end && a[p] >= 0) {
            pos = p + 1;
            return a[p];
        }
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            if (p >= end) {
                throw error("truncated varint", start);
            }
            final int b = a[p++];
            if (shift == 63 && (b & 0xFE) != 0) {
                throw error("varint exceeds 64 bits", start);
            }
            result |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                if (b == 0) {
                    throw error("overlong varint", start);
                }
                pos = p;
                return result;
            }
        }
    }

    private int readZigzagInt() {
        final int v = readVarInt();
        return (v >>> 1) ^ -(v & 1);
    }

    private long readZigzagLong() {
        final long v = readVarLong();
        return (v >>> 1) ^ -(v & 1);
    }

    /** A count or length: a varint no larger than the bytes left, so nothing is allocated for bytes not there. */
    private int readLength(final String what, final int perItem) {
        final int at = pos;
        final int n = readVarInt();
        if (n < 0 || (long) n * perItem > end - pos) {
            throw error(what + " " + Integer.toUnsignedString(n) + " exceeds the " + (end - pos) + " bytes left", at);
        }
        return n;
    }

    private int readIntLE() {
        need(4, pos);
        final int v = (int) CodecBuffer.INT_LE.get(src, pos);
        pos += 4;
        return v;
    }

    private short readShort() {
        final int at = pos;
        final int v = readZigzagInt();
        if (v != (short) v) {
            throw error("short out of range: " + v, at);
        }
        return (short) v;
    }

    private char readChar() {
        final int at = pos;
        final int v = readVarInt();
        if ((v & ~0xFFFF) != 0) {
            throw error("char out of range: " + Integer.toUnsignedString(v), at);
        }
        return (char) v;
    }

    private boolean readBoolean() {
        final int at = pos;
        final int b = readU8();
        if (b > 1) {
            throw error("boolean byte is " + b + ", not 0 or 1", at);
        }
        return b == 1;
    }

    private float readFloat() {
        final int at = pos;
        final int bits = readIntLE();
        final float f = Float.intBitsToFloat(bits);
        if (f != f && bits != 0x7fc00000) {
            throw error("non-canonical float NaN", at);
        }
        return f;
    }

    private double readDouble() {
        need(8, pos);
        final long bits = (long) CodecBuffer.LONG_LE.get(src, pos);
        final double d = Double.longBitsToDouble(bits);
        if (d != d && bits != 0x7ff8000000000000L) {
            throw error("non-canonical double NaN", pos);
        }
        pos += 8;
        return d;
    }

    private String readString() {
        final int n = readLength("string length", 1);
        final int p = pos;
        pos = p + n;
        return Wtf8.read(src, p, n, base);
    }

    private BigInteger readBigInteger() {
        final int at = pos;
        final int n = readLength("big integer length", 1);
        if (n == 0) {
            throw error("big integer of no bytes", at);
        }
        final BigInteger v = new BigInteger(src, pos, n);
        if (v.bitLength() / 8 + 1 != n) {
            throw error("big integer not in its shortest form", at);
        }
        pos += n;
        return v;
    }

    private int readNanos(final int limit) {
        final int at = pos;
        final int n = readVarInt();
        if (n < 0 || n >= limit) {
            throw error("nanos out of range: " + Integer.toUnsignedString(n), at);
        }
        return n;
    }

    private Cap<?> readCap(final int at) {
        final long id = readVarLong();
        if (caps == null) {
            throw error("the value holds a cap, but no CapResolver was given", at);
        }
        final Cap<?> cap;
        try {
            cap = caps.capOf(id);
        } catch (final RuntimeException e) {
            throw new CodecException("the CapResolver failed on cap id " + Long.toUnsignedString(id), at - base, e);
        }
        if (cap == null) {
            throw error("the CapResolver has no cap for id " + Long.toUnsignedString(id), at);
        }
        return cap;
    }

    // ----------------------------------------------------------------------------------------------------------------
    // Values

    /**
     * Reads one tagged value.
     *
     * @param shape what the position may hold
     * @param depth the nesting this value has if it is a record or collection
     */
    private Object readValue(final Shape shape, final int depth) {
        final int at = pos;
        final int tag = readU8();
        final Object v;
        try {
            v = switch (tag) {
                case CodecDescriptor.NULL -> null;
                case CodecDescriptor.FALSE -> Boolean.FALSE;
                case CodecDescriptor.TRUE -> Boolean.TRUE;
                case CodecDescriptor.BYTE -> (byte) readU8();
                case CodecDescriptor.SHORT -> readShort();
                case CodecDescriptor.CHAR -> readChar();
                case CodecDescriptor.INT -> readZigzagInt();
                case CodecDescriptor.LONG -> readZigzagLong();
                case CodecDescriptor.FLOAT -> readFloat();
                case CodecDescriptor.DOUBLE -> readDouble();
                case CodecDescriptor.STRING -> readString();
                case CodecDescriptor.BYTES -> {
                    final int n = readLength("bytes length", 1);
                    final int p = pos;
                    pos = p + n;
                    yield dev.lepus.api.Bytes.of(src, p, n);
                }
                case CodecDescriptor.BIG_INTEGER -> readBigInteger();
                case CodecDescriptor.BIG_DECIMAL -> {
                    final int scale = readZigzagInt();
                    yield new BigDecimal(readBigInteger(), scale);
                }
                case CodecDescriptor.UUID -> {
                    need(16, pos);
                    final long msb = (long) CodecBuffer.LONG_BE.get(src, pos);
                    final long lsb = (long) CodecBuffer.LONG_BE.get(src, pos + 8);
                    pos += 16;
                    yield new UUID(msb, lsb);
                }
                case CodecDescriptor.DURATION -> {
                    final long s = readZigzagLong();
                    yield Duration.ofSeconds(s, readNanos(NANOS_PER_SECOND));
                }
                case CodecDescriptor.INSTANT -> {
                    final long s = readZigzagLong();
                    yield Instant.ofEpochSecond(s, readNanos(NANOS_PER_SECOND));
                }
                case CodecDescriptor.LOCAL_DATE -> LocalDate.ofEpochDay(readZigzagLong());
                case CodecDescriptor.LOCAL_DATE_TIME -> {
                    final LocalDate d = LocalDate.ofEpochDay(readZigzagLong());
                    final int nat = pos;
                    final long nanos = readVarLong();
                    if (nanos < 0 || nanos >= NANOS_PER_DAY) {
                        throw error("nano of day out of range: " + Long.toUnsignedString(nanos), nat);
                    }
                    yield LocalDateTime.of(d, LocalTime.ofNanoOfDay(nanos));
                }
                case CodecDescriptor.CAP -> readCap(at);
                case CodecDescriptor.LIST -> readList(shape, depth, at);
                case CodecDescriptor.SET -> readSet(shape, depth, at);
                case CodecDescriptor.MAP -> readMap(shape, depth, at);
                case CodecDescriptor.ENUM -> readEnum(at);
                case CodecDescriptor.RECORD -> readRecord(depth, at);
                default -> throw error("unknown tag " + CodecDescriptor.tagName(tag), at);
            };
        } catch (final DateTimeException | ArithmeticException e) {
            throw new CodecException(CodecDescriptor.tagName(tag) + " out of range", at - base, e);
        }
        if (v != null && !shape.accepts(v)) {
            throw error("a " + v.getClass().getName() + " where a " + shape.name() + " is declared", at);
        }
        return v;
    }

    private void checkDepth(final int depth, final int at) {
        if (depth > MAX_DEPTH) {
            throw error("nesting deeper than " + MAX_DEPTH, at);
        }
    }

    private Object readEnum(final int at) {
        final int id = readIntLE();
        final TypeEntry t = codec.byId(id);
        if (t == null || t.tag != CodecDescriptor.ENUM) {
            throw error("unknown enum type id " + String.format("0x%08x", id), at);
        }
        final int oat = pos;
        final int ordinal = readVarInt();
        if (ordinal < 0 || ordinal >= t.constants.length) {
            throw error("bad ordinal " + Integer.toUnsignedString(ordinal) + " for " + t.type.getName() + " ("
                + t.constants.length + " constants)", oat);
        }
        return t.constants[ordinal];
    }

    private Object readRecord(final int depth, final int at) {
        checkDepth(depth, at);
        final int id = readIntLE();
        final TypeEntry t = codec.byId(id);
        if (t == null || t.tag != CodecDescriptor.RECORD) {
            throw error("unknown record type id " + String.format("0x%08x", id), at);
        }
        final Component[] cs = t.components;
        final Object[] args = new Object[cs.length];
        for (int i = 0; i < cs.length; i++) {
            final Component c = cs[i];
            args[i] = switch (c.kind) {
                case Component.K_BOOLEAN -> readBoolean();
                case Component.K_BYTE -> (byte) readU8();
                case Component.K_SHORT -> readShort();
                case Component.K_CHAR -> readChar();
                case Component.K_INT -> readZigzagInt();
                case Component.K_LONG -> readZigzagLong();
                case Component.K_FLOAT -> readFloat();
                case Component.K_DOUBLE -> readDouble();
                default -> readValue(c.shape, depth + 1);
            };
        }
        try {
            return (Object) t.constructor.invokeExact(args);
        } catch (final RuntimeException e) {
            throw new CodecException("the constructor of " + t.type.getName() + " refused its arguments", at - base, e);
        } catch (final Error e) {
            throw e;
        } catch (final Throwable e) {
            throw new CodecException("the constructor of " + t.type.getName() + " threw", at - base, e);
        }
    }

    private Object readList(final Shape shape, final int depth, final int at) {
        checkDepth(depth, at);
        final int n = readLength("list count", 1);
        final Shape element = shape.element();
        final Object[] a = new Object[n];
        boolean nulls = false;
        for (int i = 0; i < n; i++) {
            final Object e = readValue(element, depth + 1);
            nulls |= e == null;
            a[i] = e;
        }
        // Stream.toList is the JDK's immutable list that allows nulls, as a message may hold.
        return nulls ? Arrays.stream(a).toList() : List.of(a);
    }

    private Object readSet(final Shape shape, final int depth, final int at) {
        checkDepth(depth, at);
        final int n = readLength("set count", 1);
        final Shape element = shape.element();
        final Object[] a = new Object[n];
        int prev = -1;
        int prevEnd = -1;
        for (int i = 0; i < n; i++) {
            final int s = pos;
            final Object e = readValue(element, depth + 1);
            if (e == null) {
                throw error("null in a set", s);
            }
            if (prev >= 0 && Arrays.compareUnsigned(src, prev, prevEnd, src, s, pos) >= 0) {
                throw error("set element not after the previous one in byte order", s);
            }
            prev = s;
            prevEnd = pos;
            a[i] = e;
        }
        try {
            return Set.of(a);
        } catch (final IllegalArgumentException e) {
            throw new CodecException("a set holds two equal elements", at - base, e);
        }
    }

    private Object readMap(final Shape shape, final int depth, final int at) {
        checkDepth(depth, at);
        final int n = readLength("map count", 2);
        final Shape keyShape = shape.element();
        final Shape valueShape = shape.value();
        final Map.Entry<?, ?>[] a = new Map.Entry<?, ?>[n];
        int prev = -1;
        int prevEnd = -1;
        for (int i = 0; i < n; i++) {
            final int s = pos;
            final Object k = readValue(keyShape, depth + 1);
            if (k == null) {
                throw error("null key in a map", s);
            }
            if (prev >= 0 && Arrays.compareUnsigned(src, prev, prevEnd, src, s, pos) >= 0) {
                throw error("map key not after the previous one in byte order", s);
            }
            prev = s;
            prevEnd = pos;
            final int vs = pos;
            final Object v = readValue(valueShape, depth + 1);
            if (v == null) {
                throw error("null value in a map", vs);
            }
            a[i] = Map.entry(k, v);
        }
        try {
            return Map.ofEntries(a);
        } catch (final IllegalArgumentException e) {
            throw new CodecException("a map holds two equal keys", at - base, e);
        }
    }
}
