package dev.lepus.kernel.codec;

/**
 * The wire format of the codec: tags and limits. An encoding is one tagged value and nothing after it.
 *
 * <pre>
 * value        = tag:u8 payload                       (payload by tag, below)
 * varint       = unsigned LEB128, 7 bits a byte, low group first, minimal (no 0x80..0x80 0x00 tail)
 * zigzag(v)    = (v &lt;&lt; 1) ^ (v &gt;&gt; 63), then varint (int: &gt;&gt; 31, at most 5 bytes; long: at most 10)
 *
 *  tag  name            payload
 *  0x00 NULL            -
 *  0x01 FALSE           -
 *  0x02 TRUE            -
 *  0x03 BYTE            u8
 *  0x04 SHORT           zigzag
 *  0x05 CHAR            varint (0..0xFFFF)
 *  0x06 INT             zigzag
 *  0x07 LONG            zigzag
 *  0x08 FLOAT           floatToIntBits, 4 bytes little-endian (NaN only as 0x7fc00000)
 *  0x09 DOUBLE          doubleToLongBits, 8 bytes little-endian (NaN only as 0x7ff8000000000000)
 *  0x0A STRING          varint n, n bytes UTF-8 (a lone surrogate as its 3-byte form, WTF-8)
 *  0x0B BIG_INTEGER     varint n (&gt;= 1), n bytes two's complement big-endian, minimal (toByteArray)
 *  0x0C BIG_DECIMAL     zigzag scale, then unscaled value as BIG_INTEGER's payload
 *  0x0D UUID            16 bytes big-endian: most significant long, least significant long
 *  0x0E DURATION        zigzag seconds, varint nanos (0..999_999_999)
 *  0x0F INSTANT         zigzag epoch seconds, varint nanos (0..999_999_999)
 *  0x10 LOCAL_DATE      zigzag epoch day
 *  0x11 LOCAL_DATE_TIME zigzag epoch day, varint nano of day
 *  0x12 CAP             varint id (64 bits, from CapResolver.idOf)
 *  0x13 LIST            varint count, count values
 *  0x14 SET             varint count, count values, no NULL, strictly ascending by encoded bytes
 *  0x15 MAP             varint count, count (key value) pairs, no NULL, keys strictly ascending by encoded bytes
 *  0x16 ENUM            type id: 4 bytes little-endian, varint ordinal
 *  0x17 RECORD          type id: 4 bytes little-endian, then each component in declaration order:
 *                         boolean 1 byte (0 or 1), byte 1 byte, short/int/long zigzag, char varint,
 *                         float 4 bytes, double 8 bytes (as FLOAT, DOUBLE above); any other type a tagged value
 *  0x18 BYTES           varint n, n bytes (a dev.lepus.api.Bytes)
 * </pre>
 *
 * <p>"Ascending by encoded bytes" compares unsigned bytes lexicographically. Encodings are self-delimiting (no
 * encoding is a prefix of another), so ordering map entries by their whole bytes orders them by their keys.
 *
 * <p>A type id is the CRC32C of the type's binary name ({@link Class#getName()}) in UTF-8, as a signed int.
 *
 * <p>Thread contract: constants only.
 */
public final class CodecDescriptor {

    /** Null reference. */
    public static final int NULL = 0x00;
    /** Boolean false. */
    public static final int FALSE = 0x01;
    /** Boolean true. */
    public static final int TRUE = 0x02;
    /** A {@code Byte}. */
    public static final int BYTE = 0x03;
    /** A {@code Short}. */
    public static final int SHORT = 0x04;
    /** A {@code Character}. */
    public static final int CHAR = 0x05;
    /** An {@code Integer}. */
    public static final int INT = 0x06;
    /** A {@code Long}. */
    public static final int LONG = 0x07;
    /** A {@code Float}. */
    public static final int FLOAT = 0x08;
    /** A {@code Double}. */
    public static final int DOUBLE = 0x09;
    /** A {@code String}. */
    public static final int STRING = 0x0A;
    /** A {@code BigInteger}. */
    public static final int BIG_INTEGER = 0x0B;
    /** A {@code BigDecimal}. */
    public static final int BIG_DECIMAL = 0x0C;
    /** A {@code UUID}. */
    public static final int UUID = 0x0D;
    /** A {@code Duration}. */
    public static final int DURATION = 0x0E;
    /** An {@code Instant}. */
    public static final int INSTANT = 0x0F;
    /** A {@code LocalDate}. */
    public static final int LOCAL_DATE = 0x10;
    /** A {@code LocalDateTime}. */
    public static final int LOCAL_DATE_TIME = 0x11;
    /** A cap, by its resolver number. */
    public static final int CAP = 0x12;
    /** A {@code List}. */
    public static final int LIST = 0x13;
    /** A {@code Set}, sorted. */
    public static final int SET = 0x14;
    /** A {@code Map}, sorted by key. */
    public static final int MAP = 0x15;
    /** An enum constant of a registered enum. */
    public static final int ENUM = 0x16;
    /** A registered record. */
    public static final int RECORD = 0x17;
    /** A {@code dev.lepus.api.Bytes}: varint n, n bytes. */
    public static final int BYTES = 0x18;
    /** One past the largest tag. */
    public static final int TAG_LIMIT = 0x19;

    /** Deepest nesting of records and collections, the top-level value counting as 1. */
    public static final int MAX_DEPTH = 64;

    /** Bytes of a type id. */
    public static final int TYPE_ID_LENGTH = 4;

    private CodecDescriptor() {
    }

    /**
     * The name of a tag, for messages.
     *
     * @param tag a tag byte, 0..255
     * @return its name, or {@code 0x..} if it is not a tag
     */
    public static String tagName(final int tag) {
        return switch (tag) {
            case NULL -> "NULL";
            case FALSE -> "FALSE";
            case TRUE -> "TRUE";
            case BYTE -> "BYTE";
            case SHORT -> "SHORT";
            case CHAR -> "CHAR";
            case INT -> "INT";
            case LONG -> "LONG";
            case FLOAT -> "FLOAT";
            case DOUBLE -> "DOUBLE";
            case STRING -> "STRING";
            case BIG_INTEGER -> "BIG_INTEGER";
            case BIG_DECIMAL -> "BIG_DECIMAL";
            case UUID -> "UUID";
            case DURATION -> "DURATION";
            case INSTANT -> "INSTANT";
            case LOCAL_DATE -> "LOCAL_DATE";
            case LOCAL_DATE_TIME -> "LOCAL_DATE_TIME";
            case CAP -> "CAP";
            case LIST -> "LIST";
            case SET -> "SET";
            case MAP -> "MAP";
            case ENUM -> "ENUM";
            case RECORD -> "RECORD";
            case BYTES -> "BYTES";
            default -> String.format("0x%02x", tag);
        };
    }
}
