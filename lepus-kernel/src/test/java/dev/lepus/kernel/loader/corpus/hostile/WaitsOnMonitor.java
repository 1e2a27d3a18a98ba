package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Waits on its monitor (and would not even own it). Breaks BLOCKING_CALL. */
@Manifest(name = "WaitsOnMonitor")
public final class WaitsOnMonitor implements Component<String> {

    /** A fresh instance. */
    public WaitsOnMonitor() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        try {
            wait(10);
        } catch (final InterruptedException ex) {
            ctx.log("interrupted");
        }
    }
}
