package dev.lepus.kernel;

import dev.lepus.api.Timer;
import dev.lepus.kernel.timer.TimerWheel;

/**
 * A timer of a component (a message to deliver to itself, once or periodically) or an ask's timeout.
 *
 * <p>Thread contract: not threadsafe; owned by one kernel thread.
 */
final class KernelTimer extends TimerWheel.Entry implements Timer {

    /** The cell whose event this is. */
    final Cell owner;
    /** The cell's incarnation when set: a restart or a stop makes the timer stale. */
    final int incarnation;
    /** The message to deliver, or null for an ask timeout. */
    final Object message;
    /** The period for a periodic timer, else 0. */
    final long periodNs;
    /** The ask this timer times out, or null. */
    final ReplyEndpoint ask;
    boolean cancelled;
    /** The owner's count of timers set when this one was, for the journal (timer firings are named by it). */
    int number;

    KernelTimer(final Cell owner, final Object message, final long periodNs, final ReplyEndpoint ask) {
        this.owner = owner;
        this.incarnation = owner.incarnation;
        this.message = message;
        this.periodNs = periodNs;
        this.ask = ask;
    }

    @Override
    public boolean isActive() {
        return !cancelled && isScheduled() && owner.incarnation == incarnation;
    }
}
