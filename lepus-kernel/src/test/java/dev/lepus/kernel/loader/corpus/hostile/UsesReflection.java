package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Reads its own field by reflection. Breaks REFLECTION. */
@Manifest(name = "UsesReflection")
public final class UsesReflection implements Component<String> {

    private int seen;

    /** @return how many messages it has seen */
    public int seen() {
        return seen;
    }

    /** A fresh instance. */
    public UsesReflection() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        try {
            ctx.log(getClass().getDeclaredField("seen").getName());
        } catch (final NoSuchFieldException ex) {
            ctx.log(ex.getMessage());
        }
    }
}
