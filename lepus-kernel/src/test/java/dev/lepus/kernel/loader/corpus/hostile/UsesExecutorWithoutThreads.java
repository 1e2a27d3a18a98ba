package dev.lepus.kernel.loader.corpus.hostile;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Makes an executor without declaring THREADS. Breaks THREADS. */
@Manifest(name = "UsesExecutorWithoutThreads")
public final class UsesExecutorWithoutThreads implements Component<String> {

    /** A fresh instance. */
    public UsesExecutorWithoutThreads() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        final ExecutorService executor = Executors.newSingleThreadExecutor();
        executor.shutdown();
    }
}
