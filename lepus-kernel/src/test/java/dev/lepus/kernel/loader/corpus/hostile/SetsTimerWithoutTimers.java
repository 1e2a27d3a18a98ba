package dev.lepus.kernel.loader.corpus.hostile;

import java.time.Duration;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Sets a timer, but its manifest declares only CORE. Breaks TIMERS. */
@Manifest(name = "SetsTimerWithoutTimers")
public final class SetsTimerWithoutTimers implements Component<String> {

    /** A fresh instance. */
    public SetsTimerWithoutTimers() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.after(Duration.ofMillis(5), message);
    }
}
