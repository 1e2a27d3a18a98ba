/** A Redis-compatible key-value store (RESP2), sharded by key across kernels. */
package dev.lepus.examples.kv;
