package dev.lepus.kernel;

/**
 * What a kernel counts. Every field has one writer, the kernel thread, which increments it with a plain store; other
 * threads may read a slightly stale value (64-bit reads do not tear on the JVMs Lepus supports). The SQL view of a
 * later issue reads these.
 *
 * <p>Thread contract: written by the kernel thread only; readable from any thread.
 */
public final class KernelCounters {
    /** Events handed to components. */
    public long delivered;
    /** Messages put on a channel to another kernel. */
    public long sentRemote;
    /** Sends refused because a mailbox or a channel was full. */
    public long refusedFull;
    /** Sends refused because the receiver had stopped. */
    public long refusedStopped;
    /** Sends refused because the cap lacked a right (send; grant for messages with caps). */
    public long refusedDenied;
    /** Sends refused because the cap was revoked. */
    public long refusedRevoked;
    /** Messages accepted before a revoke and dropped at delivery because their cap was revoked. */
    public long revokedAtDelivery;
    /** Times a channel entry was left in place because its receiver's mailbox was full. */
    public long backpressure;
    /** Messages accepted but not delivered because the receiver stopped first. */
    public long deadLetters;
    /** Messages left in mailboxes at shutdown. */
    public long undeliveredAtShutdown;
    /** Kernel notices still waiting for channel room at shutdown. */
    public long pendingNoticesAtShutdown;
    /** Kernel notices that could not be queued (the notice queue was full). */
    public long noticesLost;
    /** Replies that came after their ask completed or timed out. */
    public long lateReplies;
    /** Asks that timed out. */
    public long askTimeouts;
    /** Timer firings delivered. */
    public long timerFirings;
    /** Periodic timers that fell more than a period behind and skipped ahead. */
    public long timerOverruns;
    /** Handlers that threw. */
    public long failures;
    /** Restarts by supervision. */
    public long restarts;
    /** Times a component was deferred to its budget's next period. */
    public long budgetDeferrals;
    /** Periods in which a handler pushed a budget's usage past its limit. */
    public long budgetOverruns;
    /** Components stopped. */
    public long stopped;

    /**
     * A one-line summary.
     *
     * @return the counters that are not zero
     */
    @Override
    public String toString() {
        return "delivered=" + delivered + " sentRemote=" + sentRemote + " refusedFull=" + refusedFull
            + " refusedStopped=" + refusedStopped + " backpressure=" + backpressure + " deadLetters=" + deadLetters
            + " failures=" + failures + " restarts=" + restarts + " askTimeouts=" + askTimeouts
            + " lateReplies=" + lateReplies + " timerFirings=" + timerFirings;
    }
    /** Handlers the watchdog stopped at a check point. */
    public long watchdogStops;
    /** L2: nested dispatches of higher-priority events at check points. */
    public long nestedDispatches;
    /** L3: handlers that yielded at a check point at the end of their time slice. */
    public long preemptions;
    /** Connections accepted (and handed over to this kernel). */
    public long netAccepted;
    /** Connections refused at accept because their listener had its maximum open. */
    public long netRefusedConnections;
    /** Connections closed. */
    public long netClosed;
    /** Bytes read from sockets. */
    public long netBytesRead;
    /** Bytes written to sockets. */
    public long netBytesWritten;
    /** Writes refused because a connection's output queue was full. */
    public long netWritesRefused;
    /** Connections closed because their unconsumed input passed the limit. */
    public long netInputLimits;
    /** Connections closed by their idle timeout. */
    public long netIdleTimeouts;
}
