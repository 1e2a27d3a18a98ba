package dev.lepus.kernel.loader.corpus.hostile;

import java.util.Random;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Draws from a java.util.Random, even a seeded one (ctx.random() is the journaled source). Breaks RANDOMNESS. */
@Manifest(name = "UsesSeededRandom")
public final class UsesSeededRandom implements Component<String> {

    /** A fresh instance. */
    public UsesSeededRandom() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("dice: " + new Random(42).nextInt(6));
    }
}
