package dev.lepus.kernel.agent;

/** Busy-spins with {@link Thread#onSpinWait()}: the lowest latency, one core per kernel. Not threadsafe. */
public final class SpinIdleStrategy implements IdleStrategy {

    @Override
    public void idle(final int workCount, final Agent agent) {
        if (workCount == 0) {
            Thread.onSpinWait();
        }
    }
}
