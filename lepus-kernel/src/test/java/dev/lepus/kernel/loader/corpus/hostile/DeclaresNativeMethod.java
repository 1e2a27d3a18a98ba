package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Declares a native method. Breaks NATIVE_CODE. */
@Manifest(name = "DeclaresNativeMethod")
public final class DeclaresNativeMethod implements Component<String> {

    /** A fresh instance. */
    public DeclaresNativeMethod() {
    }

    private native void poke();

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        poke();
    }
}
