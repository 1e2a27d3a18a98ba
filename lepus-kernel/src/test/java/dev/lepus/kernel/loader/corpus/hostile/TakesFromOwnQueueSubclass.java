package dev.lepus.kernel.loader.corpus.hostile;

import java.util.concurrent.LinkedBlockingQueue;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/**
 * Hostile: takes from a queue class of its own, which inherits {@code take} from {@code LinkedBlockingQueue}: the call
 * names the application's class but lands on the JDK's blocking method. Breaks BLOCKING_CALL.
 */
@Manifest(name = "TakesFromOwnQueueSubclass")
public final class TakesFromOwnQueueSubclass implements Component<String> {

    /** A queue that looks like the application's own. */
    static final class Queue extends LinkedBlockingQueue<String> {
        Queue() {
        }
    }

    private final Queue queue = new Queue();

    /** A fresh instance. */
    public TakesFromOwnQueueSubclass() {
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
