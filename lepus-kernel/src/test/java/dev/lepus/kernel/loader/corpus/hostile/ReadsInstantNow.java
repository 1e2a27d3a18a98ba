package dev.lepus.kernel.loader.corpus.hostile;

import java.time.Instant;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Reads the wall clock as an instant. Breaks CLOCK. */
@Manifest(name = "ReadsInstantNow")
public final class ReadsInstantNow implements Component<String> {

    /** A fresh instance. */
    public ReadsInstantNow() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("now: " + Instant.now());
    }
}
