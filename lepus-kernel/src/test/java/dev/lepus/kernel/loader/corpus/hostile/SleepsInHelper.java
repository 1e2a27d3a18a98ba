package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: its own code is clean, but a helper class it calls sleeps. Breaks BLOCKING_CALL (in the helper). */
@Manifest(name = "SleepsInHelper")
public final class SleepsInHelper implements Component<String> {

    /** A fresh instance. */
    public SleepsInHelper() {
    }

    /** Pauses. */
    static final class Helper {
        private Helper() {
        }

        static void pause() {
            try {
                Thread.sleep(1);
            } catch (final InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        Helper.pause();
        ctx.log(message);
    }
}
