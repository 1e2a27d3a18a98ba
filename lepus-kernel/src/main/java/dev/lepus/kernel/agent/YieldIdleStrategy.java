package dev.lepus.kernel.agent;

/** Yields the core after every empty cycle. Not threadsafe. */
public final class YieldIdleStrategy implements IdleStrategy {

    @Override
    public void idle(final int workCount, final Agent agent) {
        if (workCount == 0) {
            Thread.yield();
        }
    }
}
