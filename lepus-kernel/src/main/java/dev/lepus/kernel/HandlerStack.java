package dev.lepus.kernel;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.locks.LockSupport;

/**
 * A stack of its own for a handler that may suspend in {@code await}: a continuation on an L3 kernel, the component's
 * own thread on an L4 kernel. The kernel calls {@link #run} (or {@link #resume}), which returns when the handler
 * finished or suspended; the handler calls {@link #suspend} from its own stack. Either way only one of the two runs
 * at a time: the kernel's state is touched by one thread at a time, as on L1.
 *
 * <p>Thread contract: {@link #run}, {@link #resume} and {@link #discard} on the kernel's thread; {@link #suspend} on
 * the handler's stack.
 */
abstract sealed class HandlerStack permits HandlerStack.OnContinuation, HandlerStack.OnThread {

    /**
     * Runs a handler until it finishes or suspends.
     *
     * @return true if it finished
     */
    abstract boolean run(Runnable handler);

    /**
     * Resumes a suspended handler until it finishes or suspends again.
     *
     * @return true if it finished
     */
    abstract boolean resume();

    /** Called on the handler's stack: returns when the kernel resumes it. */
    abstract void suspend();

    /** Drops a suspended handler (its component stopped) and releases what the stack holds. */
    abstract void discard();

    /** Thrown on a discarded handler's stack, to unwind it; never reaches component code's catch (Exception). */
    static final class Discarded extends Error {
        private static final long serialVersionUID = 1L;

        Discarded() {
            super("the component stopped while its handler was suspended", null, false, false);
        }
    }

    /**
     * L3: the JDK's internal {@code jdk.internal.vm.Continuation}, the machinery under virtual threads, reached through
     * method handles (the package is not exported: the JVM needs
     * {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}, which {@code bin/lepus} and the build pass). This
     * is the one class that touches it.
     */
    static final class OnContinuation extends HandlerStack {

        private static final MethodHandle NEW;
        private static final MethodHandle RUN;
        private static final MethodHandle YIELD;
        private static final MethodHandle IS_DONE;
        private static final Object SCOPE;
        private static final String MISSING;

        static {
            MethodHandle make = null;
            MethodHandle run = null;
            MethodHandle yield = null;
            MethodHandle done = null;
            Object scope = null;
            String missing = null;
            try {
                final MethodHandles.Lookup lookup = MethodHandles.lookup(); // exported to this (unnamed) module only
                final Class<?> scopeType = Class.forName("jdk.internal.vm.ContinuationScope");
                final Class<?> type = Class.forName("jdk.internal.vm.Continuation");
                scope = lookup.findConstructor(scopeType, MethodType.methodType(void.class, String.class))
                    .invoke("lepus-L3");
                make = lookup.findConstructor(type, MethodType.methodType(void.class, scopeType, Runnable.class));
                run = lookup.findVirtual(type, "run", MethodType.methodType(void.class));
                yield = lookup.findStatic(type, "yield", MethodType.methodType(boolean.class, scopeType));
                done = lookup.findVirtual(type, "isDone", MethodType.methodType(boolean.class));
            } catch (final Throwable t) {
                missing = "the L3 kernel needs the JDK's continuations: run the JVM with --add-exports "
                    + "java.base/jdk.internal.vm=ALL-UNNAMED (bin/lepus does): " + t;
            }
            NEW = make;
            RUN = run;
            YIELD = yield;
            IS_DONE = done;
            SCOPE = scope;
            MISSING = missing;
        }

        private Object continuation;

        /** @throws IllegalStateException if the JVM does not give access to continuations */
        static void check() {
            if (MISSING != null) {
                throw new IllegalStateException(MISSING);
            }
        }

        @Override
        boolean run(final Runnable handler) {
            try {
                continuation = NEW.invoke(SCOPE, handler);
            } catch (final Throwable t) {
                throw new IllegalStateException("cannot make a continuation", t);
            }
            return resume();
        }

