package dev.lepus.kernel.loader.corpus.hostile;

import java.util.concurrent.ThreadLocalRandom;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Draws from ThreadLocalRandom. Breaks RANDOMNESS. */
@Manifest(name = "UsesThreadLocalRandom")
public final class UsesThreadLocalRandom implements Component<String> {

    /** A fresh instance. */
    public UsesThreadLocalRandom() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("dice: " + ThreadLocalRandom.current().nextInt(6));
    }
}
