package dev.lepus.kernel.checkpoint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/*
 * The poller's hot fields on a cache line of their own. The owning thread reads `requested` and `countdown` at every
 * check point; other threads write `requested` (rarely). A neighbour object written by another thread must not share
 * the line, or every check point of a hot loop would miss in the cache. Superclass fields are laid out first, and the
 * JDK's field layout may put a subclass's fields into holes of its superclass, so the pads are bytes (no holes): the
 * chain PollerLeftPad -> PollerFields -> PollerRightPad -> Poller puts at least 64 bytes on each side of the fields.
 * (The same approach as JCTools' padded queues; see also dev.lepus.kernel.SleepFlag.)
 */

/** Padding before the poller's hot fields. */
abstract class PollerLeftPad {
    byte l00, l01, l02, l03, l04, l05, l06, l07, l08, l09, l10, l11, l12, l13, l14, l15;
    byte l16, l17, l18, l19, l20, l21, l22, l23, l24, l25, l26, l27, l28, l29, l30, l31;
    byte l32, l33, l34, l35, l36, l37, l38, l39, l40, l41, l42, l43, l44, l45, l46, l47;
    byte l48, l49, l50, l51, l52, l53, l54, l55, l56, l57, l58, l59, l60, l61, l62, l63;
}

/** The hot fields read at every check point. */
abstract class PollerFields extends PollerLeftPad {
    /**
     * 1 while a request is pending, else 0. Written by any thread: volatile store of 1 ({@link Poller#request()}),
     * volatile get-and-set to 0 ({@link Poller#clear()} and the check point that consumes it). Read opaque by the
     * owning thread at every check point. Accessed only through {@link Poller#REQUESTED}.
     */
    int requested;

    /**
     * Check points left until the countdown fires, or 0 when there is no countdown. Plain: written and read only by
     * the owning thread (before registration, by the thread that configures the poller; registration publishes it).
     * Invariant: 0 if and only if {@link #nth} is 0, except transiently inside {@link Poller#poll()}.
     */
    int countdown;

    /** The countdown period ({@link Poller#everyNth(int)}), 0 for none. Same writer and reader as {@link #countdown}. */
    int nth;
}

/** Padding after the poller's hot fields. */
abstract class PollerRightPad extends PollerFields {
    byte r00, r01, r02, r03, r04, r05, r06, r07, r08, r09, r10, r11, r12, r13, r14, r15;
    byte r16, r17, r18, r19, r20, r21, r22, r23, r24, r25, r26, r27, r28, r29, r30, r31;
    byte r32, r33, r34, r35, r36, r37, r38, r39, r40, r41, r42, r43, r44, r45, r46, r47;
    byte r48, r49, r50, r51, r52, r53, r54, r55, r56, r57, r58, r59, r60, r61, r62, r63;
}

/**
 * The per-thread state behind {@link CheckPoint#poll()}: a request flag any thread may raise, an optional countdown,
 * and the {@link CheckPointHandler} that runs when either fires.
 *
 * <p>Thread contract: {@link #request()}, {@link #clear()} and {@link #isRequested()} are threadsafe and may be called
 * from any thread (a watchdog, another kernel). {@link #everyNth(int)} is called only on the owning thread, or before
 * the poller is registered. The check point itself ({@code poll}) and the handler run only on the owning thread: the
 * thread the poller is {@linkplain CheckPoint#register(Poller) registered} on. A poller is registered on at most one
 * thread at a time.
 *
 * <p>Semantics: a request is consumed by the first check point that sees it, which then calls the handler once; any
 * number of requests before that check point are delivered as one. With a countdown of {@code n}, the handler is also
 * called at every n-th check point that delivers no request (a delivered request restarts the countdown), so a time
 * slicing kernel can read its clock every n check points without any other thread's help.
 */
public final class Poller extends PollerRightPad {

    /*
     * Implementation notes.
     *
     * The flag is a one-bit mailbox with many writers and one consumer, used as a Dekker-style handshake with the
     * state the requester wants the handler to see (an event in a queue, a watchdog verdict):
     *
     *   requester:  write state; REQUESTED.setVolatile(1)
     *   check point: if (REQUESTED.getOpaque() != 0) { if (REQUESTED.getAndSet(0) != 0) handler reads state }
     *
     * - Fast path: an opaque load. Opaque is enough because it only decides whether to take the slow path; it is not
     *   the synchronisation. What opaque buys over a plain load is progress: the JIT may not hoist it out of a loop or
     *   merge repeated loads, so a spinning loop eventually sees a store made by another thread (JLS 17.4 gives plain
     *   loads no such guarantee; HotSpot does hoist them). It is a plain MOV on x86 and AArch64.
     * - Slow path: the get-and-set reads the requester's volatile store, so the requester's writes before request()
     *   happen-before the handler. This is the linearization point of a request's delivery.
     * - A request racing with the get-and-set is either read by it (delivered now) or ordered after it in the
     *   synchronization order (flag stays 1: delivered at the next check point). None is lost; several may merge.
     * - clear() uses the same get-and-set, so a kernel that clears and then reads its queues with acquire loads sees
     *   every event whose request the clear removed (the volatile get-and-set orders the clear before those loads).
     * - The countdown fields are confined to the owning thread: plain loads and stores, no ordering needed.
     */

