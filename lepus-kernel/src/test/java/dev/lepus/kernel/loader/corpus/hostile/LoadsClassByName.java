package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Loads a class by name. Breaks REFLECTION. */
@Manifest(name = "LoadsClassByName")
public final class LoadsClassByName implements Component<String> {

    /** A fresh instance. */
    public LoadsClassByName() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        try {
            ctx.log(Class.forName(message).getSimpleName());
        } catch (final ClassNotFoundException ex) {
            ctx.log(ex.getMessage());
        }
    }
}
