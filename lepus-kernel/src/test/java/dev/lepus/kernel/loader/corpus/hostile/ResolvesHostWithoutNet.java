package dev.lepus.kernel.loader.corpus.hostile;

import java.net.InetAddress;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Looks up a host address without declaring NET. Breaks NET. */
@Manifest(name = "ResolvesHostWithoutNet")
public final class ResolvesHostWithoutNet implements Component<String> {

    /** A fresh instance. */
    public ResolvesHostWithoutNet() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log(InetAddress.getLoopbackAddress().getHostName());
    }
}
