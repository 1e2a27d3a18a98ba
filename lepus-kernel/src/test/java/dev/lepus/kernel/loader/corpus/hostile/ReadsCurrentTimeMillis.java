package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Reads the wall clock. Breaks CLOCK. */
@Manifest(name = "ReadsCurrentTimeMillis")
public final class ReadsCurrentTimeMillis implements Component<String> {

    /** A fresh instance. */
    public ReadsCurrentTimeMillis() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("now: " + System.currentTimeMillis());
    }
}
