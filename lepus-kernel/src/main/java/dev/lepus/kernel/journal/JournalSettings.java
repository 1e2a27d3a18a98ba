package dev.lepus.kernel.journal;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The settings of a kernel's journal, in one place: the policy, where the files go, how big a segment is, how many
 * segments to keep and how big the in-memory ring is. Each knob has a {@code DEFAULT_XXX} constant with its unit in the
 * name and a {@code withXxx} copy; the canonical constructor validates, so an instance is always valid.
 *
 * <p>Thread contract: immutable; threadsafe.
 *
 * @param policy where the journal goes ({@link JournalPolicy})
 * @param dir the journal's root folder; each kernel writes under {@code dir/kernel-<k>/}. Used by {@code FILE} and
 *     {@code FSYNC}; ignored by {@code OFF} and {@code RING} (a ring is written where {@link JournalWriter#dump} says)
 * @param segmentBytes the size of one segment file, header included: a multiple of 8 in
 *     {@value #MIN_SEGMENT_BYTES}..{@value #MAX_SEGMENT_BYTES}; also the size of the segments a ring dump writes
 * @param retainSegments keep at most this many segment files per kernel, deleting the oldest when a new one is
 *     created; 0 keeps all
 * @param ringBytes the ring's size for {@code RING}: a multiple of 8 in {@value #MIN_RING_BYTES}..{@value #MAX_RING_BYTES}
 */
public record JournalSettings(JournalPolicy policy, Path dir, long segmentBytes, int retainSegments, long ringBytes) {

    /** Default segment size: 64 MiB. */
    public static final long DEFAULT_SEGMENT_BYTES = 64L << 20;
    /** Default ring size: 16 MiB. */
    public static final long DEFAULT_RING_BYTES = 16L << 20;
    /** Default retention: keep every segment. */
    public static final int DEFAULT_RETAIN_SEGMENTS = 0;
    /** Default journal root folder, relative to the working directory. */
    public static final Path DEFAULT_DIR = Path.of("journal");
    /** Smallest segment: a header and a few small records (tests use small segments to get many of them). */
    public static final long MIN_SEGMENT_BYTES = 128;
    /** Largest segment: 1 GiB (a segment is mapped, and read back, as one buffer). */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;
    /** Smallest ring. */
    public static final long MIN_RING_BYTES = 128;
    /** Largest ring: 1 GiB. */
    public static final long MAX_RING_BYTES = 1L << 30;

    /**
     * Validates the settings.
     *
     * @param policy the policy, not null
     * @param dir the root folder, not null
     * @param segmentBytes the segment size
     * @param retainSegments the retention, not negative
     * @param ringBytes the ring size
     * @throws IllegalArgumentException naming the bad setting and its allowed range
     */
    public JournalSettings {
        Objects.requireNonNull(policy, "journal policy");
        Objects.requireNonNull(dir, "journal dir");
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES || (segmentBytes & 7) != 0) {
            throw new IllegalArgumentException("journal segmentBytes must be a multiple of 8 in " + MIN_SEGMENT_BYTES
                + ".." + MAX_SEGMENT_BYTES + ", got " + segmentBytes);
        }
        if (retainSegments < 0) {
            throw new IllegalArgumentException("journal retainSegments must be 0 (keep all) or more, got "
                + retainSegments);
        }
        if (ringBytes < MIN_RING_BYTES || ringBytes > MAX_RING_BYTES || (ringBytes & 7) != 0) {
            throw new IllegalArgumentException("journal ringBytes must be a multiple of 8 in " + MIN_RING_BYTES + ".."
                + MAX_RING_BYTES + ", got " + ringBytes);
        }
    }

    /** @return settings with no journal, every other knob at its default */
    public static JournalSettings off() {
        return new JournalSettings(JournalPolicy.OFF, DEFAULT_DIR, DEFAULT_SEGMENT_BYTES, DEFAULT_RETAIN_SEGMENTS,
            DEFAULT_RING_BYTES);
    }

    /** @return settings for an in-memory ring of {@link #DEFAULT_RING_BYTES} */
    public static JournalSettings ring() {
        return off().withPolicy(JournalPolicy.RING);
    }

    /**
     * @param dir the journal's root folder
     * @return settings for memory-mapped segment files under {@code dir}
     */
    public static JournalSettings file(final Path dir) {
        return off().withPolicy(JournalPolicy.FILE).withDir(dir);
    }

    /**
     * @param dir the journal's root folder
     * @return settings for segment files under {@code dir}, forced to the device at every batch
     */
    public static JournalSettings fsync(final Path dir) {
        return off().withPolicy(JournalPolicy.FSYNC).withDir(dir);
    }

    /**
     * @param value the policy
     * @return a copy with that policy
     */
    public JournalSettings withPolicy(final JournalPolicy value) {
        return new JournalSettings(value, dir, segmentBytes, retainSegments, ringBytes);
    }

    /**
     * @param value the root folder
     * @return a copy with that folder
     */
    public JournalSettings withDir(final Path value) {
        return new JournalSettings(policy, value, segmentBytes, retainSegments, ringBytes);
    }

    /**
     * @param value the segment size in bytes
     * @return a copy with that segment size
     */
    public JournalSettings withSegmentBytes(final long value) {
        return new JournalSettings(policy, dir, value, retainSegments, ringBytes);
    }

    /**
     * @param value the number of segments to keep per kernel, 0 for all
     * @return a copy with that retention
     */
    public JournalSettings withRetainSegments(final int value) {
        return new JournalSettings(policy, dir, segmentBytes, value, ringBytes);
    }

    /**
     * @param value the ring size in bytes
     * @return a copy with that ring size
     */
    public JournalSettings withRingBytes(final long value) {
        return new JournalSettings(policy, dir, segmentBytes, retainSegments, value);
    }

    /**
     * @return the largest payload one record can carry: it must fit in an empty segment, and for {@code RING} in the
     *     ring
     */
    public int maxPayloadBytes() {
        final long room = policy == JournalPolicy.RING
            ? Math.min(segmentBytes - JournalDescriptor.SEGMENT_HEADER_LENGTH, ringBytes)
            : segmentBytes - JournalDescriptor.SEGMENT_HEADER_LENGTH;
        return (int) ((room & ~7L) - JournalDescriptor.RECORD_HEADER_LENGTH);
    }
}
