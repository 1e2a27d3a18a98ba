package dev.lepus.kernel.journal;

import static dev.lepus.kernel.journal.JournalDescriptor.COMPONENT_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.CRC_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.FIRST_RECORD_INDEX_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.FORMAT_VERSION;
import static dev.lepus.kernel.journal.JournalDescriptor.HEADER_CRC_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.HEADER_LENGTH_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.INDEX_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.KERNEL_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.MAGIC_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.MIN_RECORD_LENGTH;
import static dev.lepus.kernel.journal.JournalDescriptor.PAYLOAD_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.RECORD_ALIGNMENT;
import static dev.lepus.kernel.journal.JournalDescriptor.RECORD_SYNC;
import static dev.lepus.kernel.journal.JournalDescriptor.SEGMENT_HEADER_LENGTH;
import static dev.lepus.kernel.journal.JournalDescriptor.SEGMENT_INDEX_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.SEGMENT_MAGIC;
import static dev.lepus.kernel.journal.JournalDescriptor.SEQ_OFFSET;
import static dev.lepus.kernel.journal.JournalDescriptor.VERSION_OFFSET;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Decodes the segments of one kernel's journal, in order, checking everything and reporting every problem as a
 * {@link Corruption}: the one decoder behind {@link JournalReader} and {@link JournalWriter}'s restart scan.
 *
 * <p>Thread contract: not threadsafe; one thread, one kernel, segments fed in file-name order.
 */
/*
 * Recovery rules (docs/journal.md, "Corruption handling"):
 *
 *  - Segment header. Shorter than 64 bytes, bad magic, or bad CRC: reported ("damaged"), and its records are read
 *    anyway (each has its own CRC), assuming it is the segment after the previous one. Valid CRC but another format
 *    version, header length or kernel: reported, and the segment is skipped (its records cannot be trusted to mean
 *    what this code thinks).
 *  - Segment order. A valid header whose segment index is not previous + 1 is a missing segment (reported at the later
 *    segment's offset 0, with the records lost); reading goes on.
 *  - Records. At each record boundary the 8-byte publication word is read. Zero: the end of the written data; if any
 *    byte after it is not zero the tail is reported (an append that never completed, or zeroed data); if a valid record
 *    follows it is reported as a zeroed region and reading resumes there. Otherwise the record must have the sync
 *    marker, flags 0, a length that fits in the file, a matching CRC32C, and an index (not negative) after the
 *    previous record's.
 *    If any check fails, the reader scans forward in steps of 8 bytes for the next offset where all checks pass (the
 *    index check rejects stale copies and record images inside payloads), reports the bad region once (with the
 *    records lost, counted by index), and resumes there; if none is found the rest of the segment is a torn tail.
 *  - Index order. A valid record whose index is more than previous + 1, with no reported problem to explain the gap,
 *    is reported as missing records.
 */
final class SegmentScanner {

    /**
     * Receives each valid record, in order.
     *
     * <p>Thread contract: called on the scanning thread.
     */
    interface RecordVisitor {
        /**
         * One valid record.
         *
         * @param data the segment's bytes (absolute reads only; do not keep)
         * @param offset the record's offset in the segment
         * @param kind the kind
         * @param payloadLength the payload length; the payload is at {@code offset + PAYLOAD_OFFSET}
         * @param index the record index
         * @param componentId the component id
         * @param seq the sequence number
         */
        void onRecord(ByteBuffer data, int offset, int kind, int payloadLength, long index, long componentId, long seq);
    }

    private static final int OK = 0;
    private static final int NO_MARKER = 1;
    private static final int BAD_FLAGS = 2;
    private static final int BAD_LENGTH = 3;
    private static final int TOO_LONG = 4;
    private static final int BAD_CRC = 5;
    private static final int OUT_OF_ORDER = 6;
    private static final int NEGATIVE_INDEX = 7;

    private final int kernel;
    private final Consumer<Corruption> report;
    private final CRC32C crc = new CRC32C();

    /** Index the next record must have at least; -1 while unknown. */
    private long expectedIndex = -1;
    /** A problem reported since the last valid record explains an index gap. */
    private boolean gapExplained;
    /** Index of the previous segment; -1 while unknown. */
    private long previousSegment = -1;

    // Results of the last scan(), for the writer's restart.
    private boolean headerValid;
    private boolean foreign;
    private long segmentIndex;
    private long firstRecordIndex;
    private int validEnd;
    private long lastIndex;

    /**
     * @param kernel the kernel whose segments these are
     * @param report where problems go
     */
    SegmentScanner(final int kernel, final Consumer<Corruption> report) {
        this.kernel = kernel;
        this.report = report;
    }

