package dev.lepus.kernel.checkpoint;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.Optional;

/**
 * The check point: {@link #poll()} is the call the component loader inserts at the entry of every method and before
 * every loop back-edge of component code (see {@link Instrumenter}), so that a running handler passes a check point at
 * least once per loop iteration and per call. When nothing is requested a check point costs a few loads and two
 * not-taken branches; when the current thread's {@link Poller} was requested (or its countdown ran out) it calls the
 * poller's {@link CheckPointHandler}, which may dispatch a higher-priority event right there (L2), yield the running
 * continuation (L3), or throw to abort a runaway handler (watchdog).
 *
 * <p>Thread contract: threadsafe; every method acts on the calling thread's own poller. On a
 * {@link CheckPointThread} the poller lives in a field of the thread; on any other thread (virtual threads of the L4
 * kernel, test threads) in a {@link ThreadLocal}. On a thread with no poller, {@code poll()} does nothing.
 */
public final class CheckPoint {

    /*
     * Implementation notes.
     *
     * poll() on a CheckPointThread:  Thread.currentThread() (an intrinsic: one load from the JVM's thread structure),
     * a type check against CheckPointThread, a load of its poller field, a null check, an opaque load of the poller's
     * request flag and a plain load of its countdown. The ThreadLocal branch is never taken on such a thread, so the
     * JIT compiles it as an uncommon trap: it costs nothing there.
     *
     * poll() on another thread: a plain load of THREAD_LOCAL_POLLERS first, so that threads with no poller skip the
     * ThreadLocal lookup while no thread at all has registered through it. A plain load is correct: a thread needs to
     * see only its own registration, which precedes its check points in program order; other threads' increments and
     * decrements (atomic, so never below this thread's own contribution) cannot make it read 0 while it is registered.
     *
     * Ordering between a requester and the handler: see Poller's notes. The poll itself orders nothing.
     */

    /** Pollers of threads that are not {@link CheckPointThread}s. */
    private static final ThreadLocal<Poller> OTHER_THREAD_POLLERS = new ThreadLocal<>();

    /**
     * How many threads have a poller in {@link #OTHER_THREAD_POLLERS}. Written by registering and unregistering threads
     * with atomic get-and-add ({@link #THREAD_LOCAL_POLLERS_HANDLE}); read plain by {@link #poll()} (see the notes).
     */
    private static int threadLocalPollers;

    private static final VarHandle THREAD_LOCAL_POLLERS_HANDLE;

    static {
        try {
            THREAD_LOCAL_POLLERS_HANDLE = MethodHandles.lookup()
                .findStaticVarHandle(CheckPoint.class, "threadLocalPollers", int.class);
        } catch (final ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private CheckPoint() {
    }

    /**
     * A check point. Does nothing unless the current thread has a registered {@link Poller} that was requested or
     * whose countdown ran out; then runs the poller's handler, and whatever the handler throws propagates out of this
     * call into the code that reached the check point, unwinding it.
     */
    public static void poll() {
        final Thread thread = Thread.currentThread();
        if (thread instanceof CheckPointThread c) {
            final Poller poller = c.poller;
            if (poller != null) {
                poller.poll();
            }
        } else if (threadLocalPollers != 0) {
            pollOtherThread();
        }
    }

    private static void pollOtherThread() {
        final Poller poller = OTHER_THREAD_POLLERS.get();
        if (poller != null) {
            poller.poll();
        }
    }

    /**
     * Registers a poller for the current thread: from now on the thread's check points consult it.
     *
     * @param poller the poller; not registered on any thread
     * @throws IllegalStateException if the current thread has a poller already, or the poller is registered on a
     *     thread already
     */
    public static void register(final Poller poller) {
        Objects.requireNonNull(poller, "poller");
        final Thread thread = Thread.currentThread();
        if (current(thread) != null) {
            throw new IllegalStateException("thread " + thread.getName() + " has a poller already");
        }
        poller.bind(thread);
        if (thread instanceof CheckPointThread c) {
            c.poller = poller;
        } else {
            OTHER_THREAD_POLLERS.set(poller);
            THREAD_LOCAL_POLLERS_HANDLE.getAndAdd(1);
        }
    }

    /**
     * Removes the current thread's poller, if any: from now on the thread's check points do nothing. A pending request
     * stays pending in the poller.
     *
     * @return the poller that was registered
     */
    public static Optional<Poller> unregister() {
        final Thread thread = Thread.currentThread();
        final Poller poller = current(thread);
        if (poller == null) {
            return Optional.empty();
        }
        if (thread instanceof CheckPointThread c) {
            c.poller = null;
        } else {
            OTHER_THREAD_POLLERS.remove();
            THREAD_LOCAL_POLLERS_HANDLE.getAndAdd(-1);
        }
        poller.unbind();
        return Optional.of(poller);
    }

    /**
     * The current thread's poller.
     *
     * @return the poller registered on the current thread, if any
     */
    public static Optional<Poller> current() {
        return Optional.ofNullable(current(Thread.currentThread()));
    }

    private static Poller current(final Thread thread) {
        return thread instanceof CheckPointThread c ? c.poller : OTHER_THREAD_POLLERS.get();
    }
}
