package dev.lepus.examples.durable;

import java.time.Duration;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Cap;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/**
 * Counts the ticks of a periodic timer, logs each count, and tells the ledger. Its whole state is its count: after a
 * durable restart it logs the count after its last committed tick, plus one. Configuration: {@code period_ms}
 * (default 1), {@code ticks} (stop after this many; default: never).
 */
@Manifest(name = "ticker", groups = {ApiGroup.CORE, ApiGroup.TIMERS})
public final class Ticker implements Component<Ticker.Tick> {

    /** The protocol: a timer tick. */
    public enum Tick {
        /** One tick. */
        TICK
    }

    private long count;
    private Cap<Ledger.Msg> ledger;

    /** A ticker at zero. */
    public Ticker() {
    }

    @Override
    public void onStart(final Context<Tick> ctx) {
        ledger = ctx.granted("ledger");
        ctx.every(Duration.ofMillis(ctx.config().longValue("period_ms", 1)), Tick.TICK);
    }

    @Override
    public void onMessage(final Context<Tick> ctx, final Tick message) {
        count++;
        ctx.log("count " + count);
        ctx.send(ledger, new Ledger.Msg.Bump(ctx.name(), count));
        if (count == ctx.config().longValue("ticks", Long.MAX_VALUE)) {
            ctx.shutdown(0);
        }
    }
}
