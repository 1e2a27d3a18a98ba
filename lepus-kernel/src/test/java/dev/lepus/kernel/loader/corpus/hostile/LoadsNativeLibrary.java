package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Loads a native library. Breaks NATIVE_CODE. */
@SuppressWarnings("restricted")
@Manifest(name = "LoadsNativeLibrary")
public final class LoadsNativeLibrary implements Component<String> {

    /** A fresh instance. */
    public LoadsNativeLibrary() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        System.loadLibrary(message);
    }
}
