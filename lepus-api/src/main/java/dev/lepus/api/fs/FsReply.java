package dev.lepus.api.fs;

import java.util.List;

import dev.lepus.api.Bytes;

/** What the file system service answers. */
public sealed interface FsReply {

    /**
     * The bytes read (fewer than asked at the end of the file).
     *
     * @param data the bytes
     */
    record Data(Bytes data) implements FsReply {
    }

    /**
     * A write took effect.
     *
     * @param size the file's size after it
     * @param version the file's version after it
     */
    record Written(long size, long version) implements FsReply {
    }

    /**
     * A folder's entries.
     *
     * @param entries by name
     */
    record Listing(List<Entry> entries) implements FsReply {
    }

    /**
     * One entry of a folder.
     *
     * @param name its name
     * @param directory whether it is a folder
     * @param size its size in bytes (0 for a folder)
     */
    record Entry(String name, boolean directory, long size) implements FsReply {
    }

    /** The operation took effect. */
    record Done() implements FsReply {
    }

    /**
     * The operation was refused, and nothing changed.
     *
     * @param reason a short code (NO_SUCH_FILE, BAD_PATH, TOO_LARGE, BUSY, ...)
     * @param message what and where
     */
    record Failed(String reason, String message) implements FsReply {
    }
}
