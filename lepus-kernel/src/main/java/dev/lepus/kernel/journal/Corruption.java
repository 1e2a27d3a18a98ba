package dev.lepus.kernel.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * One problem found in a journal: a torn tail, a checksum mismatch, a missing segment, an unreadable file. Readers
 * report, skip and continue; they never throw on bad data.
 *
 * <p>Thread contract: immutable; threadsafe.
 *
 * @param file the segment file (or kernel folder) the problem is in
 * @param offset the byte offset in {@code file} where the bad data starts (0 for a file-level problem)
 * @param what what is wrong, and what the reader or writer did about it
 */
public record Corruption(Path file, long offset, String what) {

    /** How the description of a torn tail begins: the end of a segment that an append did not finish. */
    public static final String TORN_TAIL = "torn tail";

    /**
     * Validates the parts.
     *
     * @param file the file, not null
     * @param offset the offset, not negative
     * @param what the description, not null
     */
    public Corruption {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(what, "what");
        if (offset < 0) {
            throw new IllegalArgumentException("corruption offset must not be negative: " + offset);
        }
    }

    /**
     * Whether this is a torn tail: bytes after the last whole record of a segment, what a crash in the middle of an
     * append leaves (in the newest segment, that is expected after a crash; anywhere else it is damage).
     *
     * @return whether the description says torn tail
     */
    public boolean tornTail() {
        return what.startsWith(TORN_TAIL);
    }

    @Override
    public String toString() {
        return file + " at offset " + offset + ": " + what;
    }
}
