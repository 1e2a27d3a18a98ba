/** The network benchmark behind {@code lepus bench net}: Lepus's kv and HTTP examples against Redis and Netty. */
package dev.lepus.bench.net;