    /**
     * Scans one segment: header, then records.
     *
     * @param file the file, for reports
     * @param data the whole file, little-endian, from 0 to its limit
     * @param visitor receives the valid records
     */
    void scan(final Path file, final ByteBuffer data, final RecordVisitor visitor) {
        assert data.order() == ByteOrder.LITTLE_ENDIAN;
        validEnd = SEGMENT_HEADER_LENGTH;
        lastIndex = -1;
        firstRecordIndex = -1;
        final int header = checkHeader(file, data);
        foreign = header == HEADER_FOREIGN;
        headerValid = header == HEADER_VALID;
        if (foreign) {
            return;
        }
        if (headerValid) {
            segmentIndex = data.getLong(SEGMENT_INDEX_OFFSET);
            firstRecordIndex = data.getLong(FIRST_RECORD_INDEX_OFFSET);
            checkFileName(file);
            checkSegmentOrder(file);
        } else {
            segmentIndex = previousSegment < 0 ? -1 : previousSegment + 1;
        }
        previousSegment = segmentIndex;
        if (data.limit() > SEGMENT_HEADER_LENGTH) {
            scanRecords(file, data, visitor);
        }
    }

    /** @return whether the last scanned segment's header was valid */
    boolean headerValid() {
        return headerValid;
    }

    /** @return whether the last scanned segment was skipped: another kernel's, or another format version */
    boolean foreign() {
        return foreign;
    }

    /** @return the last scanned segment's index (from its header, or assumed from the previous one; -1 unknown) */
    long segmentIndex() {
        return segmentIndex;
    }

    /** @return the last scanned segment's first record index from its header, -1 if the header is damaged */
    long firstRecordIndex() {
        return firstRecordIndex;
    }

    /** @return the offset just after the last valid record of the last scanned segment (64 if none) */
    int validEnd() {
        return validEnd;
    }

    /** @return the index of the last valid record of the last scanned segment, -1 if none */
    long lastIndex() {
        return lastIndex;
    }

    private static final int HEADER_VALID = 0;
    private static final int HEADER_DAMAGED = 1;
    private static final int HEADER_FOREIGN = 2;

    private int checkHeader(final Path file, final ByteBuffer data) {
        final int n = data.limit();
        if (n < SEGMENT_HEADER_LENGTH) {
            report.accept(new Corruption(file, 0, n == 0 ? "empty segment file: no header"
                : "segment header torn: the file has " + n + " bytes, a header needs " + SEGMENT_HEADER_LENGTH));
            return HEADER_DAMAGED;
        }
        final int magic = data.getInt(MAGIC_OFFSET);
        if (magic != SEGMENT_MAGIC) {
            report.accept(new Corruption(file, MAGIC_OFFSET, String.format(
                "bad segment magic 0x%08x (expected \"LEPJ\"); reading its records anyway", magic)));
            return HEADER_DAMAGED;
        }
        final int stored = data.getInt(HEADER_CRC_OFFSET);
        final int computed = JournalDescriptor.headerCrc(data, crc);
        if (stored != computed) {
            report.accept(new Corruption(file, 0, String.format(
                "segment header CRC32C mismatch (stored 0x%08x, computed 0x%08x); reading its records anyway",
                stored, computed)));
            return HEADER_DAMAGED;
        }
        final int version = data.getShort(VERSION_OFFSET) & 0xFFFF;
        final int headerLength = data.getShort(HEADER_LENGTH_OFFSET) & 0xFFFF;
        if (version != FORMAT_VERSION || headerLength != SEGMENT_HEADER_LENGTH) {
            report.accept(new Corruption(file, VERSION_OFFSET, "unsupported journal format version " + version
                + " with a " + headerLength + "-byte header (this code reads version " + FORMAT_VERSION + "): skipped"));
            return HEADER_FOREIGN;
        }
        final int owner = data.getInt(KERNEL_OFFSET);
        if (owner != kernel) {
            report.accept(new Corruption(file, KERNEL_OFFSET, "segment belongs to kernel " + owner
                + " but is in the folder of kernel " + kernel + ": skipped"));
            return HEADER_FOREIGN;
        }
        return HEADER_VALID;
    }

    private void checkFileName(final Path file) {
        final String name = file.getFileName().toString();
        if (JournalDescriptor.isSegmentFileName(name)
            && !name.equals(JournalDescriptor.segmentFileName(firstRecordIndex))) {
            report.accept(new Corruption(file, FIRST_RECORD_INDEX_OFFSET, "segment header says its first record is "
                + firstRecordIndex + " but the file is named for another; reading it in file-name order"));
        }
    }

