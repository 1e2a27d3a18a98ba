package dev.lepus.kernel.loader.corpus.hostile;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Keeps a static final instance of a class with a non-final field. Breaks MUTABLE_STATIC. */
@Manifest(name = "SharedSingleton")
public final class SharedSingleton implements Component<String> {

    private static final Counter COUNTER = new Counter();

    /** A counter with a non-final field. */
    static final class Counter {
        private int count;
    }

    /** A fresh instance. */
    public SharedSingleton() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        COUNTER.count++;
    }
}
