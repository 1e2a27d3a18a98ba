package dev.lepus.kernel.loader.corpus.hostile;

import java.util.concurrent.locks.ReentrantLock;

import dev.lepus.api.Component;
import dev.lepus.api.Context;
import dev.lepus.api.Manifest;

/** Hostile: Takes a lock. Breaks BLOCKING_CALL. */
@Manifest(name = "LocksReentrantLock")
public final class LocksReentrantLock implements Component<String> {

    private final ReentrantLock lock = new ReentrantLock();

    /** A fresh instance. */
    public LocksReentrantLock() {
    }

    @Override
    public void onMessage(final Context<String> ctx, final String message) {
        lock.lock();
        try {
            ctx.log(message);
        } finally {
            lock.unlock();
        }
    }
}