    private void checkSegmentOrder(final Path file) {
        if (previousSegment >= 0 && segmentIndex != previousSegment + 1) {
            if (segmentIndex > previousSegment + 1) {
                final long missing = segmentIndex - previousSegment - 1;
                report.accept(new Corruption(file, 0, "missing segment: expected segment " + (previousSegment + 1)
                    + (expectedIndex >= 0 ? " starting at record " + expectedIndex : "") + ", found segment "
                    + segmentIndex + " starting at record " + firstRecordIndex + " (" + missing + " segment"
                    + (missing == 1 ? "" : "s") + (range(firstRecordIndex).isEmpty() ? "" : " holding "
                    + range(firstRecordIndex)) + " lost)"));
            } else {
                report.accept(new Corruption(file, 0, "segment index " + segmentIndex
                    + " is not after the previous segment's " + previousSegment
                    + ": a stale or duplicated segment; only records after the previous ones are read"));
            }
            gapExplained = true;
        } else if (expectedIndex >= 0 && firstRecordIndex > expectedIndex && !gapExplained) {
            report.accept(new Corruption(file, 0, "segment starts at record " + firstRecordIndex
                + " but the previous segment ended before record " + expectedIndex + lost(firstRecordIndex)));
            gapExplained = true;
        }
    }

    private void scanRecords(final Path file, final ByteBuffer data, final RecordVisitor visitor) {
        final int n = data.limit();
        int pos = SEGMENT_HEADER_LENGTH;
        while (pos < n) {
            if (n - pos < RECORD_ALIGNMENT) {
                if (!allZero(data, pos, n)) {
                    report.accept(new Corruption(file, pos, Corruption.TORN_TAIL + ": " + (n - pos) + " bytes remain after the last "
                        + "record, too few for a record header (" + JournalDescriptor.RECORD_HEADER_LENGTH + " bytes)"));
                    gapExplained = true;
                }
                return;
            }
            final long word0 = data.getLong(pos);
            if (word0 == 0) {
                final int next = findNextValid(data, pos + RECORD_ALIGNMENT, n);
                if (next < 0) {
                    if (!allZero(data, pos, n)) {
                        report.accept(new Corruption(file, pos, Corruption.TORN_TAIL + ": an unpublished record (an append that did "
                            + "not complete) in the last " + (n - pos) + " bytes; skipped"));
                        gapExplained = true;
                    }
                    return;
                }
                report.accept(new Corruption(file, pos, (next - pos) + " bytes of zeros where a record should start; "
                    + "resynchronised at the next valid record, offset " + next + lost(data.getLong(next + INDEX_OFFSET))));
                gapExplained = true;
                pos = next;
                continue;
            }
            final int problem = check(data, pos, n);
            if (problem != OK) {
                final String what = describe(problem, data, pos, n);
                final int next = findNextValid(data, pos + RECORD_ALIGNMENT, n);
                if (next < 0) {
                    report.accept(new Corruption(file, pos, Corruption.TORN_TAIL + ": " + what + "; no valid record follows (the last "
                        + (n - pos) + " bytes of the segment are skipped" + (expectedIndex >= 0
                        ? ", from record " + expectedIndex + " on" : "") + ")"));
                    gapExplained = true;
                    return;
                }
                report.accept(new Corruption(file, pos, what + "; resynchronised at the next valid record, offset "
                    + next + " (" + (next - pos) + " bytes skipped" + lostInner(data.getLong(next + INDEX_OFFSET))
                    + ")"));
                gapExplained = true;
                pos = next;
                continue;
            }
            final int kind = (int) (word0 >>> 16) & 0xFF;
            final int length = (int) (word0 >>> 32);
            final long index = data.getLong(pos + INDEX_OFFSET);
            if (expectedIndex >= 0 && index > expectedIndex && !gapExplained) {
                report.accept(new Corruption(file, pos, range(index) + " missing before this record"));
            }
            gapExplained = false;
            visitor.onRecord(data, pos, kind, length, index, data.getLong(pos + COMPONENT_OFFSET),
                data.getLong(pos + SEQ_OFFSET));
            expectedIndex = index + 1;
            lastIndex = index;
            pos += JournalDescriptor.recordLength(length);
            validEnd = pos;
        }
    }

    /** @return ", record E lost" or ", records E..N-1 lost" for the records between the expected one and nextIndex */
    private String lost(final long nextIndex) {
        final String range = range(nextIndex);
        return range.isEmpty() ? "" : ", " + range + " lost";
    }

