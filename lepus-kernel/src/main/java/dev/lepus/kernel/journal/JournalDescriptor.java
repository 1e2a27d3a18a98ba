package dev.lepus.kernel.journal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The journal's on-disk layout: every offset, size and magic number of a segment file and of a record, in one place.
 * All multi-byte fields are little-endian. docs/journal.md ("On-disk format") says the same in prose.
 *
 * <p>Thread contract: constants and pure functions; threadsafe (the {@link CRC32C} a method takes belongs to the
 * caller).
 *
 * <p>A segment file is a header, then records back to back, each starting at an offset that is a multiple of
 * {@value #RECORD_ALIGNMENT}. A closed segment ends at the end of its last record; a segment still being written (or
 * left by a crash) is {@code segmentBytes} long and its unwritten tail is zeros.
 *
 * <pre>
 * Segment header, {@value #SEGMENT_HEADER_LENGTH} bytes:
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |               magic "LEPJ" (bytes 4C 45 50 4A)                |  0
 *  +-------------------------------+-------------------------------+
 *  |      format version (1)       |     header length (64)        |  4
 *  +-------------------------------+-------------------------------+
 *  |                         kernel index                          |  8
 *  +---------------------------------------------------------------+
 *  |                         reserved (0)                          | 12
 *  +---------------------------------------------------------------+
 *  |                 segment index (0, 1, 2, ...)                  | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |            first record index (of the kernel's journal)       | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                     reserved (0), 28 bytes                    | 32
 *  |                              ...                              |
 *  +---------------------------------------------------------------+
 *  |                  CRC32C of bytes 0..59                        | 60
 *  +---------------------------------------------------------------+
 *
 * Record, RECORD_HEADER_LENGTH (36) + payload bytes, zero-padded to a multiple of 8:
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-------------------------------+---------------+---------------+
 *  |   sync 0x4A52 (bytes 52 4A)   |     kind      |  flags (0)    |  0
 *  +-------------------------------+---------------+---------------+
 *  |                    payload length (bytes)                     |  4
 *  +---------------------------------------------------------------+
 *  |                 record index (of the kernel's journal)        |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                         component id                          | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                 sequence number (per component)               | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |     CRC32C of bytes 0..31, then 36..end (payload + padding)   | 32
 *  +---------------------------------------------------------------+
 *  |                          payload ...                          | 36
 *  +---------------------------------------------------------------+
 *  |                zero padding to a multiple of 8                |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * <p>Bytes 0..7 of a record (sync, kind, flags, length) are its publication word: the writer stores it last, with
 * release semantics, so a reader of a live segment sees either zeros there (end of the written data) or a whole record.
 * A record's first word is never zero (the sync marker is not), which is how a reader tells the end of the written data
 * (a zero word at a record boundary) from a record.
 */
public final class JournalDescriptor {

    /** Segment magic, "LEPJ" as it appears in the file, read as a little-endian int. */
    public static final int SEGMENT_MAGIC = 0x4A50454C;
    /** The format version this code writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Segment header length in bytes. */
    public static final int SEGMENT_HEADER_LENGTH = 64;
    /** Offset of the magic. */
    public static final int MAGIC_OFFSET = 0;
    /** Offset of the format version (u16). */
    public static final int VERSION_OFFSET = 4;
    /** Offset of the header length (u16). */
    public static final int HEADER_LENGTH_OFFSET = 6;
    /** Offset of the kernel index (i32). */
    public static final int KERNEL_OFFSET = 8;
    /** Offset of the segment index (i64). */
    public static final int SEGMENT_INDEX_OFFSET = 16;
    /** Offset of the first record index (i64). */
    public static final int FIRST_RECORD_INDEX_OFFSET = 24;
    /** Offset of the header's CRC32C (u32), over bytes 0..59. */
    public static final int HEADER_CRC_OFFSET = 60;

    /** Record sync marker (u16): bytes 52 4A ("RJ") in the file. */
    public static final int RECORD_SYNC = 0x4A52;
    /** Records start at offsets that are multiples of this. */
    public static final int RECORD_ALIGNMENT = 8;
    /** Record header length in bytes; the payload follows. */
    public static final int RECORD_HEADER_LENGTH = 36;
    /** Offset of the sync marker (u16). */
    public static final int SYNC_OFFSET = 0;
    /** Offset of the kind (u8). */
    public static final int KIND_OFFSET = 2;
    /** Offset of the flags (u8, 0 in version 1). */
    public static final int FLAGS_OFFSET = 3;
    /** Offset of the payload length (i32). */
    public static final int LENGTH_OFFSET = 4;
    /** Offset of the record index (i64). */
    public static final int INDEX_OFFSET = 8;
    /** Offset of the component id (i64). */
    public static final int COMPONENT_OFFSET = 16;
    /** Offset of the sequence number (i64). */
    public static final int SEQ_OFFSET = 24;
    /** Offset of the record's CRC32C (u32). */
    public static final int CRC_OFFSET = 32;
    /** Offset of the payload. */
    public static final int PAYLOAD_OFFSET = 36;
    /** The smallest record: a header and an empty payload, padded. */
    public static final int MIN_RECORD_LENGTH = 40;

    /** Segment file name suffix. */
    public static final String SEGMENT_SUFFIX = ".seg";
    /** Kernel folder name prefix: {@code kernel-<k>}. */
    public static final String KERNEL_DIR_PREFIX = "kernel-";

    private JournalDescriptor() {
    }

    static {
        // Alignment checks (STYLE rule 10): records and every 8-byte field of both headers are 8-aligned.
        if (SEGMENT_HEADER_LENGTH % RECORD_ALIGNMENT != 0 || MIN_RECORD_LENGTH % RECORD_ALIGNMENT != 0
            || INDEX_OFFSET % 8 != 0 || COMPONENT_OFFSET % 8 != 0 || SEQ_OFFSET % 8 != 0
            || SEGMENT_INDEX_OFFSET % 8 != 0 || FIRST_RECORD_INDEX_OFFSET % 8 != 0
            || Integer.bitCount(SEGMENT_HEADER_LENGTH) != 1 || Integer.bitCount(RECORD_ALIGNMENT) != 1) {
            throw new ExceptionInInitializerError("journal layout constants are misaligned");
        }
    }

    /**
     * The bytes a record takes in a segment.
     *
     * @param payloadLength the payload length, 0..2^31-64
     * @return header + payload, rounded up to a multiple of {@value #RECORD_ALIGNMENT}
     */
    public static int recordLength(final int payloadLength) {
        return (RECORD_HEADER_LENGTH + payloadLength + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }

    /**
     * The record's publication word (bytes 0..7) as a little-endian long.
     *
     * @param kind the kind, 0..255
     * @param payloadLength the payload length
     * @return the word; never 0
     */
    public static long word0(final int kind, final int payloadLength) {
        return RECORD_SYNC | (long) kind << 16 | (long) payloadLength << 32;
    }

    /**
     * The name of the segment file whose first record has this index: 20 digits, zero-padded, so names sort in order.
     *
     * @param firstRecordIndex the index of the segment's first record
     * @return the file name
     */
    public static String segmentFileName(final long firstRecordIndex) {
        return String.format("%020d%s", firstRecordIndex, SEGMENT_SUFFIX);
    }

    /**
     * @param name a file name
     * @return true if it is a segment file name
     */
    static boolean isSegmentFileName(final String name) {
        if (name.length() != 20 + SEGMENT_SUFFIX.length() || !name.endsWith(SEGMENT_SUFFIX)) {
            return false;
        }
        for (int i = 0; i < 20; i++) {
            if (name.charAt(i) < '0' || name.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * @param kernel a kernel index
     * @return the name of its folder
     */
    public static String kernelDirName(final int kernel) {
        return KERNEL_DIR_PREFIX + kernel;
    }

    /**
     * Writes a segment header at offset 0 of a little-endian buffer of at least {@value #SEGMENT_HEADER_LENGTH}
     * bytes whose header bytes are zero.
     *
     * @param buffer the buffer (absolute writes; its position and limit are not used)
     * @param kernel the kernel index
     * @param segmentIndex the segment index
     * @param firstRecordIndex the index of the segment's first record
     * @param crc a checksum to use
     */
    static void writeSegmentHeader(final ByteBuffer buffer, final int kernel, final long segmentIndex,
                                   final long firstRecordIndex, final CRC32C crc) {
        assert buffer.order() == ByteOrder.LITTLE_ENDIAN;
        buffer.putInt(MAGIC_OFFSET, SEGMENT_MAGIC);
        buffer.putShort(VERSION_OFFSET, (short) FORMAT_VERSION);
        buffer.putShort(HEADER_LENGTH_OFFSET, (short) SEGMENT_HEADER_LENGTH);
        buffer.putInt(KERNEL_OFFSET, kernel);
        buffer.putLong(SEGMENT_INDEX_OFFSET, segmentIndex);
        buffer.putLong(FIRST_RECORD_INDEX_OFFSET, firstRecordIndex);
        buffer.putInt(HEADER_CRC_OFFSET, headerCrc(buffer, crc));
    }

    /**
     * @param buffer a buffer holding a segment header at offset 0
     * @param crc a checksum to use
     * @return the CRC32C of bytes 0..59
     */
    static int headerCrc(final ByteBuffer buffer, final CRC32C crc) {
        crc.reset();
        final ByteBuffer view = buffer.duplicate();
        view.limit(HEADER_CRC_OFFSET).position(0);
        crc.update(view);
        return (int) crc.getValue();
    }
}
