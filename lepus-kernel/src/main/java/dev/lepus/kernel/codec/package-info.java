/**
 * The canonical message codec: registered records, enums and immutable values to bytes and back, the same bytes for
 * the same value in every JVM run, for the journal and replay.
 */
package dev.lepus.kernel.codec;
