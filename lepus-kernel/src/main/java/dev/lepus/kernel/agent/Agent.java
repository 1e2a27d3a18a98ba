package dev.lepus.kernel.agent;

/**
 * A duty-cycle loop. The same agent runs on its own thread ({@link AgentRunner}) or is stepped by hand (tests and
 * simulation call {@link #doWork()} directly).
 *
 * <p>Thread contract: every method is called on one thread, the agent's.
 */
public interface Agent {

    /** Called once on the agent's thread before the first {@link #doWork()}. */
    default void onStart() {
    }

    /**
     * One duty cycle. Never blocks.
     *
     * @return the amount of work done; 0 lets the idle strategy back off
     */
    int doWork();

    /** Called once on the agent's thread after the last {@link #doWork()}. */
    default void onClose() {
    }

    /**
     * A name for threads and reports.
     *
     * @return the role name
     */
    String roleName();

    /**
     * Announces that the agent is about to sleep and checks, after the announcement, whether work arrived. Producers
     * that hand it work check the announcement after publishing and wake it ({@link #wakeUp()}), so no wake-up is
     * lost. Agents that are never put to sleep return false.
     *
     * @return true if the agent may park now; false if work is waiting (the announcement is withdrawn)
     */
    default boolean prepareToSleep() {
        return false;
    }

    /**
     * Sleeps after a successful {@link #prepareToSleep()}, at most {@code maxNs}, until {@link #wakeUp()}. By default
     * the thread parks; an agent that also waits for sockets sleeps in its selector instead, so that either wakes it.
     *
     * @param maxNs the longest sleep
     */
    default void sleep(final long maxNs) {
        java.util.concurrent.locks.LockSupport.parkNanos(maxNs);
    }

    /** Withdraws the announcement of {@link #prepareToSleep()} after waking. */
    default void awake() {
    }

    /** Wakes the agent if it sleeps. Any thread. */
    default void wakeUp() {
    }
}
