package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Keeps a static final array, whose elements anyone can change. Breaks MUTABLE_STATIC. */
@Manifest(name = "StaticFinalArray")
public final class StaticFinalArray implements Component<String> {

    private static final int[] TABLE = {1, 2, 3};

    /** A fresh instance. */
    public StaticFinalArray() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("first: " + TABLE[0]);
    }
}
