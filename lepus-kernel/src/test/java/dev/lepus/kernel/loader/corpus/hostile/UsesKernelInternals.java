package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;
import dev.lepus.kernel.KernelLevel;

/** Hostile: reaches into the kernel's own classes instead of going through dev.lepus.api. Breaks INTERNALS. */
@Manifest(name = "UsesKernelInternals")
public final class UsesKernelInternals implements Component<String> {

    /** A fresh instance. */
    public UsesKernelInternals() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("suspends: " + KernelLevel.named(message).canSuspend());
    }
}
