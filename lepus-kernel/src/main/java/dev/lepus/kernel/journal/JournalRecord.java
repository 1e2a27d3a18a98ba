package dev.lepus.kernel.journal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * One record read back from a journal, with where it was found.
 *
 * <p>Thread contract: immutable once made (the payload array is this record's own copy; do not change it); threadsafe.
 *
 * @param kernel the kernel whose journal holds it
 * @param index the record's index in that kernel's journal: 0 for the first record ever appended, then +1 per record
 * @param componentId the component the record belongs to
 * @param seq the component's sequence number
 * @param kind what the record is, 0..255 (defined by the kernel)
 * @param payload the record's bytes
 * @param file the segment file it was read from
 * @param offset the byte offset of its header in {@code file}
 */
public record JournalRecord(int kernel, long index, long componentId, long seq, int kind, byte[] payload, Path file,
                            long offset) {

    /**
     * Validates the parts.
     *
     * @param kernel the kernel index, not negative
     * @param index the record index, not negative
     * @param componentId any value
     * @param seq any value
     * @param kind 0..255
     * @param payload the payload, not null
     * @param file the file, not null
     * @param offset the offset, not negative
     */
    public JournalRecord {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(file, "file");
        if (kernel < 0 || index < 0 || offset < 0 || (kind & ~0xFF) != 0) {
            throw new IllegalArgumentException("bad journal record: kernel " + kernel + ", index " + index + ", kind "
                + kind + ", offset " + offset);
        }
    }

    /**
     * Compares by value, the payload by content.
     *
     * @param other the other object
     * @return true if every part is equal
     */
    @Override
    public boolean equals(final Object other) {
        return other instanceof JournalRecord r && kernel == r.kernel && index == r.index
            && componentId == r.componentId && seq == r.seq && kind == r.kind && offset == r.offset
            && Arrays.equals(payload, r.payload) && file.equals(r.file);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kernel, index, componentId, seq, kind, Arrays.hashCode(payload), file, offset);
    }

    @Override
    public String toString() {
        return "JournalRecord[kernel=" + kernel + ", index=" + index + ", componentId=" + componentId + ", seq=" + seq
            + ", kind=" + kind + ", payload=" + payload.length + " bytes, file=" + file + ", offset=" + offset + "]";
    }
}
