package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Handles messages in a synchronized block. Breaks MONITOR. */
@Manifest(name = "SynchronizedBlock")
public final class SynchronizedBlock implements Component<String> {

    private int count;

    /** A fresh instance. */
    public SynchronizedBlock() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        synchronized (this) {
            count++;
        }
    }
}
