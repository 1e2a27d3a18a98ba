package dev.lepus.store.fs;

import java.time.Instant;

/**
 * One entry of a directory listing.
 *
 * <p>Thread contract: immutable.
 *
 * @param name       the last component of the path
 * @param path       the absolute path
 * @param directory  whether it is a directory
 * @param size       a file's size in bytes; 0 for a directory
 * @param version    a file's version; 0 for a directory
 * @param modifiedAt when it last changed
 */
public record DirEntry(String name, String path, boolean directory, long size, long version, Instant modifiedAt) {
}
