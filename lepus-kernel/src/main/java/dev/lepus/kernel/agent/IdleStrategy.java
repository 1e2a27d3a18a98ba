package dev.lepus.kernel.agent;

/**
 * What an agent's thread does after a duty cycle: nothing after work, and spin, yield or park after an empty cycle.
 * {@code park} sleeps at the first empty cycle, with no spinning: for kernels that share their cores with other busy
 * programs (a server and its clients on one machine), where spinning would take the CPU they need.
 *
 * <p>Thread contract: not threadsafe; one instance per agent thread.
 */
public interface IdleStrategy {

    /**
     * Idles after a duty cycle.
     *
     * @param workCount what the cycle did; 0 means idle
     * @param agent the agent, for the sleep protocol when the strategy parks
     */
    void idle(int workCount, Agent agent);

    /**
     * The strategy named in a system description.
     *
     * @param name {@code spin}, {@code yield}, {@code backoff} or {@code park}
     * @return a new strategy
     * @throws IllegalArgumentException for an unknown name
     */
    static IdleStrategy named(final String name) {
        return switch (name) {
            case "spin" -> new SpinIdleStrategy();
            case "yield" -> new YieldIdleStrategy();
            case "backoff" -> new BackoffIdleStrategy();
            case "park" -> new BackoffIdleStrategy(0, 0, BackoffIdleStrategy.DEFAULT_MAX_PARK_NS,
                BackoffIdleStrategy.DEFAULT_MAX_PARK_NS);
            default -> throw new IllegalArgumentException(
                "unknown idle strategy '" + name + "' (expected spin, yield, backoff or park)");
        };
    }
}
