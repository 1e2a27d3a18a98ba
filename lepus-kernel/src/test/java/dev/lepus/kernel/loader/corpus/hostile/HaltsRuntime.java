package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Halts the JVM. Breaks PROCESS_CONTROL. */
@Manifest(name = "HaltsRuntime")
public final class HaltsRuntime implements Component<String> {

    /** A fresh instance. */
    public HaltsRuntime() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        Runtime.getRuntime().halt(1);
    }
}
