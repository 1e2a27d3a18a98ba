package dev.lepus.store;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * One row of {@code snapshot_index}: where a component's snapshot lies in the journal.
 *
 * <p>Thread contract: immutable.
 *
 * @param componentId   the component
 * @param seq           the sequence number of the last input the snapshot includes
 * @param journalFile   the journal file that holds the snapshot
 * @param journalOffset its byte offset in that file (column {@code journal_offset})
 * @param takenAt       when it was taken; kept to microseconds
 */
public record SnapshotRow(long componentId, long seq, String journalFile, long journalOffset, Instant takenAt) {

    /** Checks the fields and cuts {@code takenAt} to microseconds. */
    public SnapshotRow {
        Objects.requireNonNull(journalFile, "journalFile");
        takenAt = Objects.requireNonNull(takenAt, "takenAt").truncatedTo(ChronoUnit.MICROS);
        if (seq < 0 || journalOffset < 0) {
            throw new IllegalArgumentException("snapshot of component " + componentId + ": negative seq " + seq
                + " or offset " + journalOffset);
        }
    }
}
