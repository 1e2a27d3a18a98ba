package dev.lepus.kernel.loader.corpus.shared;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Does not declare NET, and calls the socket helper. */
@Manifest(name = "WithoutNet", groups = {ApiGroup.CORE})
public final class WithoutNet implements Component<String> {

    /** A fresh instance. */
    public WithoutNet() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("probe: " + SocketHelper.probe());
    }
}
