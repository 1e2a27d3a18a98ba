package dev.lepus.kernel.loader.corpus.hostile;

import java.util.concurrent.CompletableFuture;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Waits for a future. Breaks BLOCKING_CALL. */
@Manifest(name = "JoinsFuture")
public final class JoinsFuture implements Component<String> {

    /** A fresh instance. */
    public JoinsFuture() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log(CompletableFuture.completedFuture(message).join());
    }
}
