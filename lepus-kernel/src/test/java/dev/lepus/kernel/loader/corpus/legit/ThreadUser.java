package dev.lepus.kernel.loader.corpus.legit;

import dev.lepus.api.ApiGroup;
import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Legit on L3 and L4: declares THREADS and starts a thread. */
@Manifest(name = "threads", groups = {ApiGroup.CORE, ApiGroup.THREADS})
public final class ThreadUser implements Component<String> {

    /** A fresh instance. */
    public ThreadUser() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        Thread.ofVirtual().start(() -> ctx.log("from a thread: " + message));
    }
}
