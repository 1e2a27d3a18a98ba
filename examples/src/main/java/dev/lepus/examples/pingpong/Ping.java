package dev.lepus.examples.pingpong;

import java.util.Arrays;
import java.util.Locale;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;

/**
 * Serves {@code rounds} balls, one at a time, to the component granted as {@code pong}; measures every round trip
 * with the kernel clock; prints throughput and round-trip percentiles (the first {@code warmup} rounds excluded), and
 * shuts the system down with exit code 0.
 */
public final class Ping implements Component<Ball> {

    private long rounds;
    private int warmup;
    private long[] rttNs;
    private long sentNs;
    private long startNs;
    private Cap<Ball> pong;

    /** A fresh player. */
    public Ping() {
    }

    @Override
    public void onStart(final Context<Ball> ctx) {
        rounds = ctx.config().longValue("rounds", 1_000_000);
        if (rounds < 1 || rounds > 100_000_000) {
            throw new IllegalArgumentException("config rounds must be in 1..100000000: " + rounds);
        }
        warmup = (int) Math.min(rounds / 10, 100_000);
        rttNs = new long[(int) (rounds - warmup)];
        pong = ctx.granted("pong");
        serve(ctx, 0);
    }

    @Override
    public void onMessage(final Context<Ball> ctx, final Ball ball) {
        final long now = ctx.nowNs();
        final long seq = ball.seq();
        if (seq >= warmup) {
            rttNs[(int) (seq - warmup)] = now - sentNs;
        } else if (seq == warmup - 1) {
            startNs = now;
        }
        if (seq + 1 < rounds) {
            serve(ctx, seq + 1);
        } else {
            report(ctx, now);
            ctx.shutdown(0);
        }
    }

    private void serve(final Context<Ball> ctx, final long seq) {
        sentNs = ctx.nowNs();
        if (seq == 0 && warmup == 0) {
            startNs = sentNs;
        }
        if (!ctx.send(pong, new Ball(seq, ctx.self())).accepted()) {
            throw new IllegalStateException("pong refused ball " + seq);
        }
    }

    private void report(final Context<Ball> ctx, final long nowNs) {
        final long measured = rttNs.length;
        Arrays.sort(rttNs);
        final double seconds = Math.max(1, nowNs - startNs) / 1e9;
        ctx.log(String.format(Locale.ROOT, "%d round trips (%d warm-up) in %.3f s: %.0f round trips/s",
            measured, warmup, seconds, measured / seconds));
        ctx.log(String.format(Locale.ROOT, "round trip ns: p50=%d p90=%d p99=%d p99.9=%d max=%d",
            percentile(0.50), percentile(0.90), percentile(0.99), percentile(0.999), rttNs[rttNs.length - 1]));
    }

    private long percentile(final double q) {
        return rttNs[(int) Math.min(rttNs.length - 1, Math.ceil(q * rttNs.length) - 1)];
    }
}
