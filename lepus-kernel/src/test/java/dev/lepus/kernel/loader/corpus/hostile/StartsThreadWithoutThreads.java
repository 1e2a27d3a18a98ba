package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Starts a thread without declaring THREADS. Breaks THREADS. */
@Manifest(name = "StartsThreadWithoutThreads")
public final class StartsThreadWithoutThreads implements Component<String> {

    /** A fresh instance. */
    public StartsThreadWithoutThreads() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        new Thread(() -> { }).start();
    }
}
