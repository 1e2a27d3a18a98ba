package dev.lepus.examples.fanout;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Spawn;

/**
 * The coordinator: spawns {@code workers} workers spread over the kernels and {@code sources} sources (source i on
 * kernel i modulo the kernel count given as {@code kernels}), waits for every worker's count, checks that every
 * message arrived exactly once, prints the rate, and shuts the system down: exit 0 if all arrived, 1 if not.
 */
public final class Fanout implements Component<FanoutProtocol> {

    private int workers;
    private long messages;
    private long startNs;
    private int reported;
    private long received;
    private long sum;

    /** A fresh coordinator. */
    public Fanout() {
    }

    @Override
    public void onStart(final Context<FanoutProtocol> ctx) {
        workers = ctx.config().intValue("workers", 1000);
        messages = ctx.config().longValue("messages", 10_000_000);
        final int sources = ctx.config().intValue("sources", 2);
        final int kernels = ctx.config().intValue("kernels", sources);
        if (workers < 1 || sources < 1 || messages < 0 || kernels < 1) {
            throw new IllegalArgumentException("workers, sources and kernels must be >= 1, messages >= 0");
        }
        startNs = ctx.nowNs();
        final Cap<FanoutProtocol> self = ctx.self();
        final List<Cap<FanoutProtocol>> caps = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            caps.add(ctx.spawn(Spawn.of("worker-" + i, () -> new Worker(self, sources))));
        }
        final List<Cap<FanoutProtocol>> all = List.copyOf(caps);
        for (int s = 0; s < sources; s++) {
            final long share = messages / sources + (s < messages % sources ? 1 : 0);
            final long offset = s;
            ctx.spawn(Spawn.of("source-" + s, () -> new Source(all, share, offset)).onKernel(s % kernels));
        }
    }

    @Override
    public void onMessage(final Context<FanoutProtocol> ctx, final FanoutProtocol message) {
        if (!(message instanceof FanoutProtocol.Count c)) {
            throw new IllegalArgumentException("unexpected " + message);
        }
        reported++;
        received += c.received();
        sum += c.sum();
        if (reported == workers) {
            final double seconds = Math.max(1, ctx.nowNs() - startNs) / 1e9;
            ctx.log(String.format(Locale.ROOT, "%d messages to %d workers in %.3f s: %.0f messages/s",
                received, workers, seconds, received / seconds));
            final boolean exact = received == messages;
            if (!exact) {
                ctx.log("MISMATCH: sent " + messages + ", received " + received);
            }
            ctx.shutdown(exact ? 0 : 1);
        }
    }
}
