package dev.lepus.bench.suite;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.RestartPolicy;
import dev.lepus.api.SendResult;
import dev.lepus.api.Spawn;

/**
 * Lepus call and reply: {@link Ping} sends a ball, {@link Pong} returns it, {@code rounds} times, one ball in flight.
 * On one kernel that measures a local send, a dispatch and a reply; on two kernels it measures the round trip over the
 * two channels between them.
 *
 * <p>The first tenth of the rounds is a warm-up inside the run (kernel threads starting, caches, the mailboxes
 * growing); the clock runs over the other nine tenths. The components read {@code System.nanoTime()} and publish the
 * result in static fields: this is a harness, not a component to copy (a component gets time from
 * {@code ctx.nowNs()}, which is the time at the start of the kernel's duty cycle, too coarse for one round trip).
 *
 * <p>Thread contract: {@link #run} is called from the harness thread, one run at a time.
 */
final class PingPong {

    /**
     * The ball.
     *
     * @param seq the round it belongs to
     */
    record Ball(long seq) {
    }

    /** Written by the ping component's kernel thread; read by the harness after the node exited. */
    private static volatile long startNs;
    private static volatile long endNs;

    private PingPong() {
    }

    /**
     * Plays {@code rounds} rounds between a ping on kernel 0 and a pong on the last kernel.
     *
     * @param kernels 1 for same-kernel, 2 for cross-kernel
     * @param rounds the rounds, warm-up included
     * @return the nanoseconds of the measured rounds, and how many there were, as {@code {ns, rounds}}
     */
    static long[] run(final int kernels, final long rounds) {
        final long warmup = rounds / 10;
        LepusRun.run(kernels, node -> {
            final Cap<Ball> ping = node.spawn(Spawn.<Ball>of("ping", () -> new Ping(rounds, warmup)).onKernel(0)
                .restart(RestartPolicy.escalate()));
            final Cap<Ball> pong = node.spawn(Spawn.<Ball>of("pong", Pong::new).onKernel(kernels - 1)
                .restart(RestartPolicy.escalate()));
            node.grant(ping, "peer", pong);
            node.grant(pong, "peer", ping);
        });
        return new long[] {endNs - startNs, rounds - warmup};
    }

    /**
     * Round trips per second between two components on one kernel.
     *
     * @param scale 1 for quick, larger for a full run
     * @return the rate
     */
    static Measurement sameKernel(final int scale) {
        final long[] r = run(1, 2_000_000L * scale);
        return Measurement.rate(r[1], r[0], "round-trips/s");
    }

    /**
     * The mean round-trip time between components on two kernels.
     *
     * @param scale 1 for quick, larger for a full run
     * @return nanoseconds per round trip
     */
    static Measurement crossKernel(final int scale) {
        final long[] r = run(2, 500_000L * scale);
        return Measurement.per(r[0], r[1], "ns");
    }

    /** Serves the ball {@code rounds} times, then shuts the system down. */
    static final class Ping implements Component<Ball> {
        private final long rounds;
        private final long warmup;
        private Cap<Ball> peer;

        Ping(final long rounds, final long warmup) {
            this.rounds = rounds;
            this.warmup = warmup;
        }

        @Override
        public void onStart(final Context<Ball> ctx) {
            peer = ctx.granted("peer");
            serve(ctx, 0);
        }

        @Override
        public void onMessage(final Context<Ball> ctx, final Ball ball) {
            final long next = ball.seq() + 1;
            if (next == warmup) {
                startNs = System.nanoTime();
            }
            if (next < rounds) {
                serve(ctx, next);
            } else {
                endNs = System.nanoTime();
                ctx.shutdown(0);
            }
        }

        private void serve(final Context<Ball> ctx, final long seq) {
            final SendResult r = ctx.send(peer, new Ball(seq));
            if (r != SendResult.OK) {
                throw new IllegalStateException("one ball in flight, and the send was refused: " + r);
            }
        }
    }

    /** Returns every ball to the peer it was granted. */
    static final class Pong implements Component<Ball> {
        private Cap<Ball> peer;

        @Override
        public void onStart(final Context<Ball> ctx) {
            peer = ctx.granted("peer");
        }

        @Override
        public void onMessage(final Context<Ball> ctx, final Ball ball) {
            final SendResult r = ctx.send(peer, ball);
            if (r != SendResult.OK) {
                throw new IllegalStateException("one ball in flight, and the reply was refused: " + r);
            }
        }
    }
}
