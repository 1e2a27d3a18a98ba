package dev.lepus.kernel.loader.corpus.legit;

import java.time.Duration;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.api.Timer;

/** Legit: declares TIMERS and sets timers with ctx.after and ctx.every. */
@Manifest(name = "timers", groups = {ApiGroup.CORE, ApiGroup.TIMERS})
public final class TimerUser implements Component<TimerUser.Tick> {

    /** The protocol. */
    public enum Tick {
        /** Once. */
        ONCE,
        /** Again and again. */
        AGAIN
    }

    private Timer periodic;

    /** A fresh instance. */
    public TimerUser() {
    }

    @Override
    public void onStart(final Context<Tick> ctx) {
        ctx.after(Duration.ofMillis(10), Tick.ONCE);
        periodic = ctx.every(Duration.ofMillis(50), Tick.AGAIN);
    }

    @Override
    public void onMessage(final Context<Tick> ctx, final Tick message) {
        if (message == Tick.AGAIN) {
            ctx.cancel(periodic);
        }
    }
}
