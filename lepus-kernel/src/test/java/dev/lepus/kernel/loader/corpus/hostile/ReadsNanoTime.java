package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Reads the JVM's nanosecond clock. Breaks CLOCK. */
@Manifest(name = "ReadsNanoTime")
public final class ReadsNanoTime implements Component<String> {

    /** A fresh instance. */
    public ReadsNanoTime() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("now: " + System.nanoTime());
    }
}
