/**
 * The {@code fs} API group: the protocol of the file system service, a component that keeps files as tables in the
 * durable OS state. A component reaches it through a cap (granted as {@code "fs"}) and asks; the answer arrives as an
 * event of the asker, so file I/O never blocks a kernel, and each operation is one transaction.
 */
package dev.lepus.api.fs;
