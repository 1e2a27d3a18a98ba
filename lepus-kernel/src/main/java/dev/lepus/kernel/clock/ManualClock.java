package dev.lepus.kernel.clock;

import java.time.Duration;

/**
 * A virtual clock that moves only when told to: for tests and simulation.
 *
 * <p>Thread contract: threadsafe; the time is a volatile field, written by whoever drives the test.
 */
public final class ManualClock implements NanoClock {

    private volatile long nowNs;

    /**
     * A clock at {@code startNs}.
     *
     * @param startNs the initial time
     */
    public ManualClock(final long startNs) {
        this.nowNs = startNs;
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }

    /**
     * Moves the clock forward.
     *
     * @param delta how far, not negative
     */
    public void advance(final Duration delta) {
        if (delta.isNegative()) {
            throw new IllegalArgumentException("a clock moves forward only: " + delta);
        }
        nowNs += delta.toNanos();
    }

    /**
     * Sets the clock, never backwards.
     *
     * @param timeNs the new time, at least the current one
     */
    public void set(final long timeNs) {
        if (timeNs - nowNs < 0) {
            throw new IllegalArgumentException("a clock moves forward only: " + timeNs + " < " + nowNs);
        }
        nowNs = timeNs;
    }
}
