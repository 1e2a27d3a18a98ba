package dev.lepus.store.fs;

import java.time.Instant;

/**
 * A file's row in {@code files}, as one transaction saw it.
 *
 * <p>Thread contract: immutable.
 *
 * @param path       the absolute path
 * @param size       its size in bytes
 * @param version    how many writes and renames it has seen; 1 after the write that created it
 * @param modifiedAt when it last changed
 * @param blockSize  the size of its blocks in bytes
 */
public record FileInfo(String path, long size, long version, Instant modifiedAt, int blockSize) {
}
