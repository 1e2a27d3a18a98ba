package dev.lepus.api.fs;

import dev.lepus.api.Bytes;
import dev.lepus.api.Cap;

/**
 * What a component asks of the file system service. Paths are absolute ({@code /dir/file}); every request is one
 * transaction, and its answer an {@link FsReply} sent to {@code replyTo} (the cap an ask makes).
 */
public sealed interface FsRequest {

    /** @return where the answer goes */
    Cap<FsReply> replyTo();

    /**
     * Reads up to {@code length} bytes from {@code offset}: {@link FsReply.Data}.
     *
     * @param replyTo where the answer goes
     * @param path the file
     * @param offset the first byte
     * @param length how many at most
     */
    record Read(Cap<FsReply> replyTo, String path, long offset, int length) implements FsRequest {
    }

    /**
     * Writes bytes at {@code offset}, creating the file (its folder must exist): {@link FsReply.Written}. A crash
     * leaves the file as it was before the write, or as after it.
     *
     * @param replyTo where the answer goes
     * @param path the file
     * @param offset where the bytes go
     * @param data the bytes
     */
    record Write(Cap<FsReply> replyTo, String path, long offset, Bytes data) implements FsRequest {
    }

    /**
     * Lists a folder: {@link FsReply.Listing}.
     *
     * @param replyTo where the answer goes
     * @param dir the folder
     */
    record Ls(Cap<FsReply> replyTo, String dir) implements FsRequest {
    }

    /**
     * Deletes a file or an empty folder: {@link FsReply.Done}.
     *
     * @param replyTo where the answer goes
     * @param path what to delete
     */
    record Delete(Cap<FsReply> replyTo, String path) implements FsRequest {
    }

    /**
     * Renames a file or folder: {@link FsReply.Done}.
     *
     * @param replyTo where the answer goes
     * @param from the old path
     * @param to the new path
     */
    record Rename(Cap<FsReply> replyTo, String from, String to) implements FsRequest {
    }

    /**
     * Makes a folder: {@link FsReply.Done}.
     *
     * @param replyTo where the answer goes
     * @param path the folder (its parent must exist)
     */
    record Mkdir(Cap<FsReply> replyTo, String path) implements FsRequest {
    }
}
