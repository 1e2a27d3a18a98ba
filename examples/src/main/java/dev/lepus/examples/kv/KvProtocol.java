package dev.lepus.examples.kv;

import dev.lepus.api.Bytes;

/**
 * The messages between the shards of the kv store: a shard that got a command on one of its connections asks the
 * shard that owns a key to execute the part that concerns it, and gets the encoded reply back.
 */
public sealed interface KvProtocol {

    /**
     * Executes a command (or the part of one that concerns this shard's keys). The message holds no cap and no
     * collection, so a send takes the kernel's fast path (a type seen once is not checked again); the asker is
     * answered through the cap this shard holds to it.
     *
     * @param from the asking shard's index
     * @param connection the connection the command came on (the asker's id for it)
     * @param ticket the asker's number for the command on that connection
     * @param part which part of the command this is
     * @param command the command's name and arguments, RESP-encoded (an array of bulk strings)
     */
    record Exec(int from, long connection, long ticket, int part, Bytes command) implements KvProtocol {
    }

    /**
     * The reply to an {@link Exec}, RESP-encoded.
     *
     * @param connection as in the request
     * @param ticket as in the request
     * @param part as in the request
     * @param reply the reply's bytes
     */
    record Result(long connection, long ticket, int part, Bytes reply) implements KvProtocol {
    }

    /** The shard's periodic sweep of expired keys. */
    enum Tick implements KvProtocol {
        /** The one tick. */
        TICK
    }
}
