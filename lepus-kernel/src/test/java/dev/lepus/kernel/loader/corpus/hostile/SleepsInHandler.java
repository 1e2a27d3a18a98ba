package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Sleeps in a handler. Breaks BLOCKING_CALL. */
@Manifest(name = "SleepsInHandler")
public final class SleepsInHandler implements Component<String> {

    /** A fresh instance. */
    public SleepsInHandler() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        try {
            Thread.sleep(5);
        } catch (final InterruptedException ex) {
            ctx.log("interrupted");
        }
    }
}
