package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Exits the JVM. Breaks PROCESS_CONTROL. */
@Manifest(name = "CallsSystemExit")
public final class CallsSystemExit implements Component<String> {

    /** A fresh instance. */
    public CallsSystemExit() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        System.exit(3);
    }
}
