package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Counts in a static field: shared by every instance on every kernel. Breaks MUTABLE_STATIC. */
@Manifest(name = "MutableStatic")
public final class MutableStatic implements Component<String> {

    private static int handled;

    /** A fresh instance. */
    public MutableStatic() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        handled++;
        ctx.log("handled: " + handled);
    }
}
