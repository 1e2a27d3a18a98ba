package dev.lepus.kernel.loader.corpus.hostile;

import java.util.List;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Runs a parallel stream (the common fork-join pool) without declaring THREADS. Breaks THREADS. */
@Manifest(name = "UsesParallelStream")
public final class UsesParallelStream implements Component<String> {

    /** A fresh instance. */
    public UsesParallelStream() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        ctx.log("count: " + List.of(message, message).parallelStream().count());
    }
}
