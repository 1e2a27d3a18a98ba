package dev.lepus.kernel.loader.corpus.hostile;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Takes from a blocking queue. Breaks BLOCKING_CALL. */
@Manifest(name = "TakesFromBlockingQueue")
public final class TakesFromBlockingQueue implements Component<String> {

    private final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

    /** A fresh instance. */
    public TakesFromBlockingQueue() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        try {
            ctx.log(queue.take());
        } catch (final InterruptedException ex) {
            ctx.log("interrupted");
        }
    }
}
