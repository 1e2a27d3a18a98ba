package dev.lepus.bench.jmh;

import java.util.concurrent.TimeUnit;

import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.lepus.kernel.channel.ChannelHandler;
import dev.lepus.kernel.channel.OneToOneChannel;

/**
 * Cross-thread throughput of a {@link OneToOneChannel} against a JCTools {@link SpscArrayQueue}: one producer thread
 * and one consumer thread, neither of which ever blocks (the shape of JCTools' {@code QueueThroughputBackoffNone}).
 * The primary score counts invocations of both threads and means little; read the auxiliary counters:
 * {@code offersMade} is the throughput, {@code offersFailed} and {@code pollsFailed} how often a side found the ring
 * full or empty.
 *
 * <p>The channel producer publishes after every {@code batch} offers (1 = every entry visible at once, as a JCTools
 * offer is; 64 = a kernel's batching, one release store per duty cycle); the consumer drains up to 1024 entries per
 * call, as a kernel does.
 *
 * <p>Thread contract: run as a group of exactly one producer and one consumer (the default here); on a two-core
 * machine nothing else should run.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-XX:+UseParallelGC")
public class ChannelThroughputBenchmark {

    /** Capacity of both rings, the default channel capacity of a node. */
    public static final int CAPACITY = 16384;
    /** Entries a drain takes at most, as a kernel's duty cycle does. */
    public static final int DRAIN_LIMIT = 1024;

    private static final Object TARGET = new Object();
    private static final Object MESSAGE = new Object();

    /** Takes every entry. */
    private static final ChannelHandler DISCARD = (target, message, meta) -> true;

    private OneToOneChannel channel;
    private SpscArrayQueue<Object> queue;

    /** Makes the rings. */
    @Setup
    public void setUp() {
        channel = new OneToOneChannel(CAPACITY);
        queue = new SpscArrayQueue<>(CAPACITY);
    }

    /** The producer's counters; reported as rates. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class OfferCounters {
        /** Entries offered and accepted. */
        public long offersMade;
        /** Offers refused because the ring was full. */
        public long offersFailed;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void clean() {
            offersMade = 0;
            offersFailed = 0;
        }
    }

    /** The consumer's counters; reported as rates. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class PollCounters {
        /** Entries taken. */
        public long pollsMade;
        /** Polls or drains that found the ring empty. */
        public long pollsFailed;

        /** Starts each iteration from zero. */
        @Setup(Level.Iteration)
        public void clean() {
            pollsMade = 0;
            pollsFailed = 0;
        }
    }

    /** The producer's batch: entries offered per publish. */
    @State(Scope.Thread)
    public static class Batch {
        /** Entries offered per publish. */
        @Param({"1", "64"})
        public int batch;
    }

    /**
     * Offers {@code batch} entries (stopping at the first refusal), then publishes.
     *
     * @param counters the producer's counters
     * @param b the batch size
     */
    @Benchmark
    @Group("channel")
    @GroupThreads(1)
    public void channelOffer(final OfferCounters counters, final Batch b) {
        final OneToOneChannel ch = channel;
        final int n = b.batch;
        for (int i = 0; i < n; i++) {
            if (!ch.offer(TARGET, MESSAGE, null)) {
                counters.offersFailed++;
                break;
            }
            counters.offersMade++;
        }
        ch.publish();
    }

    /**
     * Drains up to {@value #DRAIN_LIMIT} entries.
     *
     * @param counters the consumer's counters
     */
    @Benchmark
    @Group("channel")
    @GroupThreads(1)
    public void channelDrain(final PollCounters counters) {
        final int n = channel.drain(DISCARD, DRAIN_LIMIT);
        if (n == 0) {
            counters.pollsFailed++;
        } else {
            counters.pollsMade += n;
        }
    }

    /**
     * Offers {@code batch} entries, stopping at the first refusal.
     *
     * @param counters the producer's counters
     * @param b the batch size
     */
    @Benchmark
    @Group("spsc")
    @GroupThreads(1)
    public void spscOffer(final OfferCounters counters, final Batch b) {
        final SpscArrayQueue<Object> q = queue;
        final int n = b.batch;
        for (int i = 0; i < n; i++) {
            if (!q.offer(MESSAGE)) {
                counters.offersFailed++;
                break;
            }
            counters.offersMade++;
        }
    }

    /**
     * Polls up to {@value #DRAIN_LIMIT} entries.
     *
     * @param counters the consumer's counters
     */
    @Benchmark
    @Group("spsc")
    @GroupThreads(1)
    public void spscPoll(final PollCounters counters) {
        final SpscArrayQueue<Object> q = queue;
        int n = 0;
        while (n < DRAIN_LIMIT && q.poll() != null) {
            n++;
        }
        if (n == 0) {
            counters.pollsFailed++;
        } else {
            counters.pollsMade += n;
        }
    }
}
