package dev.lepus.bench.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.SplittableRandom;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.lepus.kernel.checkpoint.CheckPoint;
import dev.lepus.kernel.checkpoint.CheckPointThread;
import dev.lepus.kernel.checkpoint.Instrumenter;
import dev.lepus.kernel.checkpoint.Poller;

/**
 * What a check point costs on a hot loop: two loops over {@value #SIZE} ints, without a check point and with one per
 * iteration. Every score is per iteration (per element), so <b>ns per check point = score(with) - score(without)</b>
 * of the same loop shape, thread kind and fork.
 *
 * <ul>
 *   <li>{@code sum}: {@code s += v[i]}, which C2 vectorises; a check point in the loop stops the vectorisation, so
 *       its difference is the worst case (what the poll costs plus what it prevents).</li>
 *   <li>{@code hash}: {@code h = 31 * h + v[i]}, a serial dependency chain C2 does not vectorise: its difference is
 *       the poll itself.</li>
 * </ul>
 *
 * <p>On JMH's own worker threads (this class; they are not {@link CheckPointThread}s): {@code NoPoll} (no check
 * point), {@code PollNoPoller} (a check point, no poller registered anywhere: the no-op path of an ordinary thread)
 * and {@code PollThreadLocal} (a poller registered on the worker thread through the {@code ThreadLocal} path: the cost
 * on a virtual thread of the L4 kernel). On {@link CheckPointThread}s ({@link OnCheckPointThread}, run by a JMH
 * custom executor that creates its workers as check point threads), the path kernel threads take.
 *
 * <p>Thread contract: each JMH thread has its own state (Scope.Thread); pollers are registered on the worker thread in
 * its per-iteration setup, so a worker that changes between iterations registers again.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseParallelGC")
public class CheckPointBenchmark {

    /** Loop iterations per benchmark call. */
    public static final int SIZE = 1_000;

    private int[] values;

    /** Fills the values. */
    @Setup
    public void setUp() {
        values = values();
    }

    /**
     * The vectorisable loop with no check point.
     *
     * @return the sum
     */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    public long sumNoPoll() {
        return Loops.sum(values);
    }

    /**
     * The vectorisable loop with a check point per iteration; no poller anywhere in this JVM.
     *
     * @return the sum
     */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    public long sumPollNoPoller() {
        return Loops.sumPolled(values);
    }

    /**
     * The serial loop with no check point.
     *
     * @return the hash
     */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    public int hashNoPoll() {
        return Loops.hash(values);
    }

    /**
     * The serial loop with a check point per iteration; no poller anywhere in this JVM.
     *
     * @return the hash
     */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    public int hashPollNoPoller() {
        return Loops.hashPolled(values);
    }

    /**
     * The serial loop with a check point per iteration and a poller registered through the {@code ThreadLocal}.
     *
     * @param poller the worker's registration
     * @return the hash
     */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    public int hashPollThreadLocal(final RegisteredPoller poller) {
        return Loops.hashPolled(values);
    }

    /**
     * The vectorisable loop with a check point per iteration and a poller registered through the {@code ThreadLocal}.
     *
     * @param poller the worker's registration
     * @return the sum
     */
    @Benchmark
    @OperationsPerInvocation(SIZE)
    public long sumPollThreadLocal(final RegisteredPoller poller) {
        return Loops.sumPolled(values);
    }

    /**
     * The same loops on {@link CheckPointThread}s, with a registered poller (the kernel thread's path), with a
     * countdown (time slicing), with no poller, and as instrumented by {@link Instrumenter} (entry and back-edge
     * check points) rather than written by hand.
     */
    @State(Scope.Thread)
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    @Warmup(iterations = 5, time = 1)
    @Measurement(iterations = 5, time = 1)
    @Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Djmh.executor=CUSTOM",
        "-Djmh.executor.class=dev.lepus.bench.jmh.CheckPointBenchmark$CheckPointThreadExecutor"})
    public static class OnCheckPointThread {
        private int[] values;

        /** Fills the values; fails unless JMH runs this benchmark on a check point thread. */
        @Setup
        public void setUp() {
            if (!(Thread.currentThread() instanceof CheckPointThread)) {
                throw new IllegalStateException("not on a CheckPointThread: " + Thread.currentThread());
            }
            values = values();
        }

        /**
         * The vectorisable loop with no check point.
         *
         * @return the sum
         */
        @Benchmark
        @OperationsPerInvocation(SIZE)
        public long sumNoPoll() {
            return Loops.sum(values);
        }

        /**
         * The vectorisable loop with a check point per iteration, a poller registered, nothing requested.
         *
         * @param poller the worker's registration
         * @return the sum
         */
        @Benchmark
        @OperationsPerInvocation(SIZE)
        public long sumPoll(final RegisteredPoller poller) {
            return Loops.sumPolled(values);
        }

        /**
         * The vectorisable loop as instrumented: entry and back-edge check points, a poller registered.
         *
         * @param poller the worker's registration
         * @return the sum
         * @throws Throwable never
         */
        @Benchmark
        @OperationsPerInvocation(SIZE)
        public long sumInstrumented(final RegisteredPoller poller) throws Throwable {
            return (long) Instrumented.SUM.invokeExact(values);
        }

        /**
         * The serial loop with no check point.
         *
         * @return the hash
         */
        @Benchmark
        @OperationsPerInvocation(SIZE)
        public int hashNoPoll() {
            return Loops.hash(values);
        }

        /**
         * The serial loop with a check point per iteration, a poller registered, nothing requested.
         *
         * @param poller the worker's registration
         * @return the hash
         */
        @Benchmark
        @OperationsPerInvocation(SIZE)
        public int hashPoll(final RegisteredPoller poller) {
            return Loops.hashPolled(values);
        }

        /**
         * The serial loop with a check point per iteration and a countdown: the handler (a clock read) runs every
         * {@value CountdownPoller#NTH} check points.
         *
         * @param poller the worker's registration
         * @return the hash
         */
        @Benchmark
        @OperationsPerInvocation(SIZE)
        public int hashPollEveryNth(final CountdownPoller poller) {
            return Loops.hashPolled(values);
        }

        /**
         * The serial loop with a check point per iteration on a check point thread with no poller.
         *
         * @return the hash
         */
        @Benchmark
        @OperationsPerInvocation(SIZE)
        public int hashPollNoPoller() {
            return Loops.hashPolled(values);
        }

        /**
         * The serial loop as instrumented: entry and back-edge check points, a poller registered.
         *
         * @param poller the worker's registration
         * @return the hash
         * @throws Throwable never
         */
        @Benchmark
        @OperationsPerInvocation(SIZE)
        public int hashInstrumented(final RegisteredPoller poller) throws Throwable {
            return (int) Instrumented.HASH.invokeExact(values);
        }
    }

    /** A poller registered on the worker thread for each iteration, never requested. */
    @State(Scope.Thread)
    public static class RegisteredPoller {
        /** Counts handler calls; must stay 0. */
        long fired;

        /** Registers a poller on the worker thread. */
        @Setup(Level.Iteration)
        public void register() {
            CheckPoint.register(new Poller(() -> fired++));
        }

        /** Unregisters it; fails if the handler ever ran. */
        @TearDown(Level.Iteration)
        public void unregister() {
            CheckPoint.unregister();
            if (fired != 0) {
                throw new IllegalStateException("handler ran " + fired + " times");
            }
        }
    }

    /** A poller with a countdown, registered on the worker thread for each iteration; its handler reads the clock. */
    @State(Scope.Thread)
    public static class CountdownPoller {
        /** The countdown period. */
        public static final int NTH = 1_024;

        /** The last clock reading, as a time slicing handler would take it. */
        long lastNs;

        /** Registers the poller on the worker thread. */
        @Setup(Level.Iteration)
        public void register() {
            CheckPoint.register(new Poller(() -> lastNs = System.nanoTime()).everyNth(NTH));
        }

        /** Unregisters it; fails if the handler never ran. */
        @TearDown(Level.Iteration)
        public void unregister() {
            CheckPoint.unregister();
            if (lastNs == 0) {
                throw new IllegalStateException("countdown never fired");
            }
        }
    }

    /**
     * The loops. Public, so that an instrumented copy defined by another class loader can be called.
     *
     * <p>Thread contract: stateless; threadsafe.
     */
    public static final class Loops {
        private Loops() {
        }

        /**
         * The sum.
         *
         * @param v values
         * @return their sum
         */
        public static long sum(final int[] v) {
            long s = 0;
            for (int i = 0; i < v.length; i++) {
                s += v[i];
            }
            return s;
        }

        /**
         * The sum, with a check point per iteration.
         *
         * @param v values
         * @return their sum
         */
        public static long sumPolled(final int[] v) {
            long s = 0;
            for (int i = 0; i < v.length; i++) {
                s += v[i];
                CheckPoint.poll();
            }
            return s;
        }

        /**
         * A polynomial hash.
         *
         * @param v values
         * @return their hash
         */
        public static int hash(final int[] v) {
            int h = 1;
            for (int i = 0; i < v.length; i++) {
                h = 31 * h + v[i];
            }
            return h;
        }

        /**
         * A polynomial hash, with a check point per iteration.
         *
         * @param v values
         * @return their hash
         */
        public static int hashPolled(final int[] v) {
            int h = 1;
            for (int i = 0; i < v.length; i++) {
                h = 31 * h + v[i];
                CheckPoint.poll();
            }
            return h;
        }
    }

    /** {@link Loops#sum} and {@link Loops#hash} from an instrumented copy of {@link Loops}, as constants. */
    static final class Instrumented {
        static final MethodHandle SUM;
        static final MethodHandle HASH;

        static {
            final String resource = Loops.class.getName().replace('.', '/') + ".class";
            final byte[] original;
            try (InputStream in = Loops.class.getClassLoader().getResourceAsStream(resource)) {
                original = in.readAllBytes();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            final Class<?> copy = new ByteLoader().define(Instrumenter.instrument(original));
            try {
                SUM = MethodHandles.publicLookup()
                    .findStatic(copy, "sum", MethodType.methodType(long.class, int[].class));
                HASH = MethodHandles.publicLookup()
                    .findStatic(copy, "hash", MethodType.methodType(int.class, int[].class));
            } catch (final ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private Instrumented() {
        }
    }

    /** Defines one class from bytes, as the component loader does. */
    static final class ByteLoader extends ClassLoader {
        ByteLoader() {
            super("instrumented-loops", CheckPointBenchmark.class.getClassLoader());
        }

        Class<?> define(final byte[] bytes) {
            return defineClass(null, bytes, 0, bytes.length);
        }
    }

    /**
     * The JMH executor for {@link OnCheckPointThread} ({@code -Djmh.executor=CUSTOM}): a fixed pool whose workers are
     * {@link CheckPointThread}s, as a kernel runner's threads are.
     */
    public static final class CheckPointThreadExecutor extends ThreadPoolExecutor {
        /**
         * The pool, as JMH constructs it.
         *
         * @param maxThreads the number of workers
         * @param prefix the workers' name prefix
         */
        public CheckPointThreadExecutor(final int maxThreads, final String prefix) {
            super(maxThreads, maxThreads, 1, TimeUnit.MINUTES, new LinkedBlockingQueue<>(), factory(prefix));
        }

        private static ThreadFactory factory(final String prefix) {
            final AtomicInteger next = new AtomicInteger();
            return task -> {
                final CheckPointThread thread = new CheckPointThread(task, prefix + "-cp-" + next.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
        }
    }

    private static int[] values() {
        final SplittableRandom random = new SplittableRandom(42);
        final int[] v = new int[SIZE];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextInt();
        }
        return v;
    }
}
