package dev.lepus.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.lepus.kernel.channel.ChannelHandler;
import dev.lepus.kernel.channel.OneToOneChannel;

/**
 * The cost of one channel round on one thread: offer, publish and drain of a {@link OneToOneChannel}, against offer
 * and poll of a JCTools {@link SpscArrayQueue} of the same capacity. One thread plays both sides, so this is the
 * instruction cost of the ring, without cache-line transfers (see {@link ChannelThroughputBenchmark} for those).
 *
 * <p>{@code single}: one entry per round, published on its own. {@code batch}: {@value #BATCH} entries offered, one
 * publish, one drain, as a kernel does once per duty cycle; the score is per entry.
 *
 * <p>Thread contract: each JMH thread has its own state (Scope.Thread); run it with one thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseParallelGC")
public class ChannelRoundBenchmark {

    /** Entries per batch round. */
    public static final int BATCH = 64;
    /** Capacity of both rings, the default channel capacity of a node. */
    public static final int CAPACITY = 16384;

    private static final Object TARGET = new Object();
    private static final Object MESSAGE = new Object();

    private OneToOneChannel channel;
    private SpscArrayQueue<Object> queue;
    private Sink sink;

    /** Takes every entry and keeps the last message, so that the drain cannot be optimized away. */
    static final class Sink implements ChannelHandler {
        Object last;

        @Override
        public boolean onEntry(final Object target, final Object message, final Object meta) {
            last = message;
            return true;
        }
    }

    /** Makes both rings and primes them (one full pass, so that every slot and code path was touched once). */
    @Setup
    public void setUp() {
        channel = new OneToOneChannel(CAPACITY);
        queue = new SpscArrayQueue<>(CAPACITY);
        sink = new Sink();
        for (int i = 0; i < CAPACITY; i++) {
            channel.offer(TARGET, MESSAGE, null);
            channel.publish();
            channel.drain(sink, 1);
            queue.offer(MESSAGE);
            queue.poll();
        }
    }

    /**
     * One entry: offer, publish, drain.
     *
     * @return the drained message
     */
    @Benchmark
    public Object channelSingle() {
        final OneToOneChannel ch = channel;
        ch.offer(TARGET, MESSAGE, null);
        ch.publish();
        ch.drain(sink, 1);
        return sink.last;
    }

    /**
     * One entry: offer, poll.
     *
     * @return the polled message
     */
    @Benchmark
    public Object spscSingle() {
        final SpscArrayQueue<Object> q = queue;
        q.offer(MESSAGE);
        return q.poll();
    }

    /**
     * {@value #BATCH} offers, one publish, one drain; the score is per entry.
     *
     * @return the last drained message
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object channelBatch() {
        final OneToOneChannel ch = channel;
        for (int i = 0; i < BATCH; i++) {
            ch.offer(TARGET, MESSAGE, null);
        }
        ch.publish();
        ch.drain(sink, BATCH);
        return sink.last;
    }

    /**
     * {@value #BATCH} offers, then {@value #BATCH} polls; the score is per entry.
     *
     * @return the last polled message
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object spscBatch() {
        final SpscArrayQueue<Object> q = queue;
        for (int i = 0; i < BATCH; i++) {
            q.offer(MESSAGE);
        }
        Object last = null;
        for (int i = 0; i < BATCH; i++) {
            last = q.poll();
        }
        return last;
    }
}
