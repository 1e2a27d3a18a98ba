package dev.lepus.kernel.loader.corpus.hostile;

import java.lang.invoke.MethodHandles;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Makes a method-handle lookup. Breaks REFLECTION. */
@Manifest(name = "UsesMethodHandles")
public final class UsesMethodHandles implements Component<String> {

    /** A fresh instance. */
    public UsesMethodHandles() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log(MethodHandles.lookup().lookupClass().getSimpleName());
    }
}
