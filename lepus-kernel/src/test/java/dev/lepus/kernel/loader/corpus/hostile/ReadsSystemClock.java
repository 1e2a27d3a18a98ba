package dev.lepus.kernel.loader.corpus.hostile;

import java.time.Clock;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Reads the system clock object. Breaks CLOCK. */
@Manifest(name = "ReadsSystemClock")
public final class ReadsSystemClock implements Component<String> {

    /** A fresh instance. */
    public ReadsSystemClock() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("now: " + Clock.systemUTC().millis());
    }
}
