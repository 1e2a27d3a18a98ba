package dev.lepus.kernel.checkpoint;

/**
 * What a check point does when it fires: called by {@link CheckPoint#poll()} on the thread that owns the
 * {@link Poller}, in the middle of component code, when the poller was {@linkplain Poller#request() requested} or its
 * {@linkplain Poller#everyNth(int) countdown} ran out.
 *
 * <p>Thread contract: called only on the thread the poller is registered on, nested inside whatever component code
 * reached the check point. An exception or error thrown here propagates out of {@code poll()} into that component
 * code and unwinds it: this is how a watchdog aborts a runaway handler.
 */
@FunctionalInterface
public interface CheckPointHandler {

    /**
     * Runs at a check point that fired. The request (if any) is already consumed, with acquire ordering: whatever the
     * requester wrote before {@link Poller#request()} is visible here. Re-read the state that decides what to do (the
     * kernel's queues, the clock, the watchdog's verdict): the request may be stale, and a countdown firing carries no
     * information at all.
     */
    void onCheckPoint();
}
