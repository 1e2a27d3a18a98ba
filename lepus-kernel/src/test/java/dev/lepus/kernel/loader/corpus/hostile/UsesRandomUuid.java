package dev.lepus.kernel.loader.corpus.hostile;

import java.util.UUID;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Makes a random UUID. Breaks RANDOMNESS. */
@Manifest(name = "UsesRandomUuid")
public final class UsesRandomUuid implements Component<String> {

    /** A fresh instance. */
    public UsesRandomUuid() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("id: " + UUID.randomUUID());
    }
}
