package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Handles messages in a synchronized method. Breaks MONITOR. */
@Manifest(name = "SynchronizedHandler")
public final class SynchronizedHandler implements Component<String> {

    /** A fresh instance. */
    public SynchronizedHandler() {
    }

    @Override
    public synchronized void onMessage(final Context<String> ctx, final String message) {
        ctx.log(message);
    }
}
