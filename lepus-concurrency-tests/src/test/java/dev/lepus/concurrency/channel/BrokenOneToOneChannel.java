package dev.lepus.concurrency.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import dev.lepus.kernel.channel.ChannelHandler;
import dev.lepus.kernel.channel.OneToOneChannel;

/**
 * A deliberately broken copy of {@link OneToOneChannel}, used only to show that the jcstress tests catch a broken
 * ordering ({@link BrokenChannelDetectionTest}). Never use it for anything else.
 *
 * <p>Thread contract: as {@link OneToOneChannel} (one producer thread, one consumer thread).
 *
 * <p>It is the production algorithm with the two release/acquire pairs put in the wrong place, in program order, so
 * that the result of a missing release shows on any hardware (on x86, TSO and a JIT that keeps these stores in
 * order hide a merely missing release; arm64 does not):
 * <ul>
 *   <li>FLAW #1 (pair #1): {@code offer} store-releases the producer index before it writes the slots, as if the slot
 *       writes had drifted past the release. {@code Publication} and {@code DeferredPublication} must fail.</li>
 *   <li>FLAW #2 (pair #2): {@code drain} store-releases the consumer index before it reads and clears the slots, as
 *       if those reads and stores had drifted past the release. {@code SlotReuse} must fail.</li>
 * </ul>
 * The padding of the production class is left out; it has no effect on ordering.
 */
final class BrokenOneToOneChannel {

    private static final int STRIDE = OneToOneChannel.STRIDE;
    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(BrokenOneToOneChannel.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(BrokenOneToOneChannel.class, "consumerIndex", long.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Object[] buffer;
    private final int capacity;
    private final long mask;
    /** Producer only. */
    private long tail;
    /** Producer only. */
    private long consumerCache;
    /** Store-release by the producer, load-acquire by the consumer. */
    private volatile long producerIndex;
    /** Consumer only. */
    private long head;
    /** Consumer only. */
    private long producerCache;
    /** Store-release by the consumer, load-acquire by the producer. */
    private volatile long consumerIndex;

    /**
     * Creates a broken channel.
     *
     * @param capacity the number of entries; a power of two
     */
    BrokenOneToOneChannel(final int capacity) {
        this.capacity = capacity;
        this.mask = capacity - 1L;
        this.buffer = new Object[capacity * STRIDE];
    }

    /**
     * Writes one entry and, wrongly, publishes it before its slots are written (FLAW #1).
     *
     * @param target the target
     * @param message the message
     * @param meta the meta
     * @return false if the channel is full
     */
    boolean offer(final Object target, final Object message, final Object meta) {
        final long t = tail;
        if (t - consumerCache >= capacity) {
            consumerCache = (long) CONSUMER_INDEX.getAcquire(this);
            if (t - consumerCache >= capacity) {
                return false;
            }
        }
        tail = t + 1;
        PRODUCER_INDEX.setRelease(this, t + 1); // FLAW #1: released before the slot writes below
        final Object[] b = buffer;
        final int i = (int) (t & mask) * STRIDE;
        b[i] = target;
        b[i + 1] = message;
        b[i + 2] = meta;
        return true;
    }

    /**
     * Does nothing: {@link #offer} has already published (FLAW #1).
     *
     * @return false
     */
    boolean publish() {
        return false;
    }

    /**
     * Takes up to {@code limit} entries and, wrongly, frees their slots before reading them (FLAW #2).
     *
     * @param handler takes each entry; must not refuse one
     * @param limit the most entries to take
     * @return how many entries were taken
     */
    int drain(final ChannelHandler handler, final int limit) {
        final long h = head;
        long available = producerCache - h;
        if (available == 0) {
            producerCache = (long) PRODUCER_INDEX.getAcquire(this);
            available = producerCache - h;
            if (available == 0) {
                return 0;
            }
        }
        final int n = (int) Math.min(available, limit);
        head = h + n;
        CONSUMER_INDEX.setRelease(this, h + n); // FLAW #2: released before the slot reads and clears below
        final Object[] b = buffer;
        for (int taken = 0; taken < n; taken++) {
            final int i = (int) ((h + taken) & mask) * STRIDE;
            handler.onEntry(b[i], b[i + 1], b[i + 2]);
            b[i] = null;
            b[i + 1] = null;
            b[i + 2] = null;
        }
        return n;
    }
}
