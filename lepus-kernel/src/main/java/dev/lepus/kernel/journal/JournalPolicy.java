package dev.lepus.kernel.journal;

/**
 * Where a kernel's journal goes, and how durable it is.
 *
 * <p>Thread contract: an enum; threadsafe.
 */
public enum JournalPolicy {
    /** No journal: {@link JournalWriter#append} returns at once and nothing is kept. */
    OFF,
    /**
     * An in-memory ring of {@link JournalSettings#ringBytes()}: the newest records, oldest overwritten first, written
     * out as segment files only by {@link JournalWriter#dump}: a post-mortem record, not a durable one.
     */
    RING,
    /**
     * Memory-mapped segment files under {@link JournalSettings#dir()}: survives a crash of the process (the page cache
     * keeps what was written), not a crash of the machine.
     */
    FILE,
    /**
     * {@link #FILE}, and every {@link JournalWriter#commitBatch()} forces the records written since the last one to the
     * storage device (and the directory when a segment is created): survives a crash of the machine, up to the last
     * completed batch.
     */
    FSYNC
}
