package dev.lepus.examples.hello;

import java.time.Duration;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/**
 * Greets, ticks {@code times} times every {@code period_ms} milliseconds, then shuts the system down with exit code 0.
 * Configuration: {@code greeting}, {@code times}, {@code period_ms}.
 */
@Manifest(name = "hello", groups = {ApiGroup.CORE, ApiGroup.TIMERS})
public final class Hello implements Component<Hello.Tick> {

    /** The protocol: a timer tick. */
    public enum Tick {
        /** One tick of the periodic timer. */
        TICK
    }

    private int ticksLeft;
    private int ticks;

    /** A fresh greeter. */
    public Hello() {
    }

    @Override
    public void onStart(final Context<Tick> ctx) {
        ctx.log(ctx.config().string("greeting", "Hello from Lepus!"));
        ticksLeft = ctx.config().intValue("times", 3);
        ctx.every(Duration.ofMillis(ctx.config().longValue("period_ms", 100)), Tick.TICK);
    }

    @Override
    public void onMessage(final Context<Tick> ctx, final Tick message) {
        ticks++;
        ctx.log("tick " + ticks);
        if (--ticksLeft <= 0) {
            ctx.log("goodbye");
            ctx.shutdown(0);
        }
    }
}
