/**
 * The file system as tables (DBOS-FS): directories, files and fixed-size blocks in the store's database, every
 * operation one transaction, and a non-blocking facade over it.
 */
package dev.lepus.store.fs;
