package dev.lepus.store.fs;

import java.util.Objects;

/**
 * A file-system operation was refused: the {@link Reason} says why and {@link #path()} names the path. The
 * unchecked counterpart of {@link java.nio.file.NoSuchFileException} and its siblings.
 *
 * <p>Thread contract: immutable.
 */
public final class FileStoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why an operation was refused. */
    public enum Reason {
        /** No file (or directory) at the path. */
        NO_SUCH_FILE,
        /** The directory does not exist. */
        NO_SUCH_DIRECTORY,
        /** The path names a file where a directory is needed. */
        NOT_A_DIRECTORY,
        /** The path names a directory where a file is needed. */
        IS_DIRECTORY,
        /** Something already exists at the path. */
        ALREADY_EXISTS,
        /** The directory still has entries. */
        NOT_EMPTY,
        /** The write would make the file larger than the configured maximum. */
        TOO_LARGE,
        /** The asynchronous facade's queue is full; nothing was done. */
        BUSY,
        /** The asynchronous facade is closed; nothing was done. */
        CLOSED
    }

    private final Reason reason;
    private final String path;

    /**
     * @param reason why
     * @param path   the path concerned
     * @param detail what happened, in words
     */
    public FileStoreException(final Reason reason, final String path, final String detail) {
        super(path + ": " + detail);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.path = Objects.requireNonNull(path, "path");
    }

    /**
     * @return why the operation was refused
     */
    public Reason reason() {
        return reason;
    }

    /**
     * @return the path concerned
     */
    public String path() {
        return path;
    }
}
