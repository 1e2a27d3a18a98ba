package dev.lepus.api.net;

/** What became of a write. */
public enum WriteResult {
    /** Queued; it will be written. */
    OK,
    /** Refused as a whole: the output limit would be passed. {@link NetHandler#onWritable} follows when it drains. */
    FULL,
    /** Refused: the connection is closed or closing. */
    CLOSED
}
