package dev.lepus.kernel.loader.corpus.hostile;

import java.util.concurrent.CompletableFuture;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Runs a future on the common pool without declaring THREADS. Breaks THREADS. */
@Manifest(name = "RunsAsyncWithoutThreads")
public final class RunsAsyncWithoutThreads implements Component<String> {

    /** A fresh instance. */
    public RunsAsyncWithoutThreads() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        CompletableFuture.runAsync(() -> { });
    }
}