    /** The {@code requested} field's handle: opaque load on the fast path, volatile store and get-and-set elsewhere. */
    static final VarHandle REQUESTED;

    /** The {@code owner} field's handle: CAS by registration, release store by unregistration. */
    private static final VarHandle OWNER;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            REQUESTED = lookup.findVarHandle(PollerFields.class, "requested", int.class);
            OWNER = lookup.findVarHandle(Poller.class, "owner", Thread.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What runs when a check point fires. Immutable. */
    private final CheckPointHandler handler;

    /**
     * The thread the poller is registered on, or null. CAS from null by the registering thread, release store of
     * null by the same thread when it unregisters; read (acquire) by assertions and {@link #owner()}.
     */
    private volatile Thread owner;

    /**
     * A poller with no request pending and no countdown.
     *
     * @param handler what runs when a check point fires, on the owning thread
     */
    public Poller(final CheckPointHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    /**
     * Also fires the handler at every n-th check point that delivers no request, for time slicing: the handler then
     * reads the clock and decides whether the slice is over. Called only on the owning thread or before registration.
     *
     * @param n the period in check points, at least 1; 0 turns the countdown off
     * @return this poller
     */
    public Poller everyNth(final int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n < 0: " + n);
        }
        assert ownedByCurrentThreadOrUnowned() : "everyNth called off the owning thread";
        nth = n;
        countdown = n;
        return this;
    }

    /**
     * The countdown period.
     *
     * @return the period set by {@link #everyNth(int)}, 0 for none
     */
    public int nth() {
        return nth;
    }

    /**
     * Asks the owning thread to run the handler at its next check point. Threadsafe, wait-free: a volatile store. The
     * writes this thread made before the call are visible to the handler that the request triggers.
     */
    public void request() {
        REQUESTED.setVolatile(this, 1);
    }

    /**
     * Withdraws a pending request. Threadsafe: a volatile get-and-set. A kernel clears before it re-reads its queues,
     * so that a request whose cause it is about to handle anyway does not fire again later.
     *
     * @return whether a request was pending
     */
    public boolean clear() {
        return (int) REQUESTED.getAndSet(this, 0) != 0;
    }

    /**
     * Whether a request is pending. Threadsafe: a volatile load; the answer may be stale by the time it is used.
     *
     * @return whether a request is pending
     */
    public boolean isRequested() {
        return (int) REQUESTED.getVolatile(this) != 0;
    }

    /**
     * The thread this poller is registered on.
     *
     * @return the owning thread, or null when not registered
     */
    Thread owner() {
        return (Thread) OWNER.getAcquire(this);
    }

    /**
     * The check point: called by {@link CheckPoint#poll()} on the owning thread. Small enough to inline into every
     * call site; the slow paths are separate methods.
     */
    void poll() {
        if ((int) REQUESTED.getOpaque(this) != 0) {
            onRequested();
        } else if (countdown != 0 && --countdown == 0) {
            onCountdown();
        }
    }

    private void onRequested() {
        // Linearization point of the delivery; acquire pairs with the requester's volatile store (see the notes).
        if ((int) REQUESTED.getAndSet(this, 0) != 0) {
            countdown = nth;
            handler.onCheckPoint();
        }
    }

    private void onCountdown() {
        countdown = nth;
        handler.onCheckPoint();
    }

    /**
     * Binds this poller to a thread; called by {@link CheckPoint#register(Poller)} on that thread.
     *
     * @param thread the current thread
     * @throws IllegalStateException if the poller is registered on a thread already
     */
    void bind(final Thread thread) {
        if (!OWNER.compareAndSet(this, (Thread) null, thread)) {
            throw new IllegalStateException("poller already registered on " + owner());
        }
    }

    /** Unbinds this poller; called by {@link CheckPoint#unregister()} on the owning thread. */
    void unbind() {
        assert owner() == Thread.currentThread() : "unbind off the owning thread";
        OWNER.setRelease(this, (Thread) null);
    }

    private boolean ownedByCurrentThreadOrUnowned() {
        final Thread t = owner();
        return t == null || t == Thread.currentThread();
    }
}
