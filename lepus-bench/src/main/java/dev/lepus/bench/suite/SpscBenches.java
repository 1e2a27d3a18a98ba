package dev.lepus.bench.suite;

import org.jctools.queues.SpscArrayQueue;

/**
 * The floor for cross-kernel messaging: two plain platform threads spinning on JCTools single-producer
 * single-consumer array queues, the fastest a JVM passes references between two cores. There is no kernel, no
 * mailbox, no capability and no scheduling: what Lepus adds to it is its overhead.
 *
 * <p>Measured as the Lepus side is: the first tenth of the rounds or messages is a warm-up inside the run.
 *
 * <p>Thread contract: called from the harness thread, which is one of the two spinning threads; each measurement
 * starts and joins the other.
 */
final class SpscBenches {

    private SpscBenches() {
    }

    /**
     * The mean round-trip time of a ping-pong over two queues, one ball in flight; the same number of rounds as
     * {@link PingPong#crossKernel}.
     *
     * @param scale 1 for quick, larger for a full run
     * @return nanoseconds per round trip
     */
    static Measurement pingPongRtt(final int scale) {
        final long rounds = 500_000L * scale;
        final long warmup = rounds / 10;
        final SpscArrayQueue<Object> there = new SpscArrayQueue<>(1024);
        final SpscArrayQueue<Object> back = new SpscArrayQueue<>(1024);
        final Thread pong = Thread.ofPlatform().name("spsc-pong").start(() -> {
            for (long i = 0; i < rounds; i++) {
                Object ball;
                while ((ball = there.relaxedPoll()) == null) {
                    Thread.onSpinWait();
                }
                while (!back.relaxedOffer(ball)) {
                    Thread.onSpinWait();
                }
            }
        });
        long startNs = 0;
        for (long i = 0; i < rounds; i++) {
            if (i == warmup) {
                startNs = System.nanoTime();
            }
            final Object ball = new PingPong.Ball(i); // a fresh message per round, as the Lepus ping sends
            while (!there.relaxedOffer(ball)) {
                Thread.onSpinWait();
            }
            while (back.relaxedPoll() == null) {
                Thread.onSpinWait();
            }
        }
        final long endNs = System.nanoTime();
        join(pong);
        return Measurement.per(endNs - startNs, rounds - warmup, "ns");
    }

    /**
     * One-way throughput from the harness thread to a consumer thread through one queue of the capacity of a Lepus
     * channel; the same number of messages as {@link OneWay#crossKernel}.
     *
     * @param scale 1 for quick, larger for a full run
     * @return messages per second, measured by the consumer
     */
    static Measurement oneWayThroughput(final int scale) {
        final long total = 20_000_000L * scale;
        final long from = total / 10;
        final SpscArrayQueue<Object> q = new SpscArrayQueue<>(16384);
        final long[] window = new long[2];
        final Thread consumer = Thread.ofPlatform().name("spsc-consumer").start(() -> {
            long received = 0;
            while (received < total) {
                if (q.relaxedPoll() != null) {
                    received++;
                    if (received == from) {
                        window[0] = System.nanoTime();
                    }
                } else {
                    Thread.onSpinWait();
                }
            }
            window[1] = System.nanoTime();
        });
        for (long i = 0; i < total; i++) {
            final Object m = new OneWay.Flow.Item(i); // a fresh message each, as the Lepus source sends
            while (!q.relaxedOffer(m)) {
                Thread.onSpinWait();
            }
        }
        join(consumer); // publishes window[] to this thread
        return Measurement.rate(total - from, window[1] - window[0], "msg/s");
    }

    private static void join(final Thread t) {
        try {
            t.join();
        } catch (final InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", ex);
        }
    }
}
