package dev.lepus.concurrency.channel;

import dev.lepus.kernel.channel.ChannelHandler;
import dev.lepus.kernel.channel.OneToOneChannel;

/**
 * The entries the jcstress tests send, and a handler that turns what the consumer saw into an {@code int} result.
 *
 * <p>Thread contract: the entries are threadsafe (created once, in static initialisation, and never changed, so
 * they are safely published to every thread and a result can only reflect the channel's ordering, never the
 * construction of a message); a {@link Recorder} is not threadsafe and belongs to one actor.
 */
final class Entries {

    /** The result of a slot in which the consumer found a null target, message or meta. */
    static final int NULL_SLOT = -1;
    /** The result of a slot whose target, message and meta do not belong to the same entry (a torn or stale slot). */
    static final int TORN_SLOT = 99;
    /** The result of a position the consumer did not take. */
    static final int NOT_TAKEN = 0;

    private static final int COUNT = 8;
    private static final Object[] TARGETS = new Object[COUNT];
    private static final Message[] MESSAGES = new Message[COUNT];
    private static final Object[] METAS = new Object[COUNT];

    static {
        for (int id = 1; id < COUNT; id++) {
            TARGETS[id] = new Object();
            MESSAGES[id] = new Message(id);
            METAS[id] = new Object();
        }
    }

    private Entries() {
    }

    /**
     * The target of entry {@code id}.
     *
     * @param id the entry, 1..7
     * @return its target
     */
    static Object target(final int id) {
        return TARGETS[id];
    }

    /**
     * The message of entry {@code id}.
     *
     * @param id the entry, 1..7
     * @return its message
     */
    static Object message(final int id) {
        return MESSAGES[id];
    }

    /**
     * The meta of entry {@code id}.
     *
     * @param id the entry, 1..7
     * @return its meta
     */
    static Object meta(final int id) {
        return METAS[id];
    }

    /**
     * Offers entry {@code id}: its target, message and meta.
     *
     * @param channel the channel
     * @param id the entry, 1..7
     * @return what {@link OneToOneChannel#offer} returned
     */
    static boolean offer(final OneToOneChannel channel, final int id) {
        return channel.offer(TARGETS[id], MESSAGES[id], METAS[id]);
    }

    /**
     * The result code of one drained slot.
     *
     * @param target the slot's target
     * @param message the slot's message
     * @param meta the slot's meta
     * @return the entry's id if the slot held a whole entry, else {@link #NULL_SLOT} or {@link #TORN_SLOT}
     */
    static int code(final Object target, final Object message, final Object meta) {
        if (target == null || message == null || meta == null) {
            return NULL_SLOT;
        }
        final int id = ((Message) message).id();
        return target == TARGETS[id] && meta == METAS[id] ? id : TORN_SLOT;
    }

    /** A message: its id says which entry it belongs to. */
    record Message(int id) {
    }

    /**
     * Records the codes of the first entries a consumer takes. Used by one actor only.
     */
    static final class Recorder implements ChannelHandler {

        private final int[] codes;
        private int count;

        /**
         * A recorder of the first {@code positions} entries.
         *
         * @param positions how many entries to remember
         */
        Recorder(final int positions) {
            this.codes = new int[positions];
        }

        @Override
        public boolean onEntry(final Object target, final Object message, final Object meta) {
            if (count < codes.length) {
                codes[count] = Entries.code(target, message, meta);
            }
            count++;
            return true;
        }

        /**
         * The code of the {@code position}-th entry taken (from 0), or {@link #NOT_TAKEN}.
         *
         * @param position the position
         * @return the code
         */
        int codeAt(final int position) {
            return position < count ? codes[position] : NOT_TAKEN;
        }

        /**
         * Drains {@code channel} until it is empty, as an arbiter does once both actors have finished.
         *
         * @param channel the channel
         * @return how many entries were taken
         */
        int drainAll(final OneToOneChannel channel) {
            int taken = 0;
            for (int n = channel.drain(this, Integer.MAX_VALUE); n > 0; n = channel.drain(this, Integer.MAX_VALUE)) {
                taken += n;
            }
            return taken;
        }
    }
}