    /** @return "record E" or "records E..N-1", or "" if the expected index is unknown or nothing is between */
    private String range(final long nextIndex) {
        if (expectedIndex < 0 || nextIndex <= expectedIndex) {
            return "";
        }
        return nextIndex - expectedIndex == 1 ? "record " + expectedIndex
            : "records " + expectedIndex + ".." + (nextIndex - 1);
    }

    private String lostInner(final long nextIndex) {
        if (expectedIndex < 0) {
            return "";
        }
        if (nextIndex <= expectedIndex) {
            return ", no record lost";
        }
        return "; " + range(nextIndex) + " lost";
    }

    private int findNextValid(final ByteBuffer data, final int from, final int n) {
        for (int p = (from + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT; p <= n - MIN_RECORD_LENGTH;
             p += RECORD_ALIGNMENT) {
            if ((data.getShort(p) & 0xFFFF) == RECORD_SYNC && check(data, p, n) == OK) {
                return p;
            }
        }
        return -1;
    }

    private int check(final ByteBuffer data, final int pos, final int n) {
        final long word0 = data.getLong(pos);
        if ((word0 & 0xFFFF) != RECORD_SYNC) {
            return NO_MARKER;
        }
        if ((word0 >>> 24 & 0xFF) != 0) {
            return BAD_FLAGS;
        }
        final int length = (int) (word0 >>> 32);
        if (length < 0) {
            return BAD_LENGTH;
        }
        final long recordLength = recordLength(length);
        if (pos + recordLength > n) {
            return TOO_LONG;
        }
        if (data.getInt(pos + CRC_OFFSET) != recordCrc(data, pos, (int) recordLength)) {
            return BAD_CRC;
        }
        final long index = data.getLong(pos + INDEX_OFFSET);
        if (index < 0) {
            return NEGATIVE_INDEX;
        }
        if (expectedIndex >= 0 && index < expectedIndex) {
            return OUT_OF_ORDER;
        }
        return OK;
    }

    private String describe(final int problem, final ByteBuffer data, final int pos, final int n) {
        final long word0 = data.getLong(pos);
        final int length = (int) (word0 >>> 32);
        return switch (problem) {
            case NO_MARKER -> String.format("no record marker: found 0x%04x where a record should start",
                word0 & 0xFFFF);
            case BAD_FLAGS -> String.format("record has unknown flags 0x%02x", word0 >>> 24 & 0xFF);
            case BAD_LENGTH -> "record header has a negative payload length " + length;
            case TOO_LONG -> "record header says " + recordLength(length) + " bytes, " + (n - pos) + " remain";
            case BAD_CRC -> String.format("CRC32C mismatch: stored 0x%08x, computed 0x%08x over the %d-byte record",
                data.getInt(pos + CRC_OFFSET), recordCrc(data, pos, (int) recordLength(length)),
                recordLength(length));
            case OUT_OF_ORDER -> "record index " + data.getLong(pos + INDEX_OFFSET)
                + " is not after the previous record's " + (expectedIndex - 1) + " (a stale or duplicated record)";
            case NEGATIVE_INDEX -> "record index " + data.getLong(pos + INDEX_OFFSET) + " is negative";
            default -> throw new IllegalStateException("unknown problem " + problem);
        };
    }

    private static long recordLength(final int length) {
        return (JournalDescriptor.RECORD_HEADER_LENGTH + (long) length + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
    }

    /** CRC32C of bytes [pos, pos + 32) and [pos + 36, pos + recordLength): the record's rule. */
    private int recordCrc(final ByteBuffer data, final int pos, final int recordLength) {
        final CRC32C c = crc;
        c.reset();
        if (data.hasArray()) {
            final byte[] a = data.array();
            final int base = data.arrayOffset();
            c.update(a, base + pos, CRC_OFFSET);
            c.update(a, base + pos + PAYLOAD_OFFSET, recordLength - PAYLOAD_OFFSET);
        } else {
            final ByteBuffer view = data.duplicate();
            view.limit(pos + CRC_OFFSET).position(pos);
            c.update(view);
            view.limit(pos + recordLength).position(pos + PAYLOAD_OFFSET);
            c.update(view);
        }
        return (int) c.getValue();
    }

    private static boolean allZero(final ByteBuffer data, final int from, final int to) {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES) {
            if (data.getLong(i) != 0) {
                return false;
            }
        }
        for (; i < to; i++) {
            if (data.get(i) != 0) {
                return false;
            }
        }
        return true;
    }
}
