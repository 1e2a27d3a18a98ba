package dev.lepus.kernel.clock;

/**
 * A monotonic nanosecond clock. A kernel reads it once per duty cycle and passes the value down; nothing in a
 * kernel calls {@code System.nanoTime()} directly.
 *
 * <p>Thread contract: implementations are threadsafe.
 */
@FunctionalInterface
public interface NanoClock {

    /** The host's monotonic clock. */
    NanoClock SYSTEM = System::nanoTime;

    /**
     * The current time.
     *
     * @return nanoseconds from an arbitrary origin
     */
    long nanoTime();
}
