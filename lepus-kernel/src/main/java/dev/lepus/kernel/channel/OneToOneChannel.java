package dev.lepus.kernel.channel;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded one-way channel of (target, message, meta) entries between exactly one producer thread and exactly one
 * consumer thread: the ring that connects two kernels (Barrelfish's UMP channel, in Java).
 *
 * <p>Thread contract: {@link #offer} and {@link #publish} are called only by the producer kernel;
 * {@link #drain} and {@link #hasEntries} only by the consumer kernel; {@link #size} and {@link #capacity} by anyone.
 *
 * <p>Why not JCTools' {@code SpscArrayQueue}: an entry is three references, and boxing them into an envelope object
 * would allocate on every cross-kernel send; and a kernel publishes many offers with one release store at the end of
 * its duty cycle ({@link #publish}), which a queue whose every offer is visible at once cannot do.
 */
/*
 * Implementation notes.
 *
 * The algorithm is Lamport's single-producer single-consumer ring with cached indices (FastFlow; JCTools
 * SpscArrayQueue), with publication deferred to a batch boundary.
 *
 * Layout: one Object[] of capacity * STRIDE slots; entry i lives at (i & mask) * STRIDE: target, message, meta, and
 * one spare slot (the badge of a later issue). Indices are 64-bit and never wrap in practice.
 *
 * Fields, by writer:
 *   producer (single writer, the producer thread):
 *     tail            next index to write; plain; read only by the producer.
 *     publishedTail   the last value store-released to producerIndex; plain; producer only.
 *     consumerCache   the last consumerIndex the producer acquired; plain; producer only.
 *     producerIndex   store-release by publish(); load-acquire by the consumer.
 *   consumer (single writer, the consumer thread):
 *     head            next index to read; plain; consumer only.
 *     producerCache   the last producerIndex the consumer acquired; plain; consumer only.
 *     consumerIndex   store-release at the end of each drain; load-acquire by the producer when it looks full.
 *
 * Invariants: consumerIndex <= head <= producerCache <= producerIndex <= publishedTail <= tail, and
 * tail - consumerIndex <= capacity (checked in offer against consumerCache, which is <= consumerIndex).
 * Non-invariant: an entry offered but not yet published is invisible to the consumer; a kernel publishes at the end
 * of every duty cycle, so that is at most one cycle.
 *
 * Ordering:
 *  - offer writes slots with plain stores; publish() store-releases producerIndex. The consumer load-acquires
 *    producerIndex before reading any slot, so it sees every slot written before the release (release/acquire pair
 *    #1; publish is the linearization point of every offer it covers).
 *  - drain reads the slots, nulls them with plain stores, and store-releases consumerIndex once per batch. The
 *    producer load-acquires consumerIndex before it reuses slots, so the nulling and the reads happen-before its
 *    overwrites (release/acquire pair #2; the release in drain is the linearization point of the batch).
 *  - Neither side needs a StoreLoad fence here. The kernel's sleep protocol adds one (see Kernel).
 */
public final class OneToOneChannel extends ConsumerFields {

    /** Slots per entry: target, message, meta, spare. */
    public static final int STRIDE = 4;

    private static final VarHandle PRODUCER_INDEX;
    private static final VarHandle CONSUMER_INDEX;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PRODUCER_INDEX = lookup.findVarHandle(ProducerFields.class, "producerIndex", long.class);
            CONSUMER_INDEX = lookup.findVarHandle(ConsumerFields.class, "consumerIndex", long.class);
        } catch (final ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Object[] buffer;
    private final int capacity;
    private final long mask;

    /**
     * Creates a channel.
     *
     * @param capacity the number of entries; a power of two, at least 2
     */
    public OneToOneChannel(final int capacity) {
        if (capacity < 2 || Integer.bitCount(capacity) != 1 || capacity > (1 << 26)) {
            throw new IllegalArgumentException("channel capacity must be a power of two in 2..2^26: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1L;
        this.buffer = new Object[capacity * STRIDE];
    }

    /**
     * Writes one entry, not yet visible to the consumer until {@link #publish()}. Producer thread only.
     *
     * @param target the target, not null
     * @param message the message, not null
     * @param meta metadata, or null
     * @return false if the channel is full (nothing was written)
     */
    public boolean offer(final Object target, final Object message, final Object meta) {
        final long t = tail;
        if (t - consumerCache >= capacity) {
            consumerCache = (long) CONSUMER_INDEX.getAcquire(this); // pair #2: see notes
            if (t - consumerCache >= capacity) {
                return false;
            }
        }
        final Object[] b = buffer;
        final int i = (int) (t & mask) * STRIDE;
        b[i] = target;
        b[i + 1] = message;
        b[i + 2] = meta;
        tail = t + 1;
        return true;
    }

    /**
     * Makes every entry offered so far visible to the consumer. Producer thread only.
     *
     * @return true if anything new was published
     */
    public boolean publish() {
        final long t = tail;
        if (t == publishedTail) {
            return false;
        }
        publishedTail = t;
        PRODUCER_INDEX.setRelease(this, t); // pair #1: the linearization point of the offers it covers
        return true;
    }

    /**
     * Takes up to {@code limit} published entries, in order, and hands each to {@code handler}. Stops early when the
     * handler refuses an entry, which then stays first in the channel. Consumer thread only.
     *
     * @param handler takes each entry
     * @param limit the most entries to take
     * @return how many entries were taken
     */
    public int drain(final ChannelHandler handler, final int limit) {
        final long h = head;
        long available = producerCache - h;
        if (available == 0) {
            producerCache = (long) PRODUCER_INDEX.getAcquire(this); // pair #1
            available = producerCache - h;
            if (available == 0) {
                return 0;
            }
        }
        final int n = (int) Math.min(available, limit);
        final Object[] b = buffer;
        final long m = mask;
        int taken = 0;
        while (taken < n) {
            final int i = (int) ((h + taken) & m) * STRIDE;
            if (!handler.onEntry(b[i], b[i + 1], b[i + 2])) {
                break;
            }
            b[i] = null;
            b[i + 1] = null;
            b[i + 2] = null;
            taken++;
        }
        if (taken > 0) {
            head = h + taken;
            CONSUMER_INDEX.setRelease(this, h + taken); // pair #2: the linearization point of the batch
        }
        return taken;
    }

    /**
     * Whether published entries wait to be drained. Consumer thread only; acquires the producer index.
     *
     * @return true if {@link #drain} would take something
     */
    public boolean hasEntries() {
        return (long) PRODUCER_INDEX.getAcquire(this) != head;
    }

    /**
     * Published entries not yet drained; exact when both sides are quiet, approximate otherwise. Any thread.
     *
     * @return the number of entries
     */
    public long size() {
        final long c = (long) CONSUMER_INDEX.getAcquire(this);
        final long p = (long) PRODUCER_INDEX.getAcquire(this);
        return Math.max(0, p - c);
    }

    /**
     * The capacity in entries.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }
}

/** Padding before the producer's fields, so that they do not share a cache line with the object header's neighbours. */
abstract class LeftPadding {
    byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
    byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
    byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
    byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
}

/** The fields written by the producer thread only (see the notes in {@link OneToOneChannel}). */
abstract class ProducerFields extends LeftPadding {
    /** Next index to write. Producer only. */
    long tail;
    /** Last value store-released to {@link #producerIndex}. Producer only. */
    long publishedTail;
    /** Last consumer index acquired. Producer only. */
    long consumerCache;
    /** Published tail: store-release by the producer, load-acquire by the consumer. */
    volatile long producerIndex;
}

/** Padding between the producer's and the consumer's fields (false sharing). */
abstract class MiddlePadding extends ProducerFields {
    byte p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111, p112, p113, p114, p115;
    byte p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127, p128, p129, p130, p131;
    byte p132, p133, p134, p135, p136, p137, p138, p139, p140, p141, p142, p143, p144, p145, p146, p147;
    byte p148, p149, p150, p151, p152, p153, p154, p155, p156, p157, p158, p159, p160, p161, p162, p163;
}

/** The fields written by the consumer thread only (see the notes in {@link OneToOneChannel}). */
abstract class ConsumerFields extends MiddlePadding {
    /** Next index to read. Consumer only. */
    long head;
    /** Last producer index acquired. Consumer only. */
    long producerCache;
    /** Drained head: store-release by the consumer, load-acquire by the producer. */
    volatile long consumerIndex;
    byte p200, p201, p202, p203, p204, p205, p206, p207, p208, p209, p210, p211, p212, p213, p214, p215;
    byte p216, p217, p218, p219, p220, p221, p222, p223, p224, p225, p226, p227, p228, p229, p230, p231;
    byte p232, p233, p234, p235, p236, p237, p238, p239, p240, p241, p242, p243, p244, p245, p246, p247;
    byte p248, p249, p250, p251, p252, p253, p254, p255, p256, p257, p258, p259, p260, p261, p262, p263;
}