        @Override
        boolean resume() {
            try {
                RUN.invoke(continuation);
                return (boolean) IS_DONE.invoke(continuation);
            } catch (final RuntimeException | Error e) {
                throw e;
            } catch (final Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        @Override
        void suspend() {
            final boolean yielded;
            try {
                yielded = (boolean) YIELD.invoke(SCOPE);
            } catch (final RuntimeException | Error e) {
                throw new IllegalStateException("await cannot suspend here (a monitor held, or a native frame on "
                    + "the stack: the continuation is pinned): " + e.getMessage(), e);
            } catch (final Throwable t) {
                throw new IllegalStateException(t);
            }
            if (!yielded) {
                throw new IllegalStateException("await cannot suspend here: the continuation is pinned");
            }
        }

        @Override
        void discard() {
            continuation = null; // its frames go with it
        }
    }

    /**
     * L4: the component's own thread (virtual by default), started at its first event and kept for the component's
     * life. Hand-over by a volatile phase and park/unpark: the kernel writes the work, sets RUNNING and waits while
     * the phase stays RUNNING; the component's thread runs, then sets DONE or SUSPENDED and wakes the kernel. Each
     * volatile write publishes what its writer did before it (happens-before), so kernel state passes cleanly from
     * one thread to the other.
     */
    static final class OnThread extends HandlerStack {

        private static final int IDLE = 0;
        private static final int RUNNING = 1;
        private static final int SUSPENDED = 2;
        private static final int DONE = 3;

        private final Kernel kernel;
        private final String name;
        private final boolean virtual;
        private volatile int phase = IDLE;
        private volatile boolean dead;
        private Runnable work;
        private Thread thread;
        private Thread waiter;
        private Throwable escaped;
        /** This thread's poller, when the kernel has check points at all. */
        private volatile dev.lepus.kernel.checkpoint.Poller threadPoller;

        OnThread(final Kernel kernel, final String name, final boolean virtual) {
            this.kernel = kernel;
            this.name = name;
            this.virtual = virtual;
        }

        @Override
        boolean run(final Runnable handler) {
            work = handler;
            if (thread == null) {
                final Thread.Builder b = virtual ? Thread.ofVirtual() : Thread.ofPlatform().daemon();
                thread = b.name("lepus-L4-" + name).unstarted(this::loop);
                phase = RUNNING;
                handOver(true);
            } else {
                phase = RUNNING;
                handOver(false);
            }
            return finishedOrSuspended();
        }

        @Override
        boolean resume() {
            phase = RUNNING;
            handOver(false);
            return finishedOrSuspended();
        }

        private void handOver(final boolean start) {
            waiter = Thread.currentThread();
            kernel.handlerThread = thread;
            final dev.lepus.kernel.checkpoint.Poller own = kernel.activePoller;
            if (threadPoller != null) {
                kernel.activePoller = threadPoller;
            }
            if (start) {
                thread.start();
            } else {
                LockSupport.unpark(thread);
            }
            while (phase == RUNNING) {
                LockSupport.park(this);
            }
            kernel.activePoller = own;
            kernel.handlerThread = null;
        }

        private boolean finishedOrSuspended() {
            final Throwable t = escaped;
            if (t != null) {
                escaped = null;
                if (t instanceof RuntimeException re) {
                    throw re;
                }
                throw (Error) t;
            }
            if (phase == DONE) {
                phase = IDLE;
                return true;
            }
            return false;
        }

        @Override
        void suspend() {
            phase = SUSPENDED;
            LockSupport.unpark(waiter);
            while (phase != RUNNING) {
                if (dead) {
                    throw new Discarded();
                }
                LockSupport.park(this);
            }
        }

        @Override
        void discard() {
            dead = true;
            if (thread != null) {
                LockSupport.unpark(thread);
            }
        }

        private void loop() {
            if (kernel.poller() != null) { // the watchdog reaches this thread's check points through its own poller
                threadPoller = new dev.lepus.kernel.checkpoint.Poller(kernel::onCheckPoint);
                dev.lepus.kernel.checkpoint.CheckPoint.register(threadPoller);
            }
            while (!dead) {
                if (phase != RUNNING) {
                    LockSupport.park(this);
                    continue;
                }
                try {
                    work.run();
                } catch (final Discarded d) {
                    return;
                } catch (final RuntimeException | Error t) {
                    escaped = t; // the kernel rethrows it on its own thread
                }
                work = null;
                phase = DONE;
                LockSupport.unpark(waiter);
            }
        }
    }
}
