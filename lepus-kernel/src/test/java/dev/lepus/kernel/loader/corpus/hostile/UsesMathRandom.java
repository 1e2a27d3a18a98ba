package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Draws from Math.random. Breaks RANDOMNESS. */
@Manifest(name = "UsesMathRandom")
public final class UsesMathRandom implements Component<String> {

    /** A fresh instance. */
    public UsesMathRandom() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("dice: " + Math.random());
    }
}
