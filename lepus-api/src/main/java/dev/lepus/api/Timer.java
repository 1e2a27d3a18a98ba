package dev.lepus.api;

/**
 * A timer set by {@link Context#after} or {@link Context#every}.
 *
 * <p>Thread contract: not threadsafe; owned by the kernel thread of the component that set it.
 */
public interface Timer {

    /**
     * Whether the timer will still fire.
     *
     * @return true until it has fired (one-shot) or was cancelled
     */
    boolean isActive();
}
