package dev.lepus.kernel.loader.corpus.shared;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Declares NET, and calls the socket helper. */
@Manifest(name = "WithNet", groups = {ApiGroup.CORE, ApiGroup.NET})
public final class WithNet implements Component<String> {

    /** A fresh instance. */
    public WithNet() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("probe: " + SocketHelper.probe());
    }
}
